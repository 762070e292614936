"""Events and sources as lists: groupings of records over their analytic fields only.

An event is the set of records that share the ``event_id`` a testimony gave them; a record
imported from a list has no such id and stands alone as its own event. A testimony's records
are inserted in one transaction, so they sit next to each other in storage order: events are
listed by reading records newest first and stopping once the page is full, rather than by
grouping the whole table. Nothing here touches a
sealed field or a key, so these lists are not identity reads and are not audited as such.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from uncounted.vault.database import Connection

_EVENT_ROWS = (
    "SELECT coalesce(json_extract(r.analytic, '$.event_id'), r.id),"
    " json_extract(r.analytic, '$.event_id') IS NOT NULL, r.event_type, r.event_month,"
    " r.district, s.name, c.name, json_extract(r.analytic, '$.perpetrator_type')"
    " FROM records r JOIN sources s ON s.id = r.source_id JOIN cases c ON c.id = r.case_id"
)
_NEWEST_FIRST = " ORDER BY r.rowid DESC"


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
    """One source: its name, type (when a testimony gave one), records, the people (victims)
    they name, each once (``uncounted.vault.register``), and the months covered."""

    name: str
    source_type: str | None
    records: int
    first_month: str | None
    last_month: str | None
    people: int = 0


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
    events: dict[str, EventRow] = {}
    for row in conn.execute(_EVENT_ROWS + where + _NEWEST_FIRST, values):
        event_id = str(row[0])
        known = events.get(event_id)
        if known is not None:
            events[event_id] = replace(known, people=known.people + 1)
            continue
        if len(events) == offset + limit:
            break  # an event's records are stored together, so every shown event is complete
        events[event_id] = EventRow(
            event_id, bool(row[1]), row[2], row[3], row[4], str(row[5]), str(row[6]), 1, row[7]
        )
    return list(events.values())[offset:]


def list_sources(conn: Connection) -> list[SourceRow]:
    """Every source with its records, the people (victims) they name and the months covered."""
    rows = conn.execute(
        "SELECT s.name, min(json_extract(r.analytic, '$.source_type')), count(r.id),"
        " min(r.event_month), max(r.event_month),"
        " count(DISTINCT CASE WHEN json_extract(r.analytic, '$.role') = 'victim'"
        " THEN coalesce(pr.person_id, r.id) END)"
        " FROM sources s LEFT JOIN records r ON r.source_id = s.id"
        " LEFT JOIN person_records pr ON pr.record_id = r.id GROUP BY s.id ORDER BY s.name"
    ).fetchall()
    return [
        SourceRow(str(row[0]), row[1], int(row[2]), row[3], row[4], int(row[5])) for row in rows
    ]
