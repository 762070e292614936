"""The table of record counts over the analytic fields that the dashboard shows.

Pure: a plain table, filled by ``uncounted.services.analytics``. Public figures need disclosure
control that holds against differencing (issue 13); a threshold that drops small cells but keeps
the exact total does not, so none is offered here.
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN = "unknown"


@dataclass(frozen=True)
class CountTable:
    """Record counts by month, event type, district and source, and the total."""

    total: int
    by_month: dict[str, int]
    by_event_type: dict[str, int]
    by_district: dict[str, int]
    by_source: dict[str, int]
