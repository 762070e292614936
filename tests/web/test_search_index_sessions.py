"""The session's search index is read from sign-in on, before any search, and is gone with
the session's keys at sign-out and at expiry (it holds names opened with them, in memory only).
Real vault, real app; the reading waited for by its thread, never for a time."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, FakeClock, WebVault, sign_in

from uncounted.services import records, search_index, users, vaults
from uncounted.web import WebSettings, app_for_vault
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
