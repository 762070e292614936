"""Throttling of failed sign-ins, per user name.

After ``max_failed_attempts`` failures a name is locked for ``lockout_seconds``; the count is
kept in memory only (a restart forgets it, which an attacker with the laptop could do anyway;
the Argon2id cost is the real brake).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class SignInThrottle:
    """Counts consecutive failed sign-ins and says when a name is locked out."""

    def __init__(
        self,
        max_failed_attempts: int,
        lockout_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max = max_failed_attempts
        self._lockout = lockout_seconds
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_locked(self, user: str) -> bool:
        """True while *user* is locked out."""
        with self._lock:
            until = self._locked_until.get(user)
            if until is None:
                return False
            if self._clock() >= until:
                del self._locked_until[user]
                self._failures.pop(user, None)
                return False
            return True

    def failed(self, user: str) -> int:
        """Record a failure; returns the number of consecutive failures so far."""
        with self._lock:
            count = self._failures.get(user, 0) + 1
            self._failures[user] = count
            if count >= self._max:
                self._locked_until[user] = self._clock() + self._lockout
            return count

    def succeeded(self, user: str) -> None:
        """Forget the failures of *user* after a successful sign-in."""
        with self._lock:
            self._failures.pop(user, None)
            self._locked_until.pop(user, None)
