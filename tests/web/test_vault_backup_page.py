"""The vault page tells an admin when the last backup was made and what the failed-sign-in
setting does (en, ru); other roles do not see it."""

from __future__ import annotations

import html
from pathlib import Path

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import backups, vaults
from uncounted.web import WebSettings, app_for_vault


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def test_the_admin_sees_the_last_backup_and_the_panic_setting(
    client: TestClient, web_vault: WebVault, tmp_path: Path
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    before = _text(client.get("/vault").text)
    assert "No backup of this vault has been made yet." in before
    assert "Failed sign-ins only lock the name out for a while" in before
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        backups.backup_vault(admin, tmp_path / "backup.uncounted")
    after = _text(client.get("/vault").text)
    assert "The last backup was made today" in after
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert "Последняя резервная копия сделана сегодня" in _text(client.get("/vault").text)


def test_the_panic_setting_is_said_when_on_and_hidden_from_other_roles(
    web_vault: WebVault,
) -> None:
    app = app_for_vault(WebSettings(vault=web_vault.path, panic_after_failures=5))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        sign_in(client, ADMIN, ADMIN_PASS)
        page = _text(client.get("/vault").text)
        assert "After 5 failed sign-ins in a row, this server destroys the keys" in page
    with TestClient(app, base_url="http://127.0.0.1") as client:
        sign_in(client, ANALYST, ANALYST_PASS)
        page = _text(client.get("/vault").text)
        assert "Key fingerprint" in page or "key fingerprint" in page.lower()
        assert "last backup" not in page and "panic-after" not in page
