"""The dashboard's figures: people (victims, each counted once) by month, event type, district
and source, with no identities (``uncounted.vault.people_counts``)."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict

from uncounted.report.counts import UNKNOWN, CountTable
from uncounted.vault import (
    Action,
    VaultSession,
    field_counts,
    people_counts,
    records_stamp,
    register_stamp,
)

__all__ = ["UNKNOWN", "CountTable", "dashboard_counts", "record_districts"]


def _named(cells: dict[str | None, int]) -> Counter[str]:
    named: Counter[str] = Counter()
    for key, count in cells.items():
        named[key or UNKNOWN] += count
    return named


#: Recent tables by (database file and inode, decoy, records stamp): every signed-in user
#: sees the same counts (analytic fields only, no identities), so one computation serves
#: every session until a record is added.
_CACHE: OrderedDict[tuple[str, int, bool, int, int], CountTable] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


def dashboard_counts(vault: VaultSession) -> CountTable:
    """People counted as victims, overall and by each analytic field any signed-in user may see.

    Counted from the person register (a person on three lists counts once); the table is then
    reused, across sessions, until a record is added or the register changes.
    """
    vault.require(Action.RECORDS_LIST)
    database = vault.layout.database
    key = (
        str(database),
        database.stat().st_ino,
        vault.is_decoy,
        records_stamp(vault.conn),
        register_stamp(vault.conn),
    )
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    table = _count(vault)
    with _CACHE_LOCK:
        _CACHE[key] = table
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return table


def _count(vault: VaultSession) -> CountTable:
    counts = people_counts(vault.conn)
    return CountTable(
        total=counts.people,
        by_month=dict(sorted(_named(counts.by_month).items())),
        by_event_type=dict(_named(counts.by_event_type).most_common()),
        by_district=dict(_named(counts.by_district).most_common()),
        by_source=dict(Counter(counts.by_source).most_common()),
        records=counts.records,
        unreviewed_links=counts.unreviewed_links,
        unplaced_records=counts.unplaced_records,
        by_act=dict(Counter(counts.by_act).most_common()),
    )


def record_districts(vault: VaultSession) -> list[str]:
    """The districts any record names (for a filter of the records list), from an index."""
    vault.require(Action.RECORDS_LIST)
    return sorted(str(code) for code in field_counts(vault.conn).by_district if code)
