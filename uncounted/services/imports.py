"""Importing a list (CSV, XLSX, JSON) into a vault: all rows in one transaction, or none.

The intake package reads and validates the file into typed :class:`~uncounted.model.Record`
objects (collecting every bad row before refusing); :func:`draft_from_record` decides what is
sealed; the vault stores them all in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.intake import (
    FIELDS,
    IDENTIFIER,
    IGNORE,
    ColumnMapping,
    ImportRejected,
    ListCheck,
    ListPreview,
    RowProblem,
    check_list,
    column_mapping,
    header_key,
    identifier_fields,
    preview_list,
    read_records,
)
from uncounted.messages import N_, Counted, Message
from uncounted.model import DateOrder
from uncounted.services.records import draft_from_record
from uncounted.vault import Action, AlreadyImported, VaultSession

__all__ = [
    "EXISTING_CHOICES",
    "AlreadyImported",
    "ImportCheck",
    "ImportSummary",
    "ListPreview",
    "MappingProblem",
    "RowsAlreadyStored",
    "check_import",
    "check_not_imported",
    "guess_date_order",
    "guess_mapping",
    "import_file",
    "import_mapped",
    "mapping_problems",
    "named_rows",
    "preview_import",
]

#: Problems printed one per line; a file wrong on every row says so in its first hundred.
PRINTED_PROBLEMS = 100

ImportProgress = Callable[[int, int | None], None]
ProblemReporter = Callable[[str], None]


#: The rows a sentence names by number, the rest counted ("2, 5, 9 and 3 more rows"): the
#: rows already in the vault, as the command line's refusal and the import page say them.
NAMED_ROWS = 20


def named_rows(rows: Sequence[int]) -> str:
    """*rows* as a sentence names them: "2, 5, 9", the first :data:`NAMED_ROWS`, then "and 3
    more rows" (a :class:`~uncounted.messages.Counted`: translated by a catalogue, in the
    plural form the count takes in its language)."""
    said = ", ".join(str(row) for row in rows[:NAMED_ROWS])
    more = len(rows) - NAMED_ROWS
    if more <= 0:
        return said
    rest = Counted(N_("and %(num)d more row"), N_("and %(num)d more rows"), more)
    return Message(N_("{rows} {more}"), rows=said, more=rest)


#: What to do with rows whose (source, record id) the vault already holds.
EXISTING_CHOICES = ("refuse", "skip", "update")


class RowsAlreadyStored(InputError):
    """Raised when rows of a list are already in the vault and no choice was made for them."""


class UnknownChoice(InputError):
    """Raised when the choice for rows already stored is not refuse, skip or update."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: how many records, into which case, from which source, and how
    many rows already in the vault were skipped or stored as a new revision."""

    imported: int
    case: str
    source: str
    record_ids: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    skipped: int = 0
    updated: int = 0
    #: the cases this import opened: held by the importer, every admin and the recovery key
    #: only, so whoever else links and estimates needs them granted first
    opened: tuple[str, ...] = ()


def _digest(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


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
    existing: str = "refuse",
    file_name: str | None = None,
    number_rows: bool = False,
) -> ImportSummary:
    """Read, validate and store the list at *path*: every row, or (on any bad row) nothing.

    *file_name* is the file's name as the person importing chose it (the web's upload is kept
    under another name; default: *path*'s). It is kept sealed under the key of each case the
    records joined, and the audit trail names it only to readers holding one of them.

    The whole file is read and validated before the vault's transaction begins. When there
    are several problems, each (the first :data:`PRINTED_PROBLEMS`, then "and N more
    problems") is passed to *report_problem* as "FILE, row N, column “HEADER”: reason" before
    the import is refused with :class:`~uncounted.intake.ImportRejected` (an
    :class:`~uncounted.errors.InputError`) that then only counts them; a single problem is
    said by the refusal alone, so that nothing is said twice.
    Records join *case* when given, else the case named in the row, else a case named after
    *source*. *progress* is called with (rows stored, rows in the file).

    A file whose bytes were imported before is refused (:class:`~uncounted.vault.AlreadyImported`,
    naming the earlier import). Rows whose (source, record id) the vault already holds are
    refused unless *existing* says to ``skip`` them or to ``update`` them (a new revision of
    each record, sealed again); either way nothing is ever stored twice.

    With *number_rows* (a list without a record-number column), each row's record id is its
    row number in the file ("2" for the first row under the header): importing the list again
    recognises its rows by that position only, so a row added, removed or moved in between
    puts other rows under the numbers the vault holds (the command line's ``--number-rows``
    and the web's "Number the rows" both say so before the import).
    """
    vault.require(Action.RECORDS_IMPORT)
    if existing not in EXISTING_CHOICES:
        raise UnknownChoice(
            N_("unknown choice {choice!r} for rows already stored: choose {choices}"),
            choice=existing,
            choices=", ".join(EXISTING_CHOICES),
        )
    try:
        rows_known_by = column_mapping(mapping, number_rows=number_rows)
        parsed = read_records(path, source=source, mapping=rows_known_by, encoding=encoding)
    except ImportRejected as rejected:
        if report_problem is None or rejected.total == 1:
            raise  # one problem: the refusal itself says it (once)
        for problem in rejected.errors[:PRINTED_PROBLEMS]:
            report_problem(
                Message(N_("{file}, {problem}"), file=problem.file, problem=problem.message)
            )
        more = rejected.total - min(len(rejected.errors), PRINTED_PROBLEMS)
        if more:
            report_problem(
                Message(N_("{file}: and {count} more problems"), file=rejected.file, count=more)
            )
        raise rejected.as_listed() from None
    digest = _digest(path)  # after the reader accepted it: a regular file of bounded size
    store.check_new(vault.conn, digest)
    total = len(parsed)
    drafts = [
        draft_from_record(record, case=case, default_case=source) for record in parsed.records
    ]
    if parsed.identifiers:  # further identifiers (a passport number...) sealed with the rest
        drafts = [
            replace(draft, identity={**draft.identity, **identifier_fields(found)})
            for draft, found in zip(drafts, parsed.identifiers, strict=True)
        ]
    known = _stored_records(vault, [_key(d) for d in drafts if d.source_record_id])
    fresh = [d for d in drafts if _key(d) not in known]
    again = [(known[_key(d)], d) for d in drafts if _key(d) in known]
    if again and existing == "refuse":
        numbers = sorted(parsed.rows.get(_key(draft), 0) for _, draft in again)
        raise RowsAlreadyStored(
            N_(
                "{file}: rows already in the vault from source {source!r}: {rows} ({count} in"
                " all): import again choosing to skip them or to update them; nothing was"
                " imported"
            ),
            count=len(again),
            file=path.name,
            source=source,
            rows=named_rows(numbers),
        )
    with store.transaction(vault.conn):
        opened = sorted({draft.case for draft in fresh} - _case_names(vault))
        logged = store.log_import(vault, digest, source, total)
        target = f"import {logged}"  # the audit names no file: its name is sealed
        ids = store.insert_records(
            vault,
            fresh,
            progress=None if progress is None else (lambda done: progress(done, total)),
            action="records.import",
            target=target,
        )
        updated = (  # each a new revision, the one it replaces kept (never overwritten)
            len(store.revise_records(vault, again, action="records.revise", target=target))
            if existing == "update"
            else 0
        )
        joined = [*ids, *(record_id for record_id, _ in again if existing == "update")]
        store.seal_name(vault, logged, file_name or path.name, _cases_of(vault, joined))
    skipped = len(again) if existing == "skip" else 0
    summary = ImportSummary(len(ids), case or source, source, tuple(ids), parsed.warnings)
    return replace(summary, skipped=skipped, updated=updated, opened=tuple(opened))


def _key(draft: store.RecordDraft) -> tuple[str, str]:
    """The (source, record id) a draft is known by: a record is stored once under it."""
    return draft.source, draft.source_record_id or ""


def _stored_records(
    vault: VaultSession, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """For each (source, record id) of *keys* the vault already holds, its record's id: each
    asked of its own source (two sources may use one record id; a list may name its rows'
    sources in a column)."""
    by_source: dict[str, list[str]] = {}
    for source, record_id in keys:
        by_source.setdefault(source, []).append(record_id)
    return {
        (source, own): record_id
        for source, ids in by_source.items()
        for own, record_id in store.stored_ids(vault.conn, source, ids).items()
    }


def _case_names(vault: VaultSession) -> set[str]:
    """The names of every case in the vault (granted to the importer or not)."""
    return {case.name for case in store.list_cases(vault.conn)}


def _cases_of(vault: VaultSession, record_ids: Sequence[str]) -> set[int]:
    """The ids of the cases *record_ids* belong to."""
    query = "SELECT DISTINCT case_id FROM records WHERE id IN ({marks})"
    return {int(row[0]) for row in store.rows_where_in(vault.conn, query, record_ids)}


# --- The web's import with a mapping step: the file's headers mapped by the person importing ---

#: Rows shown in a preview of how a list will be read.
PREVIEW_ROWS = 5


def check_not_imported(vault: VaultSession, path: Path) -> None:
    """Refuse (:class:`AlreadyImported`, naming the earlier import) a file whose bytes were
    imported before, as soon as it is uploaded; :func:`import_file` checks again."""
    vault.require(Action.RECORDS_IMPORT)
    store.check_new(vault.conn, _digest(path))


def guess_mapping(vault: VaultSession, source: str, headers: Sequence[str]) -> list[str | None]:
    """For each header, the field it holds: as chosen at *source*'s last import, else as
    :class:`ColumnMapping` recognises the header (the CLI's guess), else None (not known)."""
    vault.require(Action.RECORDS_IMPORT)
    normals = [header_key(header) for header in headers]
    saved = store.saved_import_mapping(vault, source, normals)
    guess = ColumnMapping()
    return [
        saved.get(normal) or (guess.field_for(header) if header.strip() else IGNORE)
        for header, normal in zip(headers, normals, strict=True)
    ]


def guess_date_order(vault: VaultSession, source: str) -> DateOrder | None:
    """How *source*'s last import read dates like 05/03/1990 (``day-first`` or
    ``month-first``), offered again for its next list; None when it was never said."""
    vault.require(Action.RECORDS_IMPORT)
    return store.saved_import_date_order(vault, source)


@dataclass(frozen=True)
class MappingProblem:
    """A mapping that cannot be used, named by the file's own headers.

    ``kind`` is ``unchosen`` (nobody said what *headers[0]* holds), ``twice`` (*headers* all
    hold *field*) or ``missing`` (no column holds *field*, which every list needs).
    """

    kind: str
    headers: tuple[str, ...] = ()
    field: str | None = None


def mapping_problems(
    headers: Sequence[str], choices: Sequence[str | None], number_rows: bool = False
) -> list[MappingProblem]:
    """What is wrong with mapping *headers* to *choices* (a field, ``ignore``, or None), the
    rows numbered (*number_rows*: no column need hold the record id) or not."""
    problems = [
        MappingProblem("unchosen", (header,))
        for header, choice in zip(headers, choices, strict=True)
        if choice is None or (choice not in (IGNORE, IDENTIFIER) and choice not in FIELDS)
    ]
    holding: dict[str, list[str]] = {}
    for header, choice in zip(headers, choices, strict=True):
        if choice is not None and choice != IGNORE and choice in FIELDS:
            holding.setdefault(choice, []).append(header)
    problems += [
        MappingProblem("twice", tuple(held), field)
        for field, held in holding.items()
        if len(held) > 1
    ]
    if "record_id" not in holding and not number_rows:
        problems.append(MappingProblem("missing", (), "record_id"))
    return problems


def _mapping(
    headers: Sequence[str],
    choices: Sequence[str | None],
    date_order: DateOrder | None = None,
    number_rows: bool = False,
) -> ColumnMapping:
    return ColumnMapping(
        {header: choice or IGNORE for header, choice in zip(headers, choices, strict=True)},
        date_order=date_order,
        number_rows=number_rows,
    )


def preview_import(
    vault: VaultSession,
    path: Path,
    *,
    source: str,
    choices: Sequence[str | None] | None = None,
    date_order: DateOrder | None = None,
    dates: bool = True,
    number_rows: bool = False,
) -> ListPreview:
    """The list's headers and its first :data:`PREVIEW_ROWS` rows as an import with *choices*
    (one per header; None: the guess) and *date_order* (how 05/03/1990 is read; None:
    refused) would read them, and with *dates* where the whole file's dates depend on the
    order (``ListPreview.dates``), the rows numbered with *number_rows*. Nothing is stored."""
    vault.require(Action.RECORDS_IMPORT)
    if choices is None:
        mapping = ColumnMapping(date_order=date_order, number_rows=number_rows)
    else:
        headers = preview_list(path, source=source, mapping=ColumnMapping(), count=0).headers
        given = list(choices)[: len(headers)]
        given += [None] * (len(headers) - len(given))
        mapping = _mapping(headers, given, date_order, number_rows)
    return preview_list(path, source=source, mapping=mapping, count=PREVIEW_ROWS, dates=dates)


@dataclass(frozen=True)
class ImportCheck:
    """What importing the whole list with the page's choices would meet, said before the
    import: the problems it would refuse the list for (the first kept, ``total`` counted)
    and the rows, as a spreadsheet numbers them, whose record the vault already holds from
    the row's source (never stored twice: skipped, revised, or the import refused). ``read``
    is the file's side, kept by the caller for the same choices: it is the cost (2.2-2.4 s of
    CPU per 100,000 rows with the dates surveyed, ``upload`` of benchmarks/intake_read.py),
    the vault's side is not."""

    problems: tuple[RowProblem, ...]
    total: int
    stored: tuple[int, ...]
    read: ListCheck
    #: whether some of ``stored`` are another source's, named in the file's source column
    #: (the import refuses those rows for naming it)
    other_sources: bool = False


def check_import(
    vault: VaultSession,
    path: Path,
    *,
    source: str,
    headers: Sequence[str],
    choices: Sequence[str | None],
    date_order: DateOrder | None = None,
    read: ListCheck | None = None,
    number_rows: bool = False,
) -> ImportCheck:
    """Read the whole list at *path* as :func:`import_mapped` would, surveying its dates in
    the same read (``read.dates``: the preview's survey, without a second read), or take
    *read*, that reading kept from before; and ask the vault which of its rows it already
    holds, each under the row's own source (*source*, or another its source column names):
    with *number_rows*, the rows at the positions an earlier numbered list of the source
    filled. Nothing is stored."""
    vault.require(Action.RECORDS_IMPORT)
    if read is None:
        mapping = _mapping(headers, choices, date_order, number_rows)
        read = check_list(path, source=source, mapping=mapping, dates=True)
    known = _stored_records(vault, read.rows)
    stored = tuple(sorted(read.rows[key] for key in known))
    others = frozenset(own for own, _ in known) - {source}
    return ImportCheck(read.problems, read.total, stored, read, bool(others))


def import_mapped(
    vault: VaultSession,
    path: Path,
    *,
    source: str,
    headers: Sequence[str],
    choices: Sequence[str | None],
    case: str | None = None,
    existing: str = "refuse",
    file_name: str | None = None,
    date_order: DateOrder | None = None,
    number_rows: bool = False,
) -> ImportSummary:
    """:func:`import_file` with the mapping chosen on the import page (the same
    :class:`ColumnMapping` the CLI's ``--mapping`` file becomes, *date_order* its
    ``[dates] order``, *number_rows* its ``--number-rows``), the first two kept for
    *source*'s next list once the import succeeds (the rows' numbering is asked each time:
    what it means for a list imported again is said before each import). The caller checked
    :func:`mapping_problems` first."""
    summary = import_file(
        vault,
        path,
        source=source,
        case=case,
        mapping=_mapping(headers, choices, date_order),
        existing=existing,
        file_name=file_name,
        number_rows=number_rows,
    )
    columns = {
        header_key(header): choice
        for header, choice in zip(headers, choices, strict=True)
        if header.strip() and choice is not None
    }
    store.save_import_mapping(vault, source, columns, date_order)
    return summary
