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
