"""The session's search index is read from sign-in on, before any search, and is gone with
the session's keys at sign-out and at expiry (it holds names opened with them, in memory only).
Real vault, real app; the reading waited for by its thread, never for a time."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, FakeClock, WebVault, sign_in

from uncounted.services import records, search_index, users, vaults
from uncounted.web import WebSettings, app_for_vault, search_ready
from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell, vault_of


def _signed_in(client: TestClient) -> tuple[str, WebSession]:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    shell: Shell = client.app.state.shell  # type: ignore[attr-defined]
    (session,) = shell.sessions.live()
    reader = session.index_reader
    assert reader is not None, "sign-in did not start reading the search index"
    reader.join(60)
    return csrf, session


def _every_record_read(session: WebSession, web_vault: WebVault) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        held = records.count_records(admin)
    with session.lock:
        ready = search_index.readiness(vault_of(session))
    assert (ready.read, ready.left) == (held, 0), "the index was not read before any search"


def test_sign_in_reads_the_index_and_sign_out_drops_it(
    client: TestClient, web_vault: WebVault
) -> None:
    csrf, session = _signed_in(client)
    _every_record_read(session, web_vault)
    vault = vault_of(session)
    assert vault.memo, "nothing kept"
    client.post("/signout", data={"csrf_token": csrf})
    assert vault.closed and not vault.memo, "the index outlived sign-out"
    assert session.index_reader is not None and not session.index_reader.is_alive()


def test_an_expired_session_drops_the_index(web_vault: WebVault) -> None:
    clock = FakeClock()
    settings = WebSettings(vault=web_vault.path, idle_timeout=60)
    with TestClient(app_for_vault(settings, clock), base_url="http://127.0.0.1") as client:
        _csrf, session = _signed_in(client)
        _every_record_read(session, web_vault)
        vault = vault_of(session)
        clock.advance(61)
        assert client.get("/records", follow_redirects=False).status_code == 303
        assert vault.closed and not vault.memo, "the index outlived the session's expiry"


def test_panic_drops_the_index(web_vault: WebVault) -> None:
    """Consecutive failed sign-ins past ``panic_after_failures`` shred the device's keys and
    wipe every open session: the signed-in session's index goes with them."""
    settings = WebSettings(vault=web_vault.path, panic_after_failures=1, max_failed_attempts=100)
    app = app_for_vault(settings)
    with (
        TestClient(app, base_url="http://127.0.0.1") as client,
        TestClient(app, base_url="http://127.0.0.1") as attacker,
    ):
        _csrf, session = _signed_in(client)
        _every_record_read(session, web_vault)
        vault = vault_of(session)
        wrong = {"user": ADMIN, "passphrase": "a wrong guess"}
        assert attacker.post("/api/session", json=wrong).status_code == 401  # panic
        assert vault.closed and not vault.memo, "the index outlived panic"


def test_a_sign_in_through_the_api_reads_the_index_too(
    client: TestClient, web_vault: WebVault
) -> None:
    """firstlook's reader started on the sign-in page only: an API client's first search
    read every record itself."""
    signed = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
    assert signed.status_code == 200, signed.text
    shell: Shell = client.app.state.shell  # type: ignore[attr-defined]
    (session,) = shell.sessions.live()
    assert session.index_reader is not None, "the API's sign-in did not start the reading"
    session.index_reader.join(60)
    _every_record_read(session, web_vault)


def test_a_user_who_must_change_the_passphrase_gets_the_index_read_after_the_change(
    client: TestClient, web_vault: WebVault
) -> None:
    """Until the passphrase an administrator set is changed, no page but that one opens, so
    nothing can be searched: the index is read from the change on, not needlessly before."""
    given, own = "a passphrase the admin chose for dina", "dina's very own long passphrase"
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, "dina", "caseworker", given, admin_set=True)
    csrf = sign_in(client, "dina", given)
    shell: Shell = client.app.state.shell  # type: ignore[attr-defined]
    (session,) = shell.sessions.live()
    assert session.index_reader is None, "the index was read before the passphrase changed"
    change = {"current": given, "new": own, "again": own, "csrf_token": csrf}
    assert client.post("/account/passphrase", data=change).status_code == 200
    assert session.index_reader is not None, "the change did not start the reading"
    session.index_reader.join(60)
    with session.lock:
        assert search_index.readiness(vault_of(session)).left == 0


def test_two_requests_starting_the_reading_at_once_start_one_reader(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests of one session (two tabs searching while records are left to read, a
    waiting page reloading beside a new search) each found no reader and each started one:
    sign-out waits for the reader the session names, and the other could still hold the keys
    after it answered. Forced here: the second request starts the reading between the first
    one's look and its start (as if it came in between), while the session's vault is held so
    that the reader it started is still at work."""
    _csrf, session = _signed_in(client)  # the sign-in's reader has read everything
    real = search_ready.must_change
    others: list[threading.Thread | None] = []

    def the_other_request_comes_in_between(session: WebSession) -> bool:
        if not others:
            others.append(None)
            search_ready.start(session)  # the other request, started meanwhile
            others[0] = session.index_reader
        return real(session)

    monkeypatch.setattr(search_ready, "must_change", the_other_request_comes_in_between)
    with session.lock:  # the reader waits for its first turn: it is still at work
        search_ready.start(session)
        other = others[0]
        assert other is not None and other.is_alive()
        assert session.index_reader is other, "a second reader was started beside the first"
    other.join(60)
