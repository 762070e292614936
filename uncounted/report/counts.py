"""The table of counts over the analytic fields that the dashboard shows: people, not records.

Pure: a plain table, filled by ``uncounted.services.analytics``. Public figures need disclosure
control that holds against differencing (issue 13); a threshold that drops small cells but keeps
the exact total does not, so none is offered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

UNKNOWN = "unknown"


@dataclass(frozen=True)
class CountTable:
    """People counted as victims (each once) by month, event type, district and source.

    ``total`` is the number of people; a person counts once under each value their records
    have, so the cells of one field can add up to more than the total. ``records`` is how
    many records (mentions on lists) there are, ``unreviewed_links`` how many links between
    records no reviewer has looked at, ``unplaced_records`` how many records no linkage run
    has placed yet (each counted as one person meanwhile).
    """

    total: int
    by_month: dict[str, int]
    by_event_type: dict[str, int]
    by_district: dict[str, int]
    by_source: dict[str, int]
    records: int = 0
    unreviewed_links: int = 0
    unplaced_records: int = 0
    by_act: dict[str, int] = field(default_factory=dict)
    """People by each act done to them (a person once per act; people with no act told are
    not in it), largest first."""
