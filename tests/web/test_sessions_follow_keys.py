"""Open web sessions follow every key change at once: revoke, panic, a duress sign-in.

Two (or three) browsers are signed in to the same running application at the same time, each
its own test client with its own cookies, on one real vault (issue 18).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from intake_helpers import VICTIM_NAME, intake_data
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, WebVault, sign_in

from uncounted.services import users, vaults
from uncounted.web import WebSettings, app_for_vault

DURESS = "duress passphrase for tests"


@pytest.fixture
def two(web_vault: WebVault) -> Iterator[tuple[TestClient, TestClient]]:
    """The admin's browser and the caseworker's, on one running application."""
    app = app_for_vault(WebSettings(vault=web_vault.path))
    with TestClient(app, base_url="http://127.0.0.1") as admin:
        caseworker = TestClient(app, base_url="http://127.0.0.1")
        yield admin, caseworker


def _signed_out(client: TestClient) -> bool:
    response = client.get("/records", follow_redirects=False)
    location = response.headers["location"].partition("?")[0]
    return response.status_code == 303 and location == "/signin"


def test_a_revoke_reaches_the_open_page_of_the_revoked_caseworker(
    two: tuple[TestClient, TestClient], web_vault: WebVault
) -> None:
    admin, caseworker = two
    admin_csrf = sign_in(admin, ADMIN, ADMIN_PASS)
    csrf = sign_in(caseworker, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in caseworker.get(f"/records/{web_vault.granted_id}").text
    revoked = admin.post(
        "/admin/grants/revoke", data={"case": "case-a", "user": ANALYST, "csrf_token": admin_csrf}
    )
    assert revoked.status_code == 200
    assert GRANTED_NAME not in caseworker.get(f"/records/{web_vault.granted_id}").text
    refused = caseworker.post("/testimony", data=intake_data(csrf, case="case-a"))
    assert refused.status_code in (400, 403)
    assert VICTIM_NAME not in admin.get("/people").text
    written = admin.post("/testimony", data=intake_data(admin_csrf, case="case-a"))
    assert written.status_code == 200
    assert VICTIM_NAME in admin.get("/people").text
    assert VICTIM_NAME not in caseworker.get("/people").text
    assert GRANTED_NAME in admin.get(f"/records/{web_vault.granted_id}").text
    again = admin.post(  # the case can be revoked again: nothing stale was written into it
        "/admin/grants/grant", data={"case": "case-a", "user": ANALYST, "csrf_token": admin_csrf}
    )
    assert again.status_code == 200
    assert (
        admin.post(
            "/admin/grants/revoke",
            data={"case": "case-a", "user": ANALYST, "csrf_token": admin_csrf},
        ).status_code
        == 200
    )


def test_a_panic_from_the_command_line_ends_every_open_web_session(
    two: tuple[TestClient, TestClient], web_vault: WebVault
) -> None:
    admin, caseworker = two
    sign_in(admin, ADMIN, ADMIN_PASS)
    sign_in(caseworker, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in caseworker.get(f"/records/{web_vault.granted_id}").text
    vaults.panic(web_vault.path)  # what `uncounted panic` does, from outside the server
    assert _signed_out(caseworker)
    assert _signed_out(admin)
    assert caseworker.get("/api/session").status_code == 401


def test_a_duress_sign_in_ends_every_other_open_session(
    two: tuple[TestClient, TestClient], web_vault: WebVault
) -> None:
    admin, caseworker = two
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as vault:
        vaults.set_duress(vault, DURESS)
    sign_in(caseworker, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in caseworker.get(f"/records/{web_vault.granted_id}").text
    sign_in(admin, ADMIN, DURESS)  # a coercer at the sign-in page
    assert _signed_out(caseworker)
    assert GRANTED_NAME not in admin.get("/records").text
    assert admin.get("/records", follow_redirects=False).status_code == 200  # the decoy stays


def test_signing_in_again_ends_the_older_session(
    two: tuple[TestClient, TestClient], web_vault: WebVault
) -> None:
    first, second = two
    sign_in(first, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in first.get(f"/records/{web_vault.granted_id}").text
    sign_in(second, ANALYST, ANALYST_PASS)  # the same user, from another browser
    assert _signed_out(first)
    assert GRANTED_NAME in second.get(f"/records/{web_vault.granted_id}").text


def test_deactivating_a_user_ends_their_open_session(
    two: tuple[TestClient, TestClient], web_vault: WebVault
) -> None:
    _, caseworker = two
    sign_in(caseworker, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in caseworker.get(f"/records/{web_vault.granted_id}").text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.deactivate_user(admin, ANALYST)  # from the command line, beside the server
    assert _signed_out(caseworker)
