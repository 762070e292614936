"""An evidence item's custody chain says its details in the reader's language (walkday8).

Walking the lawyer's job in Russian, a published report's custody chain read "Подробности:
copy: original; kind: report", the ledger's codes shown as they are kept. Real vault, real app.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import evidence, vaults


def _details(page: str) -> list[str]:
    """The Details cell of each custody event, as text."""
    cells = re.findall(r'<td data-label="[^"]*">((?:(?!<td).)*?)</td>\s*</tr>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def test_the_custody_chain_says_its_details_in_russian(
    client: TestClient, web_vault: WebVault, tmp_path: Path
) -> None:
    statement = tmp_path / "statement.txt"
    statement.write_text("synthetic statement", encoding="utf-8")
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        item = evidence.add_evidence(admin, statement).id
        evidence.export_evidence(admin, item, tmp_path / "package.zip")  # the original
        evidence.hand_over(admin, item, "Тестовый суд")  # synthetic
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": csrf, "next": "/"})
    details = _details(client.get(f"/evidence/{item}").text)
    assert "копия: оригинал" in details
    assert "кому передан: Тестовый суд" in details
    assert not [d for d in details if re.search(r"\b(copy|original|to):", d)]
