"""The sign-in code (TOTP) in the web app: enrolment, sign-in by page and API, lockout, replay,
turning it off, and an admin's reset. Codes come from pyotp and the secret the page shows."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from fastapi.testclient import TestClient
from web_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    WebVault,
    csrf_token,
    post_sign_in,
    sign_in,
)

from uncounted.errors import AccessDenied
from uncounted.services import audit, totp, vaults
from uncounted.web import WebSettings, app_for_vault

ONE_LINE_REFUSAL = "Wrong user name, passphrase or code."


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def not_a_code(secret: str) -> str:
    """Six digits that no step of the window accepts (so "wrong" is never right by chance)."""
    window = {code_at(secret, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in window)


def enrol(client: TestClient, csrf: str) -> str:
    """Turn the signed-in user's code on through the page; returns the secret it showed."""
    page = client.get("/account/totp")
    assert page.status_code == 200
    shown = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7 ]+)</code>', page.text)
    assert shown, page.text
    secret = shown.group(1).replace(" ", "")
    assert 'src="data:image/svg+xml' in page.text  # the QR code, drawn by uncounted itself
    assert client.get("/account/totp").text.count(shown.group(1)) == 1  # same secret on reload
    wrong = client.post("/account/totp/enable", data={"code": "abc", "csrf_token": csrf})
    assert wrong.status_code == 400 and "That code does not match" in wrong.text
    done = client.post("/account/totp/enable", data={"code": code_at(secret), "csrf_token": csrf})
    assert done.status_code == 200 and "The sign-in code is on." in done.text
    return secret


@pytest.fixture
def enrolled(client: TestClient) -> Iterator[str]:
    """The analyst (a caseworker) has turned the code on; the client is signed out again."""
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    assert 'href="/account/totp"' in client.get("/").text  # linked from every page's header
    secret = enrol(client, csrf)
    client.post("/signout", data={"csrf_token": csrf})
    yield secret


def test_sign_in_asks_for_the_code_once_it_is_on(client: TestClient, enrolled: str) -> None:
    form = client.get("/signin").text
    assert '<label for="code">' in form and 'autocomplete="one-time-code"' in form
    for code in (None, "", not_a_code(enrolled)):
        response = client.post(
            "/signin",
            data={
                "user": ANALYST,
                "passphrase": ANALYST_PASS,
                "code": code or "",
                "csrf_token": csrf_token(client.get("/signin").text),
            },
        )
        assert response.status_code == 401
        assert ONE_LINE_REFUSAL in response.text
    wrong_passphrase = client.post(
        "/signin",
        data={
            "user": ANALYST,
            "passphrase": "a wrong guess",
            "code": code_at(enrolled, 1),
            "csrf_token": csrf_token(client.get("/signin").text),
        },
    )
    assert wrong_passphrase.status_code == 401 and ONE_LINE_REFUSAL in wrong_passphrase.text
    assert post_sign_in(client, ANALYST, ANALYST_PASS, code_at(enrolled, 1)).status_code == 200
    assert client.get("/", follow_redirects=False).status_code == 200


def test_users_without_a_code_are_not_asked_for_one(client: TestClient, enrolled: str) -> None:
    assert post_sign_in(client, ADMIN, ADMIN_PASS).status_code == 200
    assert client.get("/", follow_redirects=False).status_code == 200


def test_wrong_codes_count_towards_the_lockout_and_wipe_the_keys(
    client: TestClient, enrolled: str, unlocked_sessions: list[vaults.UnlockedVault]
) -> None:
    already = len(unlocked_sessions)
    shell = client.app.state.shell  # type: ignore[attr-defined]
    wrong = not_a_code(enrolled)
    statuses = [post_sign_in(client, ANALYST, ANALYST_PASS, wrong).status_code for _ in range(5)]
    assert statuses == [401] * 5  # the default: locked after five failures
    opened = unlocked_sessions[already:]
    assert len(opened) == 5 and all(session.closed for session in opened)
    assert len(shell.sessions) == 0
    # the right code does not help while the name is locked out, by page or API
    assert post_sign_in(client, ANALYST, ANALYST_PASS, code_at(enrolled, 1)).status_code == 429
    api = {"user": ANALYST, "passphrase": ANALYST_PASS, "totp": code_at(enrolled, 1)}
    assert client.post("/api/session", json=api).status_code == 429


def test_a_replayed_code_is_refused(client: TestClient, enrolled: str) -> None:
    code = code_at(enrolled, 1)
    assert post_sign_in(client, ANALYST, ANALYST_PASS, code).status_code == 200
    client.post("/signout", data={"csrf_token": csrf_token(client.get("/").text)})
    assert post_sign_in(client, ANALYST, ANALYST_PASS, code).status_code == 401
    # the code typed while enrolling is spent too
    replay = {"user": ANALYST, "passphrase": ANALYST_PASS, "totp": code_at(enrolled)}
    assert client.post("/api/session", json=replay).status_code == 401


def test_api_sign_in_takes_the_code(client: TestClient, enrolled: str) -> None:
    without = client.post("/api/session", json={"user": ANALYST, "passphrase": ANALYST_PASS})
    assert without.status_code == 401
    assert without.json() == {
        "error": {"code": "wrong_passphrase", "message": "Wrong user name, passphrase or code."}
    }
    body = {"user": ANALYST, "passphrase": ANALYST_PASS, "totp": code_at(enrolled, 1)}
    signed = client.post("/api/session", json=body)
    assert signed.status_code == 200, signed.text
    assert client.get("/api/session").json()["user"] == ANALYST
    too_long = client.post("/api/session", json=body | {"totp": "1" * 100})
    assert too_long.status_code == 422
    assert (
        "totp"
        in client.get("/api/openapi.json").json()["components"]["schemas"]["SignIn"]["properties"]
    )


def test_turning_the_code_off_needs_passphrase_and_code(
    client: TestClient, enrolled: str, web_vault: WebVault
) -> None:
    used = code_at(enrolled, 1)
    assert post_sign_in(client, ANALYST, ANALYST_PASS, used).status_code == 200
    csrf = csrf_token(client.get("/").text)
    page = client.get("/account/totp").text
    assert "Turn the sign-in code off" in page and 'id="totp-secret"' not in page
    refused = client.post(
        "/account/totp/disable",
        data={"passphrase": "a wrong guess", "code": not_a_code(enrolled), "csrf_token": csrf},
    )
    assert refused.status_code == 403
    assert "Wrong passphrase or code. The sign-in code stays on." in refused.text
    # the code used to sign in is spent, and so is every earlier one
    spent = client.post(
        "/account/totp/disable",
        data={"passphrase": ANALYST_PASS, "code": used, "csrf_token": csrf},
    )
    assert spent.status_code == 403
    older = client.post(
        "/account/totp/disable",
        data={"passphrase": ANALYST_PASS, "code": code_at(enrolled), "csrf_token": csrf},
    )
    assert older.status_code == 403  # a step before the last one used: refused too
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS) as vault:
        assert totp.is_on(vault)


def test_turning_the_code_off_with_a_fresh_code(
    client: TestClient, web_vault: WebVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    secret = enrol(client, csrf)  # spends the current step; turn off with the next one
    done = client.post(
        "/account/totp/disable",
        data={"passphrase": ANALYST_PASS, "code": code_at(secret, 1), "csrf_token": csrf},
    )
    assert done.status_code == 200 and "The sign-in code is off." in done.text
    assert 'id="totp-secret"' in done.text  # a new secret is offered, not the old one
    assert secret.replace(" ", "") not in done.text.replace(" ", "")
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        trail = [(e.user, e.action, e.target) for e in audit.audit_trail(admin)]
    assert (ANALYST, "totp.disable", ANALYST) in trail
    assert (ANALYST, "totp.enable", ANALYST) in trail


def test_failed_attempts_to_turn_it_off_count_towards_the_lockout(
    web_vault: WebVault,
) -> None:
    settings = WebSettings(vault=web_vault.path, max_failed_attempts=2)
    with TestClient(app_for_vault(settings), base_url="http://127.0.0.1") as client:
        csrf = sign_in(client, ANALYST, ANALYST_PASS)
        secret = enrol(client, csrf)
        data = {"passphrase": "guess", "code": code_at(secret, 1), "csrf_token": csrf}
        statuses = [client.post("/account/totp/disable", data=data).status_code for _ in range(3)]
    assert statuses == [403, 403, 429]


def test_an_admin_resets_a_lost_phone_and_it_is_audited(
    client: TestClient, enrolled: str, web_vault: WebVault
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    users_page = client.get("/admin/users").text
    assert f'<input type="hidden" name="user" value="{ANALYST}">' in users_page
    assert "/admin/users/totp-reset" in users_page
    done = client.post("/admin/users/totp-reset", data={"user": ANALYST, "csrf_token": csrf})
    assert done.status_code == 200 and "The sign-in code is off" in done.text
    again = client.post("/admin/users/totp-reset", data={"user": ANALYST, "csrf_token": csrf})
    assert again.status_code == 400
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        trail = [(e.user, e.action, e.target) for e in audit.audit_trail(admin)]
    assert (ADMIN, "totp.reset", ANALYST) in trail
    client.post("/signout", data={"csrf_token": csrf})
    assert post_sign_in(client, ANALYST, ANALYST_PASS).status_code == 200


def test_only_an_admin_may_reset_someone_elses_code(
    client: TestClient, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        totp.enable_now(admin)
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    refused = client.post("/admin/users/totp-reset", data={"user": ADMIN, "csrf_token": csrf})
    assert refused.status_code == 403
    with pytest.raises(AccessDenied):
        vaults.sign_in(web_vault.path, ADMIN, ADMIN_PASS, None)


def test_wrong_codes_count_towards_panic_after_failures(
    web_vault: WebVault, enrolled_secret: str
) -> None:
    settings = WebSettings(vault=web_vault.path, panic_after_failures=2, max_failed_attempts=100)
    with TestClient(app_for_vault(settings), base_url="http://127.0.0.1") as client:
        body = {"user": ANALYST, "passphrase": ANALYST_PASS, "totp": not_a_code(enrolled_secret)}
        assert client.post("/api/session", json=body).status_code == 401
        assert post_sign_in(client, ANALYST, ANALYST_PASS).status_code == 401  # the second: panic
    with pytest.raises(AccessDenied):
        vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS)


@pytest.fixture
def enrolled_secret(web_vault: WebVault) -> str:
    """The analyst's code turned on through the service (no client needed)."""
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS) as vault:
        return totp.enable_now(vault).secret


def test_the_sign_in_code_page_in_russian(client: TestClient) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    page = client.get("/account/totp").text
    assert "Код входа" in page and "Включить код входа" in page
