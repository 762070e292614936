"""The case page's "Package the case's evidence" (issue 13, item 5): a role allowed to export
gets one verifiable package of the case's files for the recipient it names, recorded in the
custody chain; a role that may not export sees no form and is refused. Real app, real vault."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from cli_helpers import CliRunner
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, case_url, sign_in

from uncounted.services import evidence, vaults

RECIPIENT = "Synthetic Weekly, Anna Reporterova"


def test_the_case_package_is_handed_out_and_its_recipient_recorded(
    client: TestClient, web_vault: WebVault, cli: CliRunner, tmp_path: Path
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    case_a = case_url(client, "case-a")
    sent = client.post(
        "/evidence",
        data={
            "csrf_token": token,
            "back": case_a,
            "record": web_vault.granted_id,
            "kind-0": "document",
            "description-0": "Summons to the district police, synthetic",
        },
        files=[("file", ("summons.txt", b"synthetic summons\n" * 8, "text/plain"))],
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:300]
    page = client.get(case_a).text
    assert 'id="case-package"' in page
    answer = client.post(
        "/cases/package", data={"csrf_token": token, "name": "case-a", "to": RECIPIENT}
    )
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/zip"
    package = tmp_path / "case.zip"
    package.write_bytes(answer.content)
    checked = cli("verify", package)
    assert "integrity checked" in checked.out + checked.err and "FAIL" not in checked.out
    assert f"to {RECIPIENT}" in checked.out
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert "Summons to the district police" in archive.read("summary-ru.html").decode()
    [item] = [entry["item_id"] for entry in manifest["items"]]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        last = evidence.custody_chain(admin, item)[-1]
    assert last.action == "exported" and last.detail["to"] == RECIPIENT


def test_a_role_that_may_not_export_gets_no_form_and_a_refusal(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)  # a caseworker: adds evidence, exports none
    page = client.get(case_url(client, "case-a")).text
    assert 'id="case-package"' not in page
    refused = client.post(
        "/cases/package", data={"csrf_token": token, "name": "case-a", "to": RECIPIENT}
    )
    assert refused.status_code == 403
