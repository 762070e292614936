"""Sessions hold keys only while a user is active; sign-out and idle time wipe them."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Sized
from dataclasses import dataclass
from pathlib import Path

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


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_idle_session_is_wiped_and_forgotten() -> None:
    clock = Clock()
    store = SessionStore(idle_timeout=900, clock=clock)
    keys = Keys()
    session = store.open("amina", keys, "en")
    clock.now = 899
    assert store.get(session.token) is session
    clock.now = 899 + 901
    assert store.get(session.token) is None
    assert keys.wiped
    assert len(store) == 0


def test_activity_keeps_a_session_alive() -> None:
    clock = Clock()
    store = SessionStore(idle_timeout=900, clock=clock)
    session = store.open("amina", Keys(), "en")
    for minute in range(1, 60):
        clock.now = minute * 60
        assert store.get(session.token) is session


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


def test_lockout_after_repeated_failures_then_release() -> None:
    clock = Clock()
    throttle = SignInThrottle(max_failed_attempts=3, lockout_seconds=300, clock=clock)
    for _ in range(2):
        throttle.failed("amina")
    assert not throttle.is_locked("amina")
    throttle.failed("amina")
    assert throttle.is_locked("amina")
    assert not throttle.is_locked("someone-else")
    clock.now = 301
    assert not throttle.is_locked("amina")


def test_success_resets_the_failure_count() -> None:
    throttle = SignInThrottle(max_failed_attempts=3, lockout_seconds=300)
    throttle.failed("amina")
    throttle.failed("amina")
    throttle.succeeded("amina")
    throttle.failed("amina")
    assert not throttle.is_locked("amina")


def test_an_expired_session_leaves_no_lock_behind(tmp_path: Path) -> None:
    # the lock serialising a session's vault is the session's own: expiry frees both, and the
    # shell keeps nothing per session (it once kept a dict of locks that only grew)
    clock = Clock()
    sessions = SessionStore(idle_timeout=900, clock=clock)
    shell = Shell(WebSettings(vault=tmp_path), sessions, SignInThrottle(5, 60))
    before = _sizes(shell)
    opened = []
    for user in ("amina", "boris", "dina"):
        session = sessions.open(user, Keys(), "en")
        with shell.lock(session):  # as every page does
            pass
        opened.append(weakref.ref(session))
    del session
    clock.now = 901
    sessions.expire_idle()
    gc.collect()
    assert [ref() for ref in opened] == [None, None, None]
    assert _sizes(shell) == before


def _sizes(shell: Shell) -> dict[str, int]:
    return {name: len(value) for name, value in vars(shell).items() if isinstance(value, Sized)}
