"""Panic after N set on the Vault page (en, ru): confirmed, stored in the vault, audited, in
force at once and after a restart; ``serve --panic-after`` wins over it; admins only."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, post_sign_in, sign_in

from uncounted.errors import AccessDenied
from uncounted.services import audit, vaults
from uncounted.web import WebSettings, app_for_vault


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def _app(web_vault: WebVault, option: int | None = None) -> TestClient:
    settings = WebSettings(vault=web_vault.path, panic_after_failures=option)
    return TestClient(app_for_vault(settings), base_url="http://127.0.0.1")


def _wrong(client: TestClient) -> int:
    return post_sign_in(client, "nobody-such", "a wrong guess").status_code


def test_the_admin_sets_it_with_a_confirmation_and_it_survives_a_restart(
    web_vault: WebVault,
) -> None:
    with _app(web_vault) as client:
        token = sign_in(client, ADMIN, ADMIN_PASS)
        page = _text(client.get("/vault").text)
        assert "the keys on this device are never destroyed by them" in page
        unconfirmed = client.post("/vault/panic-after", data={"failures": "3", "csrf_token": token})
        assert unconfirmed.status_code == 400
        assert "Tick the box that says you understand" in _text(unconfirmed.text)
        bad = {"failures": "three", "confirm": "yes", "csrf_token": token}
        assert client.post("/vault/panic-after", data=bad).status_code == 400
        too_many = {"failures": "5000", "confirm": "yes", "csrf_token": token}
        assert "from 1 to 1000" in client.post("/vault/panic-after", data=too_many).text
        assert vaults.panic_after(web_vault.path) is None  # nothing was changed
        done = {"failures": "3", "confirm": "yes", "csrf_token": token}
        saved = client.post("/vault/panic-after", data=done)
        assert saved.status_code == 200 and "The setting was saved." in saved.text
        assert "After 3 failed sign-ins in a row, this server destroys the keys" in _text(
            saved.text
        )
        assert 'value="3"' in saved.text
        client.post("/language", data={"language": "ru", "csrf_token": token})
        russian = _text(client.get("/vault").text)
        assert "Уничтожать ключи после стольких неудачных попыток входа подряд" in russian
        trail = _text(client.get("/admin/audit").text)
        assert "Изменение числа неудачных попыток входа" in trail
        assert "неудачных попыток входа подряд: 3" in trail
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        changes = audit.audit_trail(admin, 10, 0, action="vault.panic_after")
    assert [(e.user, dict(e.detail)) for e in changes] == [(ADMIN, {"failures": 3})]
    with _app(web_vault) as client:  # a new server: the vault's setting holds
        assert [_wrong(client) for _ in range(2)] == [401, 401]
        with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS):
            pass  # the keys are still there after two
        assert _wrong(client) == 401  # the third: panic
    with pytest.raises(AccessDenied):
        vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS)


def test_the_server_option_wins_and_empty_turns_it_off(web_vault: WebVault) -> None:
    with _app(web_vault, option=50) as client:
        token = sign_in(client, ADMIN, ADMIN_PASS)
        done = {"failures": "2", "confirm": "yes", "csrf_token": token}
        page = _text(client.post("/vault/panic-after", data=done).text)
        assert "After 50 failed sign-ins in a row" in page
        assert "started with the option --panic-after 50, which wins" in page
        assert vaults.panic_after(web_vault.path) == 2
        assert [_wrong(client) for _ in range(3)] == [401] * 3  # 50 is the limit here
        sign_in(client, ADMIN, ADMIN_PASS)  # the keys are there
        token = sign_in(client, ADMIN, ADMIN_PASS)
        off = {"failures": "", "confirm": "yes", "csrf_token": token}
        client.post("/vault/panic-after", data=off)
        assert vaults.panic_after(web_vault.path) is None


def test_other_roles_may_not_change_it(web_vault: WebVault) -> None:
    with _app(web_vault) as client:
        token = sign_in(client, ANALYST, ANALYST_PASS)
        assert 'id="panic-after-form"' not in client.get("/vault").text
        done = {"failures": "1", "confirm": "yes", "csrf_token": token}
        assert client.post("/vault/panic-after", data=done).status_code == 403
    assert vaults.panic_after(web_vault.path) is None
