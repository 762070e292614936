"""The rows of the records table as the page shows them: labels looked up, names or pseudonyms.

Working these out in Python, once per row, instead of calling back into Python from the
template for every cell, halves the time the records page spends rendering (a template call
goes through Jinja's call machinery; see docs/benchmarks/web.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from uncounted.services.records import RecordView
from uncounted.web.labels import Labels


@dataclass(frozen=True, slots=True)
class RecordLine:
    """One row of the records table: *name* is set only where the user may see the identity."""

    record_id: str
    name: str | None
    pseudonym: str
    source: str
    event_type: str
    month: str
    district: str
    case: str


def record_lines(views: Iterable[RecordView], labels: Labels) -> list[RecordLine]:
    """The table rows for *views*, with vocabulary labels in *labels*' language."""
    return [
        RecordLine(
            record_id=view.record_id,
            name=(view.identity or {}).get("name") or None,
            pseudonym=view.pseudonym,
            source=view.source,
            event_type=labels.event_type(view.event_type),
            month=view.event_month or "",
            district=labels.place(view.district),
            case=view.case,
        )
        for view in views
    ]
