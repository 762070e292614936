"""The Users page: remove a user for good, reset a lost passphrase; a role changed outside the
web app ends the user's session; the API's revoke takes the recovery secret. en and ru."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient
from web_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    GRANTED_NAME,
    WebVault,
    sign_in,
    user_url,
)

from uncounted.errors import AccessDenied
from uncounted.services import audit, users, vaults

NEW = "a reset passphrase for boris"
OWN = "words boris alone chose later"


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def _second_client(client: TestClient) -> TestClient:
    return TestClient(client.app, base_url="http://127.0.0.1")


def test_an_admin_removes_a_user_after_being_told_what_they_lose(
    client: TestClient, web_vault: WebVault
) -> None:
    with _second_client(client) as worker:
        sign_in(worker, ANALYST, ANALYST_PASS)
        assert GRANTED_NAME in worker.get(f"/records/{web_vault.granted_id}").text
        token = sign_in(client, ADMIN, ADMIN_PASS)
        confirm = _text(client.get(user_url(client, "remove", ANALYST)).text)
        assert "boris will be signed out at once and can never sign in again" in confirm
        assert "Cases they lose, which get a new key: case-a." in confirm
        assert "No form they were typing is lost: none is open." in confirm  # not "0 forms"
        assert worker.get("/", follow_redirects=False).status_code == 200  # looking did nothing
        client.post("/language", data={"language": "ru", "csrf_token": token})
        russian = _text(client.get(user_url(client, "remove", ANALYST)).text)
        assert (
            "Учётная запись boris будет удалена: открытые сеансы завершатся сразу, и войти с"
            " ней больше никогда не получится" in russian
        )
        assert "Удалить навсегда" in russian
        done = client.post("/admin/users/remove", data={"user": ANALYST, "csrf_token": token})
        assert "Учётная запись удалена навсегда" in done.text
        assert 'id="user-boris"' not in done.text
        assert worker.get("/", follow_redirects=False).status_code == 303  # signed out at once
    with pytest.raises(AccessDenied):
        vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        entries = audit.audit_trail(admin, 20, 0, action="user.remove")
    assert [(e.user, e.target) for e in entries] == [(ADMIN, ANALYST)]


def test_a_reset_passphrase_signs_in_only_to_be_changed(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _text(client.get(user_url(client, "reset", ANALYST)).text)
    assert "For boris, who lost their passphrase. Their keys, cases and drafts are kept" in page
    wrong = client.post(
        "/admin/users/reset",
        data={
            "user": ANALYST,
            "recovery_secret": "ABCD",
            "passphrase": NEW,
            "again": NEW,
            "csrf_token": token,
        },
    )
    assert wrong.status_code == 403
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS):
        pass  # nothing changed
    form = {
        "user": ANALYST,
        "recovery_secret": web_vault.recovery_secret,
        "passphrase": NEW,
        "again": NEW,
    }
    done = client.post("/admin/users/reset", data={**form, "csrf_token": token})
    assert "The passphrase was reset" in done.text
    with _second_client(client) as boris:
        boris.cookies.set("uncounted_language", "ru")
        own = sign_in(boris, ANALYST, NEW)
        forced = boris.get(f"/records/{web_vault.granted_id}")
        assert forced.url.path == "/account/passphrase"
        assert "Вашу парольную фразу выбрал администратор" in _text(forced.text)
        assert GRANTED_NAME not in forced.text
        boris.post(
            "/account/passphrase",
            data={"current": NEW, "new": OWN, "again": OWN, "csrf_token": own},
        )
        assert GRANTED_NAME in boris.get(f"/records/{web_vault.granted_id}").text  # keys kept
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        entries = audit.audit_trail(admin, 20, 0, action="user.reset")
    assert [(e.user, e.target) for e in entries] == [(ADMIN, ANALYST)]


def test_a_role_changed_outside_the_web_app_ends_the_session(
    client: TestClient, web_vault: WebVault
) -> None:
    sign_in(client, ANALYST, ANALYST_PASS)
    assert client.get("/", follow_redirects=False).status_code == 200
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:  # as the CLI does
        users.change_role(admin, ANALYST, "viewer")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_api_takes_a_case_from_its_last_holder_only_with_the_recovery_secret(
    client: TestClient, web_vault: WebVault
) -> None:
    response = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
    header = {"X-CSRF-Token": response.json()["csrf_token"]}
    # case-b is held by the admin alone
    body = {"case": "case-b", "user": ADMIN}
    refused = client.post("/api/grants/revoke", json=body, headers=header)
    assert refused.status_code == 400
    assert "last holder" in refused.json()["error"]["message"]
    wrong = client.post(
        "/api/grants/revoke", json={**body, "recovery_secret": "ABCD-EFGH"}, headers=header
    )
    assert wrong.status_code == 403
    done = client.post(
        "/api/grants/revoke",
        json={**body, "recovery_secret": web_vault.recovery_secret},
        headers=header,
    )
    assert done.status_code == 200, done.text
    access = {row["case"]: row["granted"] for row in client.get("/api/grants").json()}
    assert access["case-b"] == []
