"""Assistance cases on the real app: workflow, follow-ups due, sealed summaries, roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from intake_helpers import OUTSIDER, OUTSIDER_PASS, VIEWER, VIEWER_PASS, add_outsiders
from web_helpers import ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.web import WebSettings, app_for_vault

SUMMARY = "Needs to leave by the end of the week; the family is not to know."  # synthetic


@pytest.fixture
def site(web_vault: WebVault) -> Iterator[TestClient]:
    add_outsiders(web_vault.path)
    app = app_for_vault(WebSettings(vault=web_vault.path))
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


def _open(site: TestClient, csrf: str, name: str, follow_up: str) -> str:
    response = site.post(
        "/cases",
        data={
            "csrf_token": csrf,
            "case_id": name,
            "needs": ["shelter", "documents"],
            "follow_up": follow_up,
            "summary": SUMMARY,
        },
    )
    assert response.status_code == 200, response.text
    return response.text


def _move(site: TestClient, csrf: str, name: str, status: str) -> int:
    data = {"csrf_token": csrf, "name": name, "status": status}
    return site.post("/cases/status", data=data).status_code


def test_a_case_follows_its_workflow_and_leaves_the_follow_up_list(site: TestClient) -> None:
    csrf = sign_in(site, ANALYST, ANALYST_PASS)
    page = _open(site, csrf, "evac-1", dt.date.today().isoformat())
    assert "Request received" in page and SUMMARY in page
    due = site.get("/cases").text.split('id="all-heading"', 1)[0]
    assert "evac-1" in due
    assert _move(site, csrf, "evac-1", "relocated") == 400  # assessment comes first
    for status, label in (
        ("assessed", "Assessed"),
        ("in_progress", "In progress"),
        ("relocated", "Relocated"),
    ):
        assert _move(site, csrf, "evac-1", status) == 200
        case_page = site.get("/cases/view", params={"name": "evac-1"}).text
        assert f'<dd class="status">{label}' in case_page
    due = site.get("/cases").text.split('id="all-heading"', 1)[0]
    assert "evac-1" not in due
    assert _move(site, csrf, "evac-1", "closed") == 200
    assert _move(site, csrf, "evac-1", "in_progress") == 400  # closed is final


def test_a_future_follow_up_is_not_due_and_can_be_changed(site: TestClient) -> None:
    csrf = sign_in(site, ANALYST, ANALYST_PASS)
    _open(site, csrf, "shelter-2", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    assert "shelter-2" not in site.get("/cases").text.split('id="all-heading"', 1)[0]
    response = site.post(
        "/cases/update",
        data={
            "csrf_token": csrf,
            "name": "shelter-2",
            "needs": ["medical"],
            "follow_up": dt.date.today().isoformat(),
        },
    )
    assert response.status_code == 200
    details = response.text.split("<dl>", 1)[1].split("</dl>", 1)[0]
    assert "Medical care" in details and "Shelter" not in details
    assert "shelter-2" in site.get("/cases").text.split('id="all-heading"', 1)[0]
    bad = site.post(
        "/cases/update", data={"csrf_token": csrf, "name": "shelter-2", "follow_up": "soon"}
    )
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.text


def test_the_summary_is_sealed_from_users_without_the_case(site: TestClient) -> None:
    csrf = sign_in(site, ANALYST, ANALYST_PASS)
    _open(site, csrf, "docs-3", "")
    site.post("/signout", data={"csrf_token": csrf})
    sign_in(site, OUTSIDER, OUTSIDER_PASS)
    page = site.get("/cases/view", params={"name": "docs-3"}).text
    assert SUMMARY not in page
    assert "The summary is sealed" in page


def test_a_viewer_sees_cases_but_cannot_move_them(site: TestClient) -> None:
    csrf = sign_in(site, ANALYST, ANALYST_PASS)
    _open(site, csrf, "evac-4", "")
    site.post("/signout", data={"csrf_token": csrf})
    csrf = sign_in(site, VIEWER, VIEWER_PASS)
    page = site.get("/cases/view", params={"name": "evac-4"}).text
    assert "Request received" in page
    assert 'action="/cases/status"' not in page
    assert _move(site, csrf, "evac-4", "assessed") == 403
    assert "Request received" in site.get("/cases/view", params={"name": "evac-4"}).text


def test_an_unknown_case_is_not_found_and_a_taken_name_is_refused(site: TestClient) -> None:
    csrf = sign_in(site, ANALYST, ANALYST_PASS)
    assert site.get("/cases/view", params={"name": "nope"}).status_code == 404
    response = site.post("/cases", data={"csrf_token": csrf, "case_id": "case-a"})
    assert response.status_code == 400
    assert "already exists" in response.text
