"""Importing a list (CSV, XLSX, JSON) into a vault: all rows in one transaction, or none.

The intake package reads and validates the file into typed :class:`~uncounted.model.Record`
objects (collecting every bad row before refusing); :func:`draft_from_record` decides what is
sealed; the vault stores them all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from uncounted import vault as store
from uncounted.intake import ColumnMapping, ImportRejected, read_records
from uncounted.messages import N_, Message
from uncounted.services.records import draft_from_record
from uncounted.vault import Action, VaultSession

__all__ = ["ImportSummary", "import_file"]

#: Problems printed one per line; a file wrong on every row says so in its first hundred.
PRINTED_PROBLEMS = 100

ImportProgress = Callable[[int, int | None], None]
ProblemReporter = Callable[[str], None]


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: how many records, into which case, from which source."""

    imported: int
    case: str
    source: str
    record_ids: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def import_file(
    vault: VaultSession,
    path: Path,
    *,
    source: str,
    case: str | None = None,
    mapping: Path | ColumnMapping | None = None,
    encoding: str | None = None,
    progress: ImportProgress | None = None,
    report_problem: ProblemReporter | None = None,
) -> ImportSummary:
    """Read, validate and store the list at *path*: every row, or (on any bad row) nothing.

    The whole file is read and validated before the vault's transaction begins. Each bad row
    (the first :data:`PRINTED_PROBLEMS`, then "and N more problems") is passed to
    *report_problem* as "FILE, row N, field F: reason" before the import is refused
    with :class:`~uncounted.intake.ImportRejected` (an :class:`~uncounted.errors.InputError`).
    Records join *case* when given, else the case named in the row, else a case named after
    *source*. *progress* is called with (rows stored, rows in the file).
    """
    vault.require(Action.RECORDS_IMPORT)
    try:
        parsed = read_records(path, source=source, mapping=mapping, encoding=encoding)
    except ImportRejected as rejected:
        if report_problem is not None:
            for problem in rejected.errors[:PRINTED_PROBLEMS]:
                report_problem(f"{problem.file}, {problem}")
            more = rejected.total - min(len(rejected.errors), PRINTED_PROBLEMS)
            if more:
                report_problem(
                    Message(N_("{file}: and {count} more problems"), file=rejected.file, count=more)
                )
        raise
    total = len(parsed)
    drafts = (
        draft_from_record(record, case=case, default_case=source) for record in parsed.records
    )
    ids = store.insert_records(
        vault,
        drafts,
        progress=None if progress is None else (lambda done: progress(done, total)),
        action="records.import",
        target=path.name,
    )
    return ImportSummary(len(ids), case or source, source, tuple(ids), parsed.warnings)
