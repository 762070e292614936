"""panic_after_failures: N consecutive failed sign-ins (page or API) shred this device's keys."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, post_sign_in

from uncounted.errors import AccessDenied
from uncounted.services import vaults
from uncounted.web import WebSettings, app_for_vault


def wrong_api(client: TestClient, user: str) -> int:
    response = client.post("/api/session", json={"user": user, "passphrase": "a wrong guess"})
    return response.status_code


def wrong_page(client: TestClient, user: str) -> int:
    return post_sign_in(client, user, "a wrong guess").status_code


def test_failures_through_page_and_api_shred_the_keys(web_vault: WebVault) -> None:
    settings = WebSettings(vault=web_vault.path, panic_after_failures=3, max_failed_attempts=100)
    app = app_for_vault(settings)
    with (
        TestClient(app, base_url="http://127.0.0.1") as client,
        TestClient(app, base_url="http://127.0.0.1") as other,
    ):
        signed = other.post("/api/session", json={"user": ANALYST, "passphrase": ANALYST_PASS})
        assert signed.status_code == 200
        assert wrong_api(client, ADMIN) == 401
        assert wrong_page(client, "nobody-such") == 401
        with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS):
            pass  # two failures: the keys are still there
        assert wrong_api(client, ANALYST) == 401  # the third: panic
        assert other.get("/api/session").status_code == 401  # open sessions were wiped
        refused = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
        assert refused.status_code in (400, 401, 403)
    with pytest.raises(AccessDenied):
        vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS)


def test_a_success_resets_the_count(web_vault: WebVault) -> None:
    settings = WebSettings(vault=web_vault.path, panic_after_failures=2, max_failed_attempts=100)
    with TestClient(app_for_vault(settings), base_url="http://127.0.0.1") as client:
        for _ in range(3):
            assert wrong_api(client, ADMIN) == 401
            ok = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
            assert ok.status_code == 200
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS):
        pass


def test_without_the_setting_failures_only_lock_out(web_vault: WebVault) -> None:
    settings = WebSettings(vault=web_vault.path, max_failed_attempts=3)
    with TestClient(app_for_vault(settings), base_url="http://127.0.0.1") as client:
        statuses = [wrong_api(client, ADMIN) for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS):
        pass
