"""Sessions hold keys only while a user is active; sign-out and idle time wipe them."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Sized
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from web_helpers import FakeClock

from uncounted.web.sessions import SessionStore
from uncounted.web.settings import WebSettings
from uncounted.web.shell import Shell
from uncounted.web.throttle import SignInThrottle


@dataclass
class Keys:
    """Stands for the vault's unlocked keys: remembers whether it was wiped."""

    wiped: bool = False

    def close(self) -> None:
        self.wiped = True


def test_idle_session_is_wiped_and_forgotten() -> None:
    clock = FakeClock()
    store = SessionStore(idle_timeout=900, clock=clock)
    keys = Keys()
    session = store.open("amina", keys, "en")
    clock.seconds = 899
    assert store.get(session.token) is session
    clock.seconds = 899 + 901
    assert store.get(session.token) is None
    assert keys.wiped
    assert len(store) == 0


def test_activity_keeps_a_session_alive() -> None:
    clock = FakeClock()
    store = SessionStore(idle_timeout=900, clock=clock)
    session = store.open("amina", Keys(), "en")
    for minute in range(1, 60):
        clock.seconds = minute * 60
        assert store.get(session.token) is session


def test_a_busy_session_still_ends_at_its_lifetime() -> None:
    """Issue 18: sessions had no absolute lifetime; activity kept one alive for ever."""
    clock = FakeClock()
    store = SessionStore(idle_timeout=900, clock=clock, lifetime=8 * 3600)
    keys = Keys()
    session = store.open("amina", keys, "en")
    for minute in range(1, 8 * 60):
        clock.seconds = minute * 60
        assert store.get(session.token) is session
    clock.seconds = 8 * 3600 + 1
    assert store.get(session.token) is None
    assert keys.wiped


def test_sign_out_wipes_keys_and_tokens_are_unguessable() -> None:
    store = SessionStore(idle_timeout=900)
    keys = Keys()
    first = store.open("amina", keys, "ru")
    second = store.open("amina", Keys(), "ru")
    assert first.token != second.token
    assert first.csrf_token != first.token
    assert len(first.token) >= 40
    store.close(first.token)
    assert keys.wiped
    assert store.get(first.token) is None
    assert store.get(second.token) is second
    assert store.get(None) is None
    assert store.get("") is None


def _fail(throttle: SignInThrottle, user: str, client: str | None = None) -> bool:
    """One wrong attempt; False when the throttle did not even let it be checked."""
    with throttle.attempt(user, client) as attempt:
        if attempt.locked:
            return False
        attempt.failed()
    return True


def test_lockout_after_repeated_failures_then_release() -> None:
    clock = FakeClock()
    throttle = SignInThrottle(max_failed_attempts=3, lockout_seconds=300, clock=clock)
    for _ in range(2):
        assert _fail(throttle, "amina")
    assert not throttle.is_locked("amina")
    assert _fail(throttle, "amina")
    assert throttle.is_locked("amina")
    assert not _fail(throttle, "amina")
    assert not throttle.is_locked("someone-else")
    clock.seconds = 301
    assert not throttle.is_locked("amina")
    assert _fail(throttle, "amina")


def test_success_resets_the_failure_count() -> None:
    throttle = SignInThrottle(max_failed_attempts=3, lockout_seconds=300)
    _fail(throttle, "amina")
    _fail(throttle, "amina")
    with throttle.attempt("amina") as attempt:
        attempt.succeeded()
    _fail(throttle, "amina")
    assert not throttle.is_locked("amina")


def test_an_expired_session_leaves_no_lock_behind(tmp_path: Path) -> None:
    # the lock serialising a session's vault is the session's own: expiry frees both, and the
    # shell keeps nothing per session (it once kept a dict of locks that only grew)
    clock = FakeClock()
    sessions = SessionStore(idle_timeout=900, clock=clock)
    shell = Shell(WebSettings(vault=tmp_path), sessions, SignInThrottle(5, 60))
    before = _sizes(shell)
    opened = []
    for user in ("amina", "boris", "dina"):
        session = sessions.open(user, Keys(), "en")
        with session.lock:  # as every page does (SignedIn.lock)
            pass
        opened.append(weakref.ref(session))
    del session
    clock.seconds = 901
    sessions.expire_idle()
    gc.collect()
    assert [ref() for ref in opened] == [None, None, None]
    assert _sizes(shell) == before


def _sizes(shell: Shell) -> dict[str, int]:
    return {name: len(value) for name, value in vars(shell).items() if isinstance(value, Sized)}


def test_attempts_still_running_count_against_the_limit() -> None:
    throttle = SignInThrottle(max_failed_attempts=3, lockout_seconds=300)
    with ExitStack() as running:
        let_in = [not running.enter_context(throttle.attempt("amina")).locked for _ in range(40)]
    assert let_in.count(True) == 3  # 40 at once: three are checked, the rest refused at once
    assert throttle.is_locked("amina")  # the three ended with neither verdict: failures


def test_one_client_guessing_many_names_is_locked_out() -> None:
    throttle = SignInThrottle(max_failed_attempts=3, lockout_seconds=300)
    names = [f"user{i}" for i in range(20)]
    checked = [_fail(throttle, name, "203.0.113.9") for name in names]
    assert checked == [True] * 12 + [False] * 8  # four times the per-name limit
    assert _fail(throttle, "user19", "198.51.100.7")  # the same name from elsewhere is checked
