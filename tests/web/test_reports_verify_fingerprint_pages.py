"""The Reports page names the fingerprint ``uncounted verify`` takes (walkday8).

A lawyer checking a downloaded report.zip offline read "anyone can check it offline with
uncounted verify" and, under the report, "Fingerprint of its tables (SHA-256)"; given that one,
``verify --fingerprint`` answered "it was signed by someone else". The page now gives the
command with the organisation's key fingerprint. Real vault, real app, real ``verify``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from fastapi.testclient import TestClient
from report_helpers import LEAKY_ADMIN, LEAKY_PASS, VEDENO, add_victims
from vault_copies import VaultCopies
from web_helpers import sign_in

from uncounted.services import reports, vaults
from uncounted.web import WebSettings, app_for_vault


def _published_vault(path: Path) -> bytes:
    """A vault of one group of victims with one report published; the package's bytes."""
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(admin, (("detention", "2017-03", VEDENO, 12),))
        reports.publish_report(admin, path.parent / "report.zip", {"en": str}, pdf=False)
    return (path.parent / "report.zip").read_bytes()


@pytest.fixture
def published(tmp_path: Path, vault_copies: VaultCopies) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path / "vault"
    package = tmp_path / "downloaded.zip"
    package.write_bytes(vault_copies.copy(_published_vault, path))
    with TestClient(app_for_vault(WebSettings(vault=path)), base_url="http://127.0.0.1") as client:
        sign_in(client, LEAKY_ADMIN, LEAKY_PASS)
        yield client, package


def _said(page: str, marker: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.split(marker)[1].split("</p>")[0]))


def test_the_fingerprint_the_reports_page_gives_verifies_the_report(
    published: tuple[TestClient, Path], cli: CliRunner
) -> None:
    client, package = published
    page = client.get("/reports").text
    said = _said(page, 'id="report-verify"')
    assert "not a report's fingerprint of its tables" in said
    assert "The vault's published head" in said and 'href="/vault"' in page
    given = re.search(r'--fingerprint "([0-9a-f ]+)"', said)
    assert given is not None, said
    checked = cli("verify", package, "--fingerprint", given.group(1))
    assert checked.code == 0 and "Result: VERIFIED" in checked.out
    # the tables' fingerprint shown under the report is not the one to give
    tables = _said(page, 'class="report-fingerprint"').rsplit(":", 1)[1].strip()
    refused = cli("verify", package, "--fingerprint", tables)
    assert refused.code == 1 and "signed by someone else" in refused.err


def test_the_reports_page_says_it_in_russian(published: tuple[TestClient, Path]) -> None:
    client, _ = published
    csrf = sign_in(client, LEAKY_ADMIN, LEAKY_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": csrf, "next": "/"})
    said = _said(client.get("/reports").text, 'id="report-verify"')
    assert "отпечаток ключа организации" in said
    assert "«Опубликованная вершина журнала хранилища»" in said
