"""The vault page tells an admin when the last backup was made and what the failed-sign-in
setting does (en, ru); other roles do not see it."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.errors import UncountedError
from uncounted.services import backups, vaults
from uncounted.web import WebSettings, app_for_vault


def _files(web_vault: WebVault) -> set[str]:
    """The vault's files, SQLite's write-ahead files aside."""
    names = {path.name for path in web_vault.path.rglob("*")}
    return {name for name in names if not name.endswith(("-wal", "-shm", "-journal"))}


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def test_the_admin_sees_the_last_backup_and_the_panic_setting(
    client: TestClient, web_vault: WebVault, tmp_path: Path
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    # the admin finds backups and the vault's settings by name in the header
    assert '<a href="/vault">Vault and backups</a>' in client.get("/").text
    before = _text(client.get("/vault").text)
    assert "No backup of this vault has been made yet." in before
    assert "Failed sign-ins only lock the name out for a while" in before
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        backups.backup_vault(admin, tmp_path / "backup.uncounted")
    after = _text(client.get("/vault").text)
    assert "The last backup was made today" in after
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert "Последняя резервная копия сделана сегодня" in _text(client.get("/vault").text)
    assert '<a href="/vault">Хранилище и резервные копии</a>' in client.get("/").text
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, ANALYST, ANALYST_PASS)  # others keep the published head only
    header = client.get("/").text
    assert 'href="/vault"' in header and "Хранилище и резервные копии" not in header


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


def test_the_admin_downloads_a_backup_that_restores_and_others_are_refused(
    client: TestClient, web_vault: WebVault, tmp_path: Path
) -> None:
    sign_in(client, ADMIN, ADMIN_PASS)
    before = _files(web_vault)
    saved = tmp_path / "downloaded.backup"
    with client.stream("GET", "/vault/backup") as response:
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        with saved.open("wb") as out:
            for piece in response.iter_bytes():
                out.write(piece)
    # nothing of the backup was written beside the vault (the download is the only copy)
    assert _files(web_vault) == before
    restored = tmp_path / "restored"
    assert backups.restore_vault(saved, restored, ADMIN, ADMIN_PASS) == 2
    assert "The last backup was made today" in _text(client.get("/vault").text)
    cut = tmp_path / "cut.backup"
    cut.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    with pytest.raises(UncountedError):  # a download cut short does not restore
        backups.restore_vault(cut, tmp_path / "again", ADMIN, ADMIN_PASS)
    with TestClient(client.app, base_url="http://127.0.0.1") as worker:
        sign_in(worker, ANALYST, ANALYST_PASS)
        assert worker.get("/vault/backup").status_code == 403
