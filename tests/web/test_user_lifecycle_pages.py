"""The Users page: change a role, deactivate after a confirmation, reactivate; en and ru."""

from __future__ import annotations

import html
import re

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
from uncounted.services import users, vaults

AGAIN = "boris is back with this passphrase"


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def test_an_admin_changes_a_role_deactivates_and_reactivates(
    client: TestClient, web_vault: WebVault
) -> None:
    worker = TestClient(client.app, base_url="http://127.0.0.1")
    sign_in(worker, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in worker.get(f"/records/{web_vault.granted_id}").text
    token = sign_in(client, ADMIN, ADMIN_PASS)
    changed = client.post(
        "/admin/users/role", data={"user": ANALYST, "role": "viewer", "csrf_token": token}
    )
    assert "The role was changed" in changed.text
    assert worker.get("/", follow_redirects=False).status_code == 303  # signed out at once
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS) as boris:
        assert boris.user.role.value == "viewer"
    deactivate = user_url(client, "deactivate", ANALYST)  # by number, never the name
    confirm = _text(client.get(deactivate).text)
    assert "boris will be signed out at once and can no longer sign in" in confirm
    assert "Cases they hold, which get a new key: case-a." in confirm
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS):
        pass  # looking changed nothing
    done = client.post("/admin/users/deactivate", data={"user": ANALYST, "csrf_token": token})
    assert "The user was deactivated" in done.text
    assert "deactivated" in done.text and "Reactivate" in done.text
    with pytest.raises(AccessDenied):
        vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    back = client.post(
        "/admin/users/reactivate",
        data={"user": ANALYST, "passphrase": AGAIN, "again": AGAIN, "csrf_token": token},
    )
    assert "Учётная запись снова включена" in back.text
    with vaults.unlock(web_vault.path, ANALYST, AGAIN) as boris:
        assert boris.user.name == ANALYST
    russian = _text(client.get(deactivate).text)
    # no gender assumed of a user (searchpriv: «будет выведен», «его», «У него»)
    assert "Учётная запись boris будет отключена" in russian
    assert "Дел у пользователя нет." in russian
    assert not re.search(r"\b(?:его|ему|него|он|выведен)\b", russian.split("<main")[-1])
    own = client.post(
        "/admin/users/role", data={"user": ADMIN, "role": "viewer", "csrf_token": token}
    )
    assert own.status_code == 400
    assert "Нельзя изменить собственную роль" in own.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert {u.name: u.role.value for u in users.list_users(admin)}[ADMIN] == "admin"


def test_a_caseworker_cannot_change_roles_or_deactivate(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    for url, data in (
        ("/admin/users/role", {"user": ADMIN, "role": "viewer"}),
        ("/admin/users/deactivate", {"user": ADMIN}),
        ("/admin/users/reactivate", {"user": ADMIN, "passphrase": AGAIN}),
    ):
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 403, url
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert admin.user.role.value == "admin"
