"""Importing a list (CSV, XLSX, JSON) into a vault: all rows in one transaction, or none.

The intake package reads and validates the file into typed records (collecting every bad row
before refusing). This service turns each into a :class:`RecordDraft`: identity fields (the
model's ``IDENTITY_FIELDS``) are sealed, everything else is kept as analytic fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from uncounted.errors import InputError
from uncounted.vault import records
from uncounted.vault.permissions import Action
from uncounted.vault.records import RecordDraft
from uncounted.vault.session import VaultSession

__all__ = ["ImportSummary", "draft_from_record", "import_file"]

ImportProgress = Callable[[int, int | None], None]
ProblemReporter = Callable[[str], None]

_EVENT_TYPE = ("event_type",)
_EVENT_DATE = ("event_date", "event_month", "date")
_DISTRICT = ("district", "place", "event_place")


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: how many records, into which case, from which source."""

    imported: int
    case: str
    source: str
    record_ids: tuple[str, ...]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(t for t in (_text(v) for v in value) if t)
    text = str(value)
    return text if text != "" else None


def _fields_of(row: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    if isinstance(row, Mapping):
        return dict(row)
    return dict(vars(row))


def _first(values: Mapping[str, str | None], names: tuple[str, ...]) -> str | None:
    for name in names:
        if values.get(name):
            return values[name]
    return None


def draft_from_record(
    row: Any, *, case: str, source: str, identity_fields: Iterable[str]
) -> RecordDraft:
    """The vault draft of one typed intake row: identity fields apart, the rest analytic."""
    identity_names = frozenset(identity_fields)
    values = {name: _text(value) for name, value in _fields_of(row).items()}
    identity = {k: v for k, v in values.items() if k in identity_names and v is not None}
    analytic = {k: v for k, v in values.items() if k not in identity_names and v is not None}
    event_date = _first(analytic, _EVENT_DATE)
    return RecordDraft(
        case=case,
        source=source,
        source_record_id=analytic.get("record_id") or analytic.get("source_record_id"),
        event_type=_first(analytic, _EVENT_TYPE),
        event_month=event_date[:7] if event_date and len(event_date) >= 7 else event_date,
        district=_first(analytic, _DISTRICT),
        analytic=analytic,
        identity=identity,
    )


def import_file(
    vault: VaultSession,
    path: Path,
    *,
    source: str,
    case: str | None = None,
    mapping: Path | None = None,
    encoding: str | None = None,
    progress: ImportProgress | None = None,
    report_problem: ProblemReporter | None = None,
) -> ImportSummary:
    """Read, validate and store the list at *path*: every row, or (on any bad row) nothing.

    Every bad row is passed to *report_problem* as "FILE, row N, field F: reason" before the
    import is refused with an :class:`~uncounted.errors.InputError`.
    """
    vault.require(Action.RECORDS_IMPORT)
    from uncounted.intake import ImportRejected, read_records  # the intake layer (issue 2)
    from uncounted.model import IDENTITY_FIELDS

    target_case = case or source
    try:
        rows = read_records(path, source=source, mapping=mapping, encoding=encoding)
    except ImportRejected as rejected:
        if report_problem is not None:
            for problem in rejected.errors:
                report_problem(
                    f"{problem.file}, row {problem.row}, field {problem.field}: {problem.reason}"
                )
        raise
    total = len(rows)
    drafts = (
        draft_from_record(row, case=target_case, source=source, identity_fields=IDENTITY_FIELDS)
        for row in rows
    )
    if total == 0:
        raise EmptyImport(f"{path} holds no records; nothing was imported")
    ids = records.insert_records(
        vault,
        drafts,
        progress=None if progress is None else (lambda done: progress(done, total)),
        action="records.import",
        target=path.name,
    )
    return ImportSummary(len(ids), target_case, source, tuple(ids))


class EmptyImport(InputError):
    """Raised when a list to import holds no records at all."""
