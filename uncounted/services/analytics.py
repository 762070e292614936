"""The dashboard's figures: counts by month, event type and district, with no identities."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict

from uncounted.report.counts import UNKNOWN, CountTable
from uncounted.vault import Action, VaultSession, field_counts, records_stamp

__all__ = ["UNKNOWN", "CountTable", "dashboard_counts"]


def _named(cells: dict[str | None, int]) -> Counter[str]:
    named: Counter[str] = Counter()
    for key, count in cells.items():
        named[key or UNKNOWN] += count
    return named


#: Recent tables by (database file and inode, decoy, records stamp): every signed-in user
#: sees the same counts (analytic fields only, no identities), so one computation serves
#: every session until a record is added.
_CACHE: OrderedDict[tuple[str, int, bool, int], CountTable] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


def dashboard_counts(vault: VaultSession) -> CountTable:
    """Counts of the vault's records over the analytic fields any signed-in user may see.

    Each field is counted on its own in SQL (over an index), not as the cross product of all
    four, which on a large vault has nearly one group per record; the table is then reused,
    across sessions, until a record is added.
    """
    vault.require(Action.RECORDS_LIST)
    database = vault.layout.database
    key = (str(database), database.stat().st_ino, vault.is_decoy, records_stamp(vault.conn))
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
    counts = field_counts(vault.conn)
    return CountTable(
        total=counts.total,
        by_month=dict(sorted(_named(counts.by_month).items())),
        by_event_type=dict(_named(counts.by_event_type).most_common()),
        by_district=dict(_named(counts.by_district).most_common()),
        by_source=dict(Counter(counts.by_source).most_common()),
    )
