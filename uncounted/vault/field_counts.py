"""Record counts by one analytic field at a time, counted by SQLite over covering indexes.

The dashboard needs four one-dimensional tables (month, event type, district, source), not
their cross product: grouping by all four at once yields nearly one group per record on a
large vault, which then all travel to Python. Each query here reads only an index
(migration ``web_counts_0001``). Analytic fields only: no key, no sealed field, no audit.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.vault.database import Connection


@dataclass(frozen=True)
class FieldCounts:
    """How many records have each value of each analytic field (None: not recorded)."""

    total: int
    by_month: dict[str | None, int]
    by_event_type: dict[str | None, int]
    by_district: dict[str | None, int]
    by_source: dict[str, int]


def _by(conn: Connection, column: str) -> dict[str | None, int]:
    # *column* is one of the fixed names below, never user input
    rows = conn.execute(f"SELECT {column}, count(*) FROM records GROUP BY {column}").fetchall()  # noqa: S608
    return {row[0]: int(row[1]) for row in rows}


def field_counts(conn: Connection) -> FieldCounts:
    """Counts of all records by month, event type, district and source, and the total."""
    sources = conn.execute(
        "SELECT s.name, n FROM (SELECT source_id, count(*) AS n FROM records GROUP BY source_id)"
        " JOIN sources s ON s.id = source_id"
    ).fetchall()
    by_source = {str(name): int(n) for name, n in sources}
    return FieldCounts(
        total=sum(by_source.values()),
        by_month=_by(conn, "event_month"),
        by_event_type=_by(conn, "event_type"),
        by_district=_by(conn, "district"),
        by_source=by_source,
    )


def records_stamp(conn: Connection) -> int:
    """A number that changes whenever records are added: the highest rowid (O(log n)).

    Records are never deleted and their analytic fields never change (revocation re-seals the
    identity in place), so counts computed at one stamp hold until it changes. Code that one
    day deletes records or edits analytic fields must extend this stamp.
    """
    highest = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0])
    revised = conn.execute(
        "SELECT value FROM vault_settings WHERE name = 'records_revision'"
    ).fetchone()  # records revised in place by a re-import (records.revise_records)
    return highest + (int(bytes(revised[0]).decode()) << 40 if revised else 0)
