"""Server-side sessions that hold a signed-in user's unlocked keys in memory only.

The browser holds nothing but a random opaque token. Keys never leave this process, are
wiped when the user signs out or stays idle longer than the timeout, and a session that has
expired is indistinguishable from one that never existed.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from uncounted.linkage import clear_caches
from uncounted.services.totp import Enrolment
from uncounted.web.draft_job import DraftJob
from uncounted.web.searches import Searches
from uncounted.web.uploads import HeldList


class SignInRequired(Exception):
    """Raised inside a route when the request has no live session (or its session ended while
    the request waited for it); answered by a redirect to sign in (401 from the API)."""


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
    #: What was typed in the search boxes, by the token a list's address carries instead.
    searches: Searches = field(default_factory=Searches, repr=False, compare=False)
    #: The thread reading the session's search index ahead of its searches (started at
    #: sign-in, ``uncounted.web.search_ready``); it ends at its next turn once the session ended.
    index_reader: threading.Thread | None = field(default=None, repr=False, compare=False)
    #: The draft report being made, or made and not yet shown (``uncounted.web.report_drafts``).
    draft: DraftJob | None = field(default=None, repr=False, compare=False)
    #: Serialises this session's use of its vault (one database connection, one request at a
    #: time) and wipes its keys when it ends. It lives and dies with the session.
    lock: VaultLock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lock = VaultLock(lambda: _end(self))


class VaultLock:
    """The one way to a session's unlocked vault: one request at a time, never after it ended.

    ``with session.lock:`` holds the vault for one request; it raises :class:`SignInRequired`
    when the session ended before the request got its turn. Ending a session (sign-out,
    expiry, a new sign-in of the same user, panic) wipes the keys at once when no request
    holds them, else as soon as the one holding them lets go: the keys were closed under a
    running request before, and a report being published from the browser died at its next
    query with ``ProgrammingError: Cannot operate on a closed database``
    (``analysis_store.headline``, right after the PDFs were laid out), and every request
    waiting its turn met the closed database too.
    """

    def __init__(self, wipe: Callable[[], None]) -> None:
        self._wipe = wipe
        self._turn = threading.Lock()  # held by the request using the vault
        self._state = threading.Lock()  # guards the two flags and each let-go
        self._ended = False
        self._wiped = threading.Event()
        self._kept = 0  # requests working between their turns (:meth:`kept`)

    def __enter__(self) -> None:
        self._turn.acquire()
        with self._state:
            ended = self._ended
        if ended:
            self._let_go()
            raise SignInRequired

    def __exit__(self, *failure: object) -> None:
        self._let_go()

    def locked(self) -> bool:
        """Whether a request is using the vault now (holding it, or between its turns)."""
        return self._turn.locked() or self._kept > 0

    @contextmanager
    def kept(self) -> Iterator[_Turns]:
        """The vault for one request whose long work runs between short turns with it (a
        report: its sources read, its disclosure control and PDFs made without the vault,
        then committed): the session's other requests use the vault between the turns, and
        the keys stay until the request ends, as for one holding the vault all along; each
        ``with turns:`` takes the vault, even after the session ended meanwhile (the request
        finishes, as any request under way does)."""
        with self, self._state:  # a session that ended before: SignInRequired
            self._kept += 1
        try:
            yield _Turns(self)
        finally:
            with self._state:
                self._kept -= 1
                free = self._ended and not self._kept and self._turn.acquire(blocking=False)
            if free:
                self._let_go()

    def end(self) -> None:
        """End the session: nothing gets the vault after this; its keys are wiped now if no
        request holds them, else by the request holding them as it lets go."""
        with self._state:
            self._ended = True
            free = self._turn.acquire(blocking=False)
        if free:
            self._let_go()

    def wipe_within(self, seconds: float) -> None:
        """:meth:`end`, then wait up to *seconds* for the request holding the vault to let go,
        and wipe the keys even under it after that (their keys left the device: panic,
        duress; the request then fails at its next query rather than read on)."""
        self.end()
        if not self._wiped.wait(seconds):
            with self._state:
                self._wipe_once()

    def _let_go(self) -> None:
        """Give the vault back, wiping the keys first when the session ended meanwhile."""
        with self._state:
            try:
                if self._ended and not self._kept:
                    self._wipe_once()
            finally:
                self._turn.release()

    def _wipe_once(self) -> None:
        """Wipe the keys unless done already (called with ``_state`` held)."""
        if not self._wiped.is_set():
            self._wiped.set()
            self._wipe()


class _Turns:
    """``with turns:`` takes the vault for one turn of a request kept by
    :meth:`VaultLock.kept` (never refused: the request is under way)."""

    def __init__(self, lock: VaultLock) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        self._lock._turn.acquire()

    def __exit__(self, *failure: object) -> None:
        self._lock._let_go()


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

    def peek(self, token: str | None) -> WebSession | None:
        """The live session for *token* as it is: nothing expired, its idle timer untouched.
        For what runs on the event loop (the language of an API error), which must never wait
        for a session to end (:meth:`get` may wait for an expired session's reader)."""
        if not token:
            return None
        with self._lock:
            return self._sessions.get(token)

    def close(self, token: str | None) -> None:
        """End the session for *token* and wipe its keys (sign-out)."""
        with self._lock:
            session = self._sessions.pop(token or "", None)
        if session is not None:
            _end_after_reader(session)

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
            _end_after_reader(session)

    def live(self) -> list[WebSession]:
        """Every session open now (without touching their idle timers)."""
        with self._lock:
            return list(self._sessions.values())

    def close_all(self) -> list[WebSession]:
        """End every session (server shutdown, panic) and return them: each one's keys are
        wiped now, or by the request or search-index reader holding them as it lets go."""
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            session.lock.end()
        return sessions

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)


#: Seconds sign-out and expiry wait for the session's search-index reader to let go of the
#: batch it is reading (about 0.1 s; longer on a loaded machine).
READER_WAIT_SECONDS = 5.0


def _end_after_reader(session: WebSession) -> None:
    """End *session* and, while its search-index reader (``uncounted.web.search_ready``) is
    still running, wait up to :data:`READER_WAIT_SECONDS` for it to stop, so the keys are
    wiped before sign-out answers.

    Why: the reader is a thread of the session, not a request; ending the session while it
    read a batch left the wipe to it, after the page had said "signed out" (the keys outlived
    the sign-out by a batch; CI of stop 27 caught it). The reader stops at its next turn once
    the session ended, and wipes the keys as it lets go, unless a request of the session
    still holds the vault: then that request wipes them as it ends, as before.
    """
    session.lock.end()
    reader = session.index_reader
    if reader is not None and reader is not threading.current_thread():
        reader.join(READER_WAIT_SECONDS)


def _end(session: WebSession) -> None:
    """Wipe what a session held: its keys, its searches, the names folded while it searched
    or linked (linkage's caches, shared by every session: another's next search folds its
    names again), and any list uploaded but not yet imported (by its :class:`VaultLock`,
    once no request is using them)."""
    session.keys.close()
    session.searches.clear()
    session.draft = None
    clear_caches()
    held, session.held_list = session.held_list, None
    if held is not None:
        held.wipe()
