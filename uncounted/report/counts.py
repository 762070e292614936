"""Aggregates over analytic fields, and small-cell suppression for public figures.

Pure: takes plain tuples, returns plain tables. The dashboard and the report both use it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

UNKNOWN = "unknown"

AnalyticRow = tuple[str | None, str | None, str | None, str, int]


@dataclass(frozen=True)
class CountTable:
    """Record counts by month, event type, district and source, and the total."""

    total: int
    by_month: dict[str, int]
    by_event_type: dict[str, int]
    by_district: dict[str, int]
    by_source: dict[str, int]

    def suppressed(self, threshold: int = 5) -> CountTable:
        """The same table with every cell below *threshold* (but above 0) hidden.

        A public figure must not let anyone single out a person; counts of 1 to threshold-1
        are the ones that do. Hidden cells are dropped, and the total stays exact.
        """

        def hide(cells: dict[str, int]) -> dict[str, int]:
            return {key: value for key, value in cells.items() if value >= threshold}

        return CountTable(
            total=self.total,
            by_month=hide(self.by_month),
            by_event_type=hide(self.by_event_type),
            by_district=hide(self.by_district),
            by_source=hide(self.by_source),
        )


def tabulate(rows: Iterable[AnalyticRow]) -> CountTable:
    """Sum ``(event_type, month, district, source, count)`` rows into a :class:`CountTable`."""
    months: Counter[str] = Counter()
    types: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    total = 0
    for event_type, month, district, source, count in rows:
        total += count
        months[month or UNKNOWN] += count
        types[event_type or UNKNOWN] += count
        districts[district or UNKNOWN] += count
        sources[source] += count
    return CountTable(
        total=total,
        by_month=dict(sorted(months.items())),
        by_event_type=dict(types.most_common()),
        by_district=dict(districts.most_common()),
        by_source=dict(sources.most_common()),
    )
