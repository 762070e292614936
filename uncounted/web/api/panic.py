"""Panic after N: too many failed sign-ins in a row shred the keys.

N is ``uncounted serve --panic-after N`` (``WebSettings.panic_after_failures``) when given, else
the vault's own setting, set by an admin on the Vault page (``services.vaults.panic_after``,
read at each failure, so a change takes effect at once); neither: off.

An organisation that fears a seized, running server may prefer losing this device's keys
(recoverable only with the offline recovery secret) to letting anyone keep guessing. Every
failed sign-in, through the page or the API and whatever user name it tried, counts; a
successful one resets the count. At the threshold the device's wrapped keys are destroyed
(``uncounted panic``) and every open session's keys are wiped from memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from uncounted.services import vaults
from uncounted.web.sessions import Ending, SessionStore
from uncounted.web.settings import WebSettings
from uncounted.web.throttle import SignInThrottle


class PanickingThrottle(SignInThrottle):
    """A :class:`SignInThrottle` that also runs *panic* after N consecutive failures, N being
    what *panic_after* says at each failure (None: never)."""

    def __init__(
        self,
        max_failed_attempts: int,
        lockout_seconds: float,
        panic_after: Callable[[], int | None],
        panic: Callable[[], None],
        max_failed_attempts_per_client: int | None = None,
        on_lockout: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(
            max_failed_attempts,
            lockout_seconds,
            max_failed_attempts_per_client=max_failed_attempts_per_client,
            on_lockout=on_lockout,
        )
        self._panic_after = panic_after
        self._panic = panic
        self._consecutive = 0
        self._count_lock = threading.Lock()

    def _after_failure(self) -> None:
        with self._count_lock:
            self._consecutive += 1
            limit = self._panic_after()
            reached = limit is not None and self._consecutive >= limit
            if reached:
                self._consecutive = 0
        if reached:
            self._panic()

    def _after_success(self) -> None:
        with self._count_lock:
            self._consecutive = 0


def panic_after(settings: WebSettings) -> int | None:
    """How many failed sign-ins in a row destroy the keys: the server's option when given
    (it wins), else the vault's setting; None: never."""
    if settings.panic_after_failures is not None:
        return settings.panic_after_failures
    return vaults.panic_after(settings.vault)


def throttle_for(settings: WebSettings, sessions: SessionStore) -> SignInThrottle:
    """The sign-in throttle of the application: locking names out, and panicking after N."""

    def locked_out(name: str) -> None:
        vaults.note_lockout(settings.vault, name)

    def panic() -> None:
        sessions.close_all(Ending.KEYS_GONE)  # keys in memory go before the keys on disk
        vaults.panic(settings.vault)

    return PanickingThrottle(
        settings.max_failed_attempts,
        settings.lockout_seconds,
        lambda: panic_after(settings),
        panic,
        settings.max_failed_attempts_per_client,
        locked_out,
    )
