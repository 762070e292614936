"""The Reports page: the draft under disclosure control for every role, publishing for roles
with ``report.publish``, the published reports as they went out; the package handed out
verifies offline. Real vault, real app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from fastapi.testclient import TestClient
from intake_helpers import VIEWER, VIEWER_PASS
from web_helpers import ADMIN, ADMIN_PASS, GRANTED_NAME, OTHER_NAME, sign_in


def test_every_role_sees_the_draft_and_no_name(outsider_client: TestClient) -> None:
    sign_in(outsider_client, VIEWER, VIEWER_PASS)
    page = outsider_client.get("/reports")
    assert page.status_code == 200
    assert 'id="report-draft"' in page.text and 'id="report-publish"' not in page.text
    assert 'id="report-none"' in page.text
    draft = outsider_client.get("/reports/draft")
    assert draft.status_code == 200 and "<script" not in draft.text
    # two victims: both under the threshold, so hidden, and no name anywhere
    assert "&lt;5" in draft.text
    for name in (GRANTED_NAME, OTHER_NAME):
        assert name not in page.text and name not in draft.text
    csrf = sign_in(outsider_client, VIEWER, VIEWER_PASS)
    refused = outsider_client.post("/reports/publish", data={"csrf_token": csrf})
    assert refused.status_code == 403


def test_the_draft_speaks_the_pages_language(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, VIEWER, VIEWER_PASS)
    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf, "next": "/"})
    draft = outsider_client.get("/reports/draft")
    assert '<html lang="ru">' in draft.text
    assert "Задокументированные преследования" in draft.text
    assert "Отчёты" in outsider_client.get("/reports").text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_admin_publishes_and_the_package_verifies(
    client: TestClient, cli: CliRunner, tmp_path: Path
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    assert 'id="report-publish"' in client.get("/reports").text
    answer = client.post("/reports/publish", data={"csrf_token": csrf})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/zip"
    package = tmp_path / "report.zip"
    package.write_bytes(answer.content)
    checked = cli("verify", package)
    assert "integrity checked" in (checked.out + checked.err)  # no trusted key given
    assert "FAIL" not in checked.out
    # the page now shows the report as published, from what was stored
    page = client.get("/reports").text
    item = checked.out.split("item ")[1].split(":")[0]
    assert f'id="published-{item}"' in page and 'id="report-none"' not in page
    shown = page.split(f'id="published-{item}"')[1].split("<strong>")[1].split("</strong>")[0]
    assert shown == "&lt;5"
