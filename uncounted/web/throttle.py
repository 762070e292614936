"""Throttling of sign-ins, per user name and per client address, counting attempts in flight.

After ``max_failed_attempts`` failures a name is locked for ``lockout_seconds``, and an address
after ``max_failed_attempts_per_client`` (guessing many names from one place). An attempt
counts from the moment it starts, not when its Argon2id check ends: the review in issue 18
sent 40 wrong passphrases at once and all 40 were checked, because each was let in before any
had failed. Now an attempt is let in only while the failures so far plus the attempts still
running stay under the limit; the rest are answered "locked" at once.

The counts are kept in memory only (a restart forgets them, which an attacker with the laptop
could do anyway; the Argon2id cost is the real brake).

Failed sign-ins are recorded by the service that checks them (``services.vaults.unlock``);
a lockout, which only this throttle sees, is handed to *on_lockout* (the application writes it,
sealed, beside the vault: ``uncounted.vault.sign_in_failures``), outside the lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.requests import Request


@dataclass
class _Counts:
    """Failures and running attempts of one user name or one client address."""

    failures: int = 0
    running: int = 0
    locked_until: float | None = None


@dataclass
class Attempt:
    """One sign-in (or passphrase check) let through the throttle; say how it ended."""

    locked: bool
    outcome: str | None = field(default=None, init=False)

    def failed(self) -> None:
        """The passphrase (or code) was wrong."""
        self.outcome = "failed"

    def succeeded(self) -> None:
        """The passphrase was right: the failures of the name (and address) are forgotten."""
        self.outcome = "succeeded"


class SignInThrottle:
    """Counts failed and running sign-ins and says when a name or an address is locked out."""

    def __init__(
        self,
        max_failed_attempts: int,
        lockout_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_failed_attempts_per_client: int | None = None,
        on_lockout: Callable[[str], None] | None = None,
    ) -> None:
        self._max = max_failed_attempts
        self._max_client = max_failed_attempts_per_client or 4 * max_failed_attempts
        self._lockout = lockout_seconds
        self._clock = clock
        self._users: dict[str, _Counts] = {}
        self._clients: dict[str, _Counts] = {}
        self._lock = threading.Lock()
        self._on_lockout = on_lockout

    @contextmanager
    def attempt(
        self, user: str, client: str | None = None, sign_in: bool = False
    ) -> Iterator[Attempt]:
        """Let one attempt for *user* from *client* through, or say it is locked.

        Inside the block call :meth:`Attempt.failed` or :meth:`Attempt.succeeded`; an attempt
        that ends with neither (an error while checking) counts as failed. A failed *sign_in*,
        and the lockout it starts, go into the journal.
        """
        keys = [(self._users, user, self._max)]
        if client:
            keys.append((self._clients, client, self._max_client))
        with self._lock:
            now = self._clock()
            locked = any(self._blocked(table, key, limit, now) for table, key, limit in keys)
            if not locked:
                for table, key, _ in keys:
                    table.setdefault(key, _Counts()).running += 1
        attempt = Attempt(locked)
        if locked:
            yield attempt
            return
        try:
            yield attempt
        finally:
            self._end(keys, attempt.outcome != "succeeded", user if sign_in else None)

    def is_locked(self, user: str) -> bool:
        """True while *user* is locked out (failures alone; for showing the state)."""
        with self._lock:
            counts = self._users.get(user)
            return counts is not None and self._expired(counts, self._clock()) is not None

    def _blocked(self, table: dict[str, _Counts], key: str, limit: int, now: float) -> bool:
        counts = table.get(key)
        if counts is None:
            return False
        if self._expired(counts, now) is not None:
            return True
        return counts.failures + counts.running >= limit

    def _expired(self, counts: _Counts, now: float) -> float | None:
        """The end of *counts*' lockout, or None (forgetting a lockout that has ended)."""
        if counts.locked_until is not None and now >= counts.locked_until:
            counts.locked_until = None
            counts.failures = 0
        return counts.locked_until

    def _end(
        self, keys: list[tuple[dict[str, _Counts], str, int]], failed: bool, signing_in: str | None
    ) -> None:
        locked_out = None
        with self._lock:
            now = self._clock()
            for table, key, limit in keys:
                counts = table[key]
                counts.running -= 1
                if failed:
                    counts.failures += 1
                    if counts.failures >= limit:
                        if signing_in is not None and table is self._users:
                            locked_out = signing_in
                        counts.locked_until = now + self._lockout
                elif table is self._users:
                    counts.failures, counts.locked_until = 0, None
                if not counts.running and not counts.failures and counts.locked_until is None:
                    del table[key]
        if locked_out is not None and self._on_lockout is not None:
            self._on_lockout(locked_out)
        if failed:
            self._after_failure()
        else:
            self._after_success()

    def _after_failure(self) -> None:
        """Called after each failed attempt (outside the lock); a subclass may act on it."""

    def _after_success(self) -> None:
        """Called after each successful attempt (outside the lock)."""


def client_address(request: Request) -> str | None:
    """The address a request came from, as the throttle counts it (None when unknown).

    Behind a TLS proxy every request comes from the proxy, so its limit is shared by all.
    """
    return request.client.host if request.client else None
