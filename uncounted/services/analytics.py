"""The dashboard's figures: counts by month, event type and district, with no identities."""

from __future__ import annotations

from collections import Counter

from uncounted.report.counts import UNKNOWN, CountTable
from uncounted.vault.field_counts import field_counts
from uncounted.vault.session import VaultSession

__all__ = ["CountTable", "dashboard_counts"]


def _named(cells: dict[str | None, int]) -> Counter[str]:
    named: Counter[str] = Counter()
    for key, count in cells.items():
        named[key or UNKNOWN] += count
    return named


def dashboard_counts(vault: VaultSession) -> CountTable:
    """Counts of the vault's records over the analytic fields any signed-in user may see.

    Each field is counted on its own in SQL (over an index), not as the cross product of all
    four, which on a large vault has nearly one group per record.
    """
    counts = field_counts(vault.conn)
    return CountTable(
        total=counts.total,
        by_month=dict(sorted(_named(counts.by_month).items())),
        by_event_type=dict(_named(counts.by_event_type).most_common()),
        by_district=dict(_named(counts.by_district).most_common()),
        by_source=dict(Counter(counts.by_source).most_common()),
    )
