"""Assistance cases on the real app: workflow, follow-ups due, sealed summaries, roles."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from intake_helpers import OUTSIDER, OUTSIDER_PASS, VIEWER, VIEWER_PASS
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, case_url, sign_in

from uncounted.services import grants, vaults

SUMMARY = "Needs to leave by the end of the week; the family is not to know."  # synthetic


def _open(outsider_client: TestClient, csrf: str, name: str, follow_up: str) -> str:
    response = outsider_client.post(
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


def _move(outsider_client: TestClient, csrf: str, name: str, status: str) -> int:
    data = {"csrf_token": csrf, "name": name, "status": status}
    return outsider_client.post("/cases/status", data=data).status_code


def test_a_case_follows_its_workflow_and_leaves_the_follow_up_list(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    page = _open(outsider_client, csrf, "evac-1", dt.date.today().isoformat())
    assert "Request received" in page and SUMMARY in page
    due = outsider_client.get("/cases").text.split('id="all-heading"', 1)[0]
    assert "evac-1" in due
    assert _move(outsider_client, csrf, "evac-1", "relocated") == 400  # assessment comes first
    for status, label in (
        ("assessed", "Assessed"),
        ("in_progress", "In progress"),
        ("relocated", "Relocated"),
    ):
        assert _move(outsider_client, csrf, "evac-1", status) == 200
        case_page = outsider_client.get(case_url(outsider_client, "evac-1")).text
        assert f'<dd class="status">{label}' in case_page
    due = outsider_client.get("/cases").text.split('id="all-heading"', 1)[0]
    assert "evac-1" not in due
    data = {"csrf_token": csrf, "name": "evac-1", "status": "closed", "confirm": "yes"}
    assert outsider_client.post("/cases/status", data=data).status_code == 200
    assert _move(outsider_client, csrf, "evac-1", "in_progress") == 400  # reopened, not moved


def test_a_future_follow_up_is_not_due_and_can_be_changed(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    _open(outsider_client, csrf, "shelter-2", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    assert "shelter-2" not in outsider_client.get("/cases").text.split('id="all-heading"', 1)[0]
    response = outsider_client.post(
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
    assert "shelter-2" in outsider_client.get("/cases").text.split('id="all-heading"', 1)[0]
    bad = outsider_client.post(
        "/cases/update", data={"csrf_token": csrf, "name": "shelter-2", "follow_up": "soon"}
    )
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.text


def test_the_summary_is_sealed_from_users_without_the_case(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    _open(outsider_client, csrf, "docs-3", "")
    outsider_client.post("/signout", data={"csrf_token": csrf})
    sign_in(outsider_client, OUTSIDER, OUTSIDER_PASS)
    page = outsider_client.get(case_url(outsider_client, "docs-3")).text
    assert SUMMARY not in page
    assert "The summary is sealed" in page


def test_a_viewer_sees_cases_but_cannot_move_them(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    _open(outsider_client, csrf, "evac-4", "")
    outsider_client.post("/signout", data={"csrf_token": csrf})
    csrf = sign_in(outsider_client, VIEWER, VIEWER_PASS)
    page = outsider_client.get(case_url(outsider_client, "evac-4")).text
    assert "Request received" in page
    assert 'action="/cases/status"' not in page
    assert _move(outsider_client, csrf, "evac-4", "assessed") == 403
    assert "Request received" in outsider_client.get(case_url(outsider_client, "evac-4")).text


def test_an_unknown_case_is_not_found_and_a_taken_name_is_refused(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    unknown = outsider_client.get("/cases/999999")  # an address of no case: said so, in words
    assert unknown.status_code == 404
    assert "There is no case number 999999 in this vault" in unknown.text
    for number in ("nope", "0", "1" * 30, "%D9%A3"):  # no number at all (an Arabic-Indic 3)
        unknown = outsider_client.get(f"/cases/{number}")
        assert unknown.status_code == 404
        assert "This address holds no case number; open the case from the Cases page" in (
            unknown.text
        )
    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    assert "Дела номер 999999 в этом хранилище нет" in outsider_client.get("/cases/999999").text
    outsider_client.post("/language", data={"language": "en", "csrf_token": csrf})
    response = outsider_client.post("/cases", data={"csrf_token": csrf, "case_id": "case-a"})
    assert response.status_code == 400
    assert "already exists" in response.text


def test_an_admin_not_granted_a_case_is_offered_no_move(
    client: TestClient, web_vault: WebVault
) -> None:
    """An administrator who does not hold a case saw 'Move to' buttons the vault then refused
    (seen walking the admin's job); the page offers only what the user may do, and says why."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        grants.revoke(admin, "case-a", ADMIN)  # the caseworker keeps it
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    page = client.get(case_url(client, "case-a")).text
    assert "Move to:" not in page and 'action="/cases/update"' not in page
    assert "This case is not granted to you" in page
    assert _move(client, csrf, "case-a", "assessed") == 403
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    assert "У вас нет доступа к этому делу" in client.get(case_url(client, "case-a")).text
    client.post("/language", data={"language": "en", "csrf_token": csrf})
    client.post("/signout", data={"csrf_token": csrf})
    sign_in(client, ANALYST, ANALYST_PASS)  # the caseworker granted it: offered every move
    page = client.get(case_url(client, "case-a")).text
    assert "Move to:" in page and "not granted to you" not in page
