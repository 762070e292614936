"""Counts over the analytic fields only: what the dashboard and reports may show anyone.

Nothing here touches a sealed field or a key, so reading these counts is not an identity read
and is not audited as one.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.vault.database import Connection


@dataclass(frozen=True)
class AnalyticCount:
    """How many records share one combination of event type, month, district and source."""

    event_type: str | None
    event_month: str | None
    district: str | None
    source: str
    count: int


def analytic_counts(conn: Connection) -> list[AnalyticCount]:
    """Record counts grouped by event type, month, district and source."""
    rows = conn.execute(
        "SELECT r.event_type, r.event_month, r.district, s.name, COUNT(*) "
        "FROM records r JOIN sources s ON s.id = r.source_id "
        "GROUP BY r.event_type, r.event_month, r.district, s.name"
    ).fetchall()
    return [
        AnalyticCount(
            event_type=row[0],
            event_month=row[1],
            district=row[2],
            source=str(row[3]),
            count=int(row[4]),
        )
        for row in rows
    ]
