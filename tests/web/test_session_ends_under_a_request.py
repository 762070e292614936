"""A session that ends while one of its requests is using the vault (signed out in another
tab, expired, ended by a new sign-in): the request finishes and the keys are wiped after it,
never under it.

Publishing a report from the browser on the demo vault died with
``ProgrammingError at vault/analysis_store.py:340``: the session's vault was closed while the
report's PDFs were laid out, and its next query (the chosen estimate, ``headline``) met a
closed database. Sign-out, expiry and server shutdown closed the keys without waiting for the
session's lock; a new sign-in waited for it 30 seconds, then closed them anyway.

Served by uvicorn on a loopback port (real threads, the session's real SQLCipher
connection); the two tabs are two HTTP clients holding the one session cookie.
"""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest
from server_helpers import serving
from web_helpers import ADMIN, ADMIN_PASS, WebVault, csrf_token, index_read, post_sign_in

from uncounted.services import reports, vaults
from uncounted.web import WebSettings, app_for_vault
from uncounted.web.sessions import SessionStore, SignInRequired, WebSession
from uncounted.web.shell import vault_of

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _signed_in(tab: httpx.Client) -> str:
    """Sign *tab* in as the admin through the real form; the session's CSRF token."""
    answer = post_sign_in(tab, ADMIN, ADMIN_PASS)
    assert answer.status_code == 303, answer.status_code
    return csrf_token(tab.get("/reports").text)


def _until_using_its_vault(session: WebSession, publishing: threading.Thread) -> None:
    """Wait (no deadline but the publish's own end) until the publish holds the session's vault
    (the search-index reader, which also takes it, was waited for before the publish began)."""
    while not session.lock.locked():
        if not publishing.is_alive():
            pytest.fail("the publish ended before it took the session's vault")
        time.sleep(0.005)


def test_a_report_being_published_when_its_session_signs_out_is_published(
    web_vault: WebVault,
) -> None:
    app = app_for_vault(WebSettings(vault=web_vault.path))
    with serving(app) as site, httpx.Client(base_url=site, timeout=300) as tab:
        csrf = _signed_in(tab)
        (session,) = app.state.shell.sessions.live()
        index_read(session)  # else the reader's turn with the vault passes for the publish's
        answers: list[httpx.Response] = []
        publishing = threading.Thread(
            target=lambda: answers.append(
                tab.post("/reports/publish", data={"csrf_token": csrf, "confirm": "yes"})
            )
        )
        publishing.start()
        _until_using_its_vault(session, publishing)
        with httpx.Client(base_url=site, cookies=tab.cookies, timeout=60) as other_tab:
            signed_out = other_tab.post("/signout", data={"csrf_token": csrf})
        publishing.join()
        assert signed_out.status_code == 303
        (answer,) = answers
        # published all the same: the answer sends the browser to the reports page (which
        # asks the user to sign in again, then lists the report to download)
        assert answer.status_code == 303, answer.text[:300]
        assert answer.headers["location"].startswith("/reports?published=")
        assert vault_of(session).closed  # wiped as soon as the publish let go of them
        assert tab.get("/reports").status_code == 303  # the tab is signed out too
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert len(reports.published_reports(admin)) == 1


class Keys:
    """Unlocked keys that only say whether they were wiped."""

    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_keys_are_wiped_when_the_request_using_them_lets_go_and_never_lent_again() -> None:
    sessions = SessionStore(idle_timeout=900)
    keys = Keys()
    session = sessions.open("amina", keys, "en")
    with session.lock:  # a request using the vault
        sessions.close(session.token)  # signed out in another tab
        assert not keys.closed  # not under the running request
    assert keys.closed  # at once after it
    with pytest.raises(SignInRequired), session.lock:  # a request that was waiting its turn
        pytest.fail("a request got the vault of a session that ended")
    idle_keys = Keys()
    idle = sessions.open("boris", idle_keys, "en")
    sessions.close(idle.token)
    assert idle_keys.closed  # nothing using it: wiped at once
