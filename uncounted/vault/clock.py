"""The one clock of the vault: the current time as every table and log entry stores it.

UTC, ISO 8601, to the second ("2017-03-01T10:00:00+00:00"): sorting the text sorts the times,
and seconds are as precise as an audit trail needs.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """The current UTC time as the vault stores it (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def at(seconds: float) -> str:
    """*seconds* since the epoch (``time.time()``) as the vault stores a time."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def readable(stored: str) -> str:
    """A stored time as a message that leaves the vault says it ("2026-12-06 17:26 UTC"):
    the web's pages say times in the reader's zone (``uncounted.web.timestamps``), but an
    error is one text for the command line and the web, so it says UTC, to the minute, in
    plain characters (a date copied from an error parses again; the web's pages keep it on
    one line themselves: ``uncounted.web.unbroken``)."""
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return stored
    if moment.tzinfo is None:  # the vault stores UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
