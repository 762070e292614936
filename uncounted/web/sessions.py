"""Server-side sessions that hold a signed-in user's unlocked keys in memory only.

The browser holds nothing but a random opaque token. Keys never leave this process, are
wiped when the user signs out or stays idle longer than the timeout, and a session that has
expired is indistinguishable from one that never existed.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
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
        self._holder: threading.Thread | None = None  # the thread holding the turn

    def __enter__(self) -> None:
        self._turn.acquire()
        with self._state:
            self._holder = threading.current_thread()
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

    def wiped(self) -> bool:
        """Whether the keys were wiped."""
        return self._wiped.is_set()

    def wipe_within(self, seconds: float) -> None:
        """:meth:`end`, then wait up to *seconds* for the request holding the vault to let go,
        and wipe the keys even under it after that (:class:`Ending`: the request then fails at
        its next query rather than read on)."""
        self.end()
        if not self._wiped.wait(seconds):
            with self._state:
                self._wipe_once()

    def wipe_under(self, thread: threading.Thread) -> None:
        """Wipe the keys of the ended session now if *thread* (its search-index reader) is
        what still holds them, not a request under way (:class:`Ending`: its deadline)."""
        with self._state:
            if self._ended and not self._kept and self._holder is thread:
                self._wipe_once()

    def _let_go(self) -> None:
        """Give the vault back, wiping the keys first when the session ended meanwhile."""
        with self._state:
            try:
                if self._ended and not self._kept:
                    self._wipe_once()
            finally:
                self._holder = None
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
        with self._lock._state:
            self._lock._holder = threading.current_thread()

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
        for a session to end (:meth:`get` never waits either, but what a request does with the
        session may: ``Shell.current`` ends one whose keys left the device)."""
        if not token:
            return None
        with self._lock:
            return self._sessions.get(token)

    def close(self, token: str | None) -> None:
        """Sign-out: end the session for *token* (:attr:`Ending.SIGN_OUT`)."""
        with self._lock:
            session = self._sessions.pop(token or "", None)
        if session is not None:
            end_keys([session], Ending.SIGN_OUT)

    def end(self, sessions: Iterable[WebSession], ending: Ending) -> KeysDeadline:
        """End *sessions* for *ending*'s reason, with one deadline for them all (even one that
        was ended meanwhile by another request: the stricter rule applies to its keys)."""
        ended = list(sessions)
        with self._lock:
            for session in ended:
                if self._sessions.get(session.token) is session:
                    del self._sessions[session.token]
        return end_keys(ended, ending)

    def expire_idle(self) -> None:
        """End every session idle for longer than the timeout, or older than its lifetime
        (:attr:`Ending.EXPIRY`: the request that notices never waits for their keys).

        Each is ended as it leaves the store, under its lock (keys nothing holds wiped there):
        taken out first and ended after, a request coming in between (the server's own look
        notices on a thread of its own) was sent to sign in with the keys still open
        (review29)."""
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
                session.lock.end()
        if expired:
            end_keys(expired, Ending.EXPIRY)

    def live(self) -> list[WebSession]:
        """Every session open now (without touching their idle timers)."""
        with self._lock:
            return list(self._sessions.values())

    def close_all(self, ending: Ending) -> KeysDeadline:
        """End every session (panic, server shutdown) for *ending*'s reason."""
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        return end_keys(sessions, ending)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)


#: Seconds a session's keys may outlive the moment it ended (the page said "signed out", the
#: session expired, the keys left the device), however loaded the machine: its search-index
#: reader lets go within a batch (about 0.1 s), a request of a hostile end within one query.
#: At the deadline they are wiped under whatever :class:`Ending` does not spare. One figure
#: for every end: sign-out and expiry waited 5 s for the reader, panic 5 s for all sessions,
#: the server's end 5 s for each session in turn, duress (keys gone) 30 s (keywait, session 29).
KEYS_DEADLINE_SECONDS = 5.0


class Ending(Enum):
    """Why a session ends, which decides what may keep its keys until the deadline
    (:data:`KEYS_DEADLINE_SECONDS`) and who waits for it: the one rule for every end.

    - What is waited for: always the session's search-index reader (``uncounted.web.
      search_ready``), a thread of the session, not a request: it stops at its next turn
      once the session ended and wipes the keys as it lets go; at the deadline they are
      wiped under it. A request under way (a report being published from another tab)
      finishes after a sign-out or an expiry, the user's own work, and wipes the keys as it
      lets go (:class:`VaultLock`), deadline or not; after the keys left the device (panic,
      duress, a role changed elsewhere) or at the server's end, it gets the deadline too and
      then fails at its next query rather than read on with keys that no longer exist.
    - Who waits: sign-out and the keys gone answer once the keys are wiped (or only a request
      of the user's own holds them): the page tells the truth. Expiry is noticed by whichever
      request comes next, maybe another user's, which must never wait for it: a thread of its
      own keeps the deadline. The server's end ends every session on the event loop at once
      (a draft stops at its next turn) and keeps the deadline off the loop afterwards.
    """

    #: Sign-out (page, API), a new sign-in of the same user, an administrator's change.
    SIGN_OUT = "sign-out"
    #: Idle longer than the timeout, or older than the session's lifetime.
    EXPIRY = "expiry"
    #: Panic after N, a duress sign-in, keys gone from this device.
    KEYS_GONE = "keys gone"
    #: The server ends.
    SHUTDOWN = "shutdown"

    @property
    def spares_requests(self) -> bool:
        """Whether a request under way keeps the keys past the deadline until it ends."""
        return self in (Ending.SIGN_OUT, Ending.EXPIRY)


@dataclass(frozen=True)
class KeysDeadline:
    """Sessions ended together and the moment (``time.monotonic``) their keys must be gone."""

    sessions: list[WebSession]
    ending: Ending
    at: float

    def keep(self) -> None:
        """Wait until each session's keys are wiped, or held only by a request its ending
        spares, or the deadline: then wipe them under whatever else holds them."""
        for session in self.sessions:
            left = max(0.0, self.at - time.monotonic())
            if not self.ending.spares_requests:
                session.lock.wipe_within(left)
                continue
            reader = session.index_reader
            if reader is not None and reader is not threading.current_thread():
                reader.join(left)
                session.lock.wipe_under(reader)


def end_keys(sessions: list[WebSession], ending: Ending) -> KeysDeadline:
    """End *sessions* now (nothing gets their vaults after this; keys nothing holds are wiped
    at once) and keep their deadline as *ending* says (:class:`Ending`)."""
    deadline = KeysDeadline(sessions, ending, time.monotonic() + KEYS_DEADLINE_SECONDS)
    for session in sessions:
        session.lock.end()
    if ending is Ending.SHUTDOWN:
        return deadline  # kept off the event loop by the server's end (``web.app``)
    if ending is not Ending.EXPIRY:
        deadline.keep()
    elif not all(session.lock.wiped() for session in sessions):
        threading.Thread(target=deadline.keep, name="keys-deadline", daemon=True).start()
    return deadline


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
