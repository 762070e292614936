"""Server-side sessions that hold a signed-in user's unlocked keys in memory only.

The browser holds nothing but a random opaque token. Keys never leave this process, are
wiped when the user signs out or stays idle longer than the timeout, and a session that has
expired is indistinguishable from one that never existed.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from uncounted.services.totp import Enrolment
from uncounted.web.uploads import HeldList


class UnlockedKeys(Protocol):
    """Whatever the vault hands out on sign-in; ``close`` must wipe the keys it holds."""

    def close(self) -> None:
        """Forget every key held in memory."""


@dataclass
class WebSession:
    """One signed-in browser: its user, language, CSRF token and unlocked keys."""

    user: str
    keys: UnlockedKeys
    language: str
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    last_seen: float = field(default_factory=time.monotonic)
    #: When it signed in (the clock of :class:`SessionStore`), for its absolute lifetime.
    started: float = field(default_factory=time.monotonic)
    #: A second-factor secret shown to the user but not yet confirmed with a code.
    pending_totp: Enrolment | None = None
    #: A list uploaded for import, in memory between its mapping page and the import.
    held_list: HeldList | None = None
    #: Serialises this session's use of its vault: one database connection, one request at a
    #: time. It lives and dies with the session (expiry, sign-out), so nothing else keeps it.
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


#: Seconds from an arbitrary start (``time.monotonic``); tests inject a clock they move.
Clock = Callable[[], float]


class SessionStore:
    """All live sessions of this process, with idle expiry."""

    def __init__(
        self, idle_timeout: float, clock: Clock = time.monotonic, lifetime: float | None = None
    ) -> None:
        self._idle_timeout = idle_timeout
        #: Seconds after sign-in when a session ends however busy it is (None: no limit).
        self._lifetime = lifetime
        self._clock = clock
        self._sessions: dict[str, WebSession] = {}
        self._lock = threading.Lock()

    def open(self, user: str, keys: UnlockedKeys, language: str) -> WebSession:
        """Start a session for *user* holding *keys*; returns it with a fresh token."""
        now = self._clock()
        session = WebSession(user=user, keys=keys, language=language, last_seen=now, started=now)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> WebSession | None:
        """The live session for *token*, touching its idle timer; None if absent or expired."""
        if not token:
            return None
        self.expire_idle()
        with self._lock:
            session = self._sessions.get(token)
            if session is not None:
                session.last_seen = self._clock()
            return session

    def close(self, token: str | None) -> None:
        """End the session for *token* and wipe its keys (sign-out)."""
        with self._lock:
            session = self._sessions.pop(token or "", None)
        if session is not None:
            _end(session)

    def expire_idle(self) -> None:
        """Wipe every session idle for longer than the timeout, or older than its lifetime."""
        now = self._clock()
        lifetime = self._lifetime
        with self._lock:
            stale = [
                token
                for token, session in self._sessions.items()
                if now - session.last_seen > self._idle_timeout
                or (lifetime is not None and now - session.started > lifetime)
            ]
            expired = [self._sessions.pop(token) for token in stale]
        for session in expired:
            _end(session)

    def live(self) -> list[WebSession]:
        """Every session open now (without touching their idle timers)."""
        with self._lock:
            return list(self._sessions.values())

    def close_all(self) -> None:
        """Wipe every session (server shutdown, panic)."""
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            _end(session)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)


def _end(session: WebSession) -> None:
    """Wipe what a session held: its keys and any list uploaded but not yet imported."""
    session.keys.close()
    held, session.held_list = session.held_list, None
    if held is not None:
        held.wipe()
