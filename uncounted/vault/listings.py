"""Events and sources as lists: groupings of records over their analytic fields only.

An event is the set of records that share the ``event_id`` a testimony gave them; a record
imported from a list has no such id and stands alone as its own event. Nothing here touches a
sealed field or a key, so these lists are not identity reads and are not audited as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.vault.database import Connection

_EVENTS_SELECT = (
    "SELECT coalesce(json_extract(r.analytic, '$.event_id'), r.id),"
    " max(json_extract(r.analytic, '$.event_id') IS NOT NULL),"
    " min(r.event_type), min(r.event_month), min(r.district), min(s.name), min(c.name),"
    " count(*), min(json_extract(r.analytic, '$.perpetrator_type'))"
    " FROM records r JOIN sources s ON s.id = r.source_id JOIN cases c ON c.id = r.case_id"
)
_EVENTS_TAIL = " GROUP BY 1 ORDER BY max(r.created_at) DESC, 1 LIMIT ? OFFSET ?"


@dataclass(frozen=True)
class EventRow:
    """One event: its id, what and when (coarse), where (district), and how many people."""

    event_id: str
    grouped: bool
    event_type: str | None
    event_month: str | None
    district: str | None
    source: str
    case: str
    people: int
    perpetrator_type: str | None


@dataclass(frozen=True)
class EventFilter:
    """Which events to list; None means any."""

    event_type: str | None = None
    district: str | None = None
    month_from: str | None = None
    month_to: str | None = None
    case: str | None = None


@dataclass(frozen=True)
class SourceRow:
    """One source: its name, type (when a testimony gave one), records and months covered."""

    name: str
    source_type: str | None
    records: int
    first_month: str | None
    last_month: str | None


def list_events(
    conn: Connection, filters: EventFilter, limit: int, offset: int = 0
) -> list[EventRow]:
    """Events matching *filters*, newest first."""
    clauses: list[str] = []
    values: list[str] = []
    for column, value, operator in (
        ("r.event_type", filters.event_type, "="),
        ("r.district", filters.district, "="),
        ("r.event_month", filters.month_from, ">="),
        ("r.event_month", filters.month_to, "<="),
        ("c.name", filters.case, "="),
    ):
        if value is not None:
            clauses.append(f"{column} {operator} ?")
            values.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(_EVENTS_SELECT + where + _EVENTS_TAIL, (*values, limit, offset)).fetchall()
    return [
        EventRow(
            str(row[0]),
            bool(row[1]),
            row[2],
            row[3],
            row[4],
            str(row[5]),
            str(row[6]),
            int(row[7]),
            row[8],
        )
        for row in rows
    ]


def list_sources(conn: Connection) -> list[SourceRow]:
    """Every source with its number of records and the months they cover."""
    rows = conn.execute(
        "SELECT s.name, min(json_extract(r.analytic, '$.source_type')), count(r.id),"
        " min(r.event_month), max(r.event_month)"
        " FROM sources s LEFT JOIN records r ON r.source_id = s.id GROUP BY s.id ORDER BY s.name"
    ).fetchall()
    return [SourceRow(str(row[0]), row[1], int(row[2]), row[3], row[4]) for row in rows]
