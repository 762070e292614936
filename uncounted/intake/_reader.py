"""Reading a whole list (CSV, XLSX or JSON) into validated records, or rejecting it whole.

Two ways in: :func:`read_records` returns every record at once; :func:`iter_records` streams
them for the vault's bulk import, which writes inside one transaction and rolls back when the
iterator raises :class:`ImportRejected` at the end. Records stop being yielded at the first
problem, but reading continues so that every problem in the file is reported together.
Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Literal

from uncounted.intake._limits import ImportLimits
from uncounted.intake._mapping import FIELDS, IDENTIFIER, ColumnMapping, load_mapping
from uncounted.intake._problems import ImportRejected, ListRead, RowProblem, file_problem
from uncounted.intake._rows import (
    DATE_FIELDS,
    DateOrderProblem,
    FieldProblem,
    RowConverter,
    short_text,
)
from uncounted.intake._tables import RowIssue, Table, TableError, format_of, open_table
from uncounted.messages import N_, Message
from uncounted.model import DATE_ORDERS, DateOrder, PartialDate, Record

_BLANK = " \t\r\n\v\f\u00a0\ufeff\u200b"


@dataclass(frozen=True)
class ParsedList:
    """A list read in full: its records and what the caseworker should know about it."""

    file: str
    source: str
    format: str
    encoding: str | None
    records: tuple[Record, ...]
    warnings: tuple[str, ...] = ()
    #: per record, its further identifiers (header as in the file -> value; empty cells left
    #: out): sealed with the identity on import
    identifiers: tuple[Mapping[str, str], ...] = ()
    #: each (source, record id) with its row, as a spreadsheet numbers it: a refusal names rows
    rows: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class ListReader:
    """One pass over a list file; iterate it for records, then read ``warnings``.

    ``source`` names the source of every row (an import), or is None for the records format,
    where each row names its own in a ``source`` column and record ids are unique per source.
    ``extra`` names further columns (a document number, say) that no field holds: they are
    kept as text, checked like any short text, and given by :meth:`rows` beside each record.
    Columns holding further identifiers (mapped to ``identifier``, or with a header the
    mapping recognises as one) are kept the same way; ``identifiers`` names them once the
    header has been read. ``names_required`` (an import into the vault) makes a row with no
    name in a list with a name column a problem; a file read only to be linked
    (``uncounted link``) keeps such rows, linked on their other fields only (FEBRL4 holds
    three, and a whole file must not be refused for them).
    """

    path: Path
    source: str | None
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    encoding: str | None = None
    limits: ImportLimits = field(default_factory=ImportLimits)
    extra: tuple[str, ...] = ()
    names_required: bool = True
    format: str = ""
    rows_read: int = 0
    #: the data rows with anything in them, and those of them left out because what they
    #: hold is only in columns not read (ignored, or not chosen yet): counted so that a list
    #: never loses a row unsaid (stop 22: a row filled only in a column still unchosen was
    #: skipped as blank, in the preview and the import alike)
    rows_in_file: int = 0
    _header_read: bool = field(default=False, init=False)
    """Whether the header passed and the rows were read (what a refusal says was read)."""
    left_out: list[int] = field(default_factory=list)
    #: each row the same as an earlier row in every column, with that earlier row: left out
    #: (imported once), and said (walkday4: a copied row was imported as a second record)
    repeated: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    #: the headers of the columns :meth:`rows` gives beside each record, in that order
    kept: tuple[str, ...] = ()
    #: each source's record ids read so far, each with its row (the first, when one repeats):
    #: a dict per source rather than one keyed by (source, record id), a tuple fewer per row
    numbers: dict[str | None, dict[str, int]] = field(default_factory=dict)
    #: whether :meth:`rows` also surveys the dates the date order changes, into ``dates``
    #: (the import page's check: one read of the file for both)
    survey_dates: bool = False
    #: that survey, once the header has been read (None: not asked, or the header refused)
    dates: DateSurvey | None = None
    _width: int = 0
    _least: int = 0

    def __post_init__(self) -> None:
        self.file = self.path.name
        if self.source is not None and (
            not self.source.strip() or self.source != self.source.strip()
        ):
            raise file_problem(self.file, N_("the source name is empty or has surrounding spaces"))
        try:
            self.format = format_of(self.path)
        except TableError as error:
            raise file_problem(self.file, error.reason) from None

    def record_rows(self) -> dict[tuple[str, str], int]:
        """Each (source, record id) read so far with its row, as a spreadsheet numbers it.

        The source is the row's own (its ``source`` column) or the import's: two sources may
        use the same record id, and a row is already in the vault only under its own."""
        return {
            (source, record_id): number
            for source, rows in self.numbers.items()
            if source is not None  # a records-format row without a source: refused for it
            for record_id, number in rows.items()
        }

    def __iter__(self) -> Iterator[Record]:
        return (record for record, _ in self.rows())

    def rows(self) -> Iterator[tuple[Record, tuple[str, ...]]]:
        """Each record with the cells of its ``extra`` columns (in the file's column order)."""
        with self._open() as handle:
            try:
                table = open_table(self.path, handle, self.format, self.encoding, self.limits)
            except TableError as error:
                raise file_problem(self.file, error.reason) from None
            self.encoding = table.encoding
            try:
                yield from self._records(table)
            except ImportRejected as rejected:
                rejected.read = self._what_was_read(rejected)
                raise

    def _what_was_read(self, rejected: ImportRejected) -> ListRead:
        """What was read of the file when it was refused for *rejected*'s problems."""
        encoding = (self.encoding or "").upper().replace("_", "-")  # "utf_8": "UTF-8"
        kind = ", ".join(part for part in (self.format.upper(), encoding) if part)
        named = (problem.column or problem.field for problem in rejected.errors if problem.row)
        columns = tuple(dict.fromkeys(name for name in named if name))
        return ListRead(kind, self.rows_in_file if self._header_read else None, columns)

    def preview(self, count: int, *, dates: bool = False) -> ListPreview:
        """The header and the first *count* non-blank data rows, each with its problems; with
        *dates*, the whole file is read on for its :class:`DateSurvey` (``dates``)."""
        with self._open() as handle:
            try:
                table = open_table(self.path, handle, self.format, self.encoding, self.limits)
            except TableError as error:
                raise file_problem(self.file, error.reason) from None
            headers = tuple(_clean(cell) for cell in table.header)
            found = _Problems(self.file, self.limits.max_problems)
            fields, _ = self._header(table, found)
            converter = RowConverter(self.source, self.mapping)
            columns = [(i, name) for i, name in enumerate(fields) if name is not None]
            self._width = len(fields)
            rows: list[PreviewRow] = []
            survey = DateSurvey() if dates else None
            dated = [(i, headers[i]) for i, name in columns if name in DATE_FIELDS]
            try:
                for seen, (number, row) in enumerate(table.rows, 1):
                    if survey is not None and seen <= self.limits.max_rows:
                        survey.add(number, row, dated)
                    if len(rows) == count:
                        if survey is None or not dated or seen > self.limits.max_rows:
                            break
                        continue
                    own = _Problems(self.file, self.limits.max_problems, found.columns)
                    if isinstance(row, RowIssue):
                        own.append(RowProblem(self.file, number, None, row.reason))
                        rows.append(PreviewRow(number, None, tuple(own.kept)))
                        continue
                    key, record = self._row(number, columns, row, converter, own)
                    if key is None and record is None and not own:
                        continue  # a blank row
                    rows.append(PreviewRow(number, record, tuple(own.kept)))
            except TableError as error:
                found.append(RowProblem(self.file, error.row, None, error.reason))
        return ListPreview(
            self.file, headers, table.header_row, tuple(rows), tuple(found.kept), survey
        )

    def _open(self) -> IO[bytes]:
        """The file open for reading, refused unless it is a regular file within the limits.

        Opened without blocking and checked before a byte is read: a pipe would wait for a
        writer for ever and a device such as ``/dev/zero`` never ends. A symbolic link to a
        regular file is followed (the web's uploads are read through one).
        """
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            raise file_problem(self.file, N_("file not found")) from None
        except OSError:
            raise file_problem(self.file, N_("the file cannot be opened")) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise file_problem(
                    self.file, N_("is not a regular file (a folder, device or pipe); refused")
                )
            limit = self.limits.max_file_bytes
            if self.format == "json":
                limit = self.limits.max_json_bytes
            if info.st_size > limit:
                reason = Message(
                    N_("the file is larger than {mib} MiB, the most a list may be; split it"),
                    mib=limit >> 20,
                )
                raise file_problem(self.file, reason)
            os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        handle = os.fdopen(fd, "rb")
        return handle

    def _header(self, table: Table, problems: _Problems) -> tuple[list[str | None], list[int]]:
        """The field of each column and the positions of the extra columns; header problems.

        A column named in ``extra`` that no field holds is kept as text; ``extra`` names that
        are fields are read as those fields.
        """
        header = [_clean(cell) for cell in table.header]
        kept = {name for name in self.extra if self.mapping.field_for(name) in (None, IDENTIFIER)}
        found = [name for name in header if name and self.mapping.field_for(name) == IDENTIFIER]
        self.identifiers = tuple(dict.fromkeys(found))
        extra_at = [i for i, name in enumerate(header) if name in kept or name in found]
        fields, reasons = self.mapping.assign(
            ["" if name in kept or name in found else name for name in header]
        )
        at = table.header_row
        problems.columns = {name: header[i] for i, name in enumerate(fields) if name is not None}
        problems.extend(RowProblem(self.file, at, None, reason) for reason in reasons)
        required: tuple[str, ...] = (
            ("source", "record_id") if self.source is None else ("record_id",)
        )
        if self.mapping.number_rows:  # the row's number is its record id
            required = tuple(name for name in required if name != "record_id")
            if "record_id" in fields:
                reason = Message(
                    N_(
                        "column {column} holds record_id, and the rows are to be numbered:"
                        " choose one"
                    ),
                    column=fields.index("record_id") + 1,
                )
                problems.append(RowProblem(self.file, at, None, reason))
        absent = [name for name in required if name not in fields]
        absent += [name for name in self.extra if name not in kept and name not in fields]
        absent += sorted(kept - {header[i] for i in extra_at})
        for name in absent:
            reason = Message(
                _NO_RECORD_ID if name == "record_id" else N_("no column holds {field}"),
                field=name,
            )
            problems.append(RowProblem(self.file, at, None, reason))
        return fields, extra_at

    def _records(self, table: Table) -> Iterator[tuple[Record, tuple[str, ...]]]:
        self.warnings = []
        self.rows_read = self.rows_in_file = 0
        self._header_read = False
        self.left_out = []
        self.repeated = []
        copies: dict[int, int] = {}  # a digest of each filled row's cells -> its row
        problems = _Problems(self.file, self.limits.max_problems)
        if len(table.header) > self.limits.max_columns:
            reason = Message(
                N_("the header has more than {limit} columns, the most a list may have"),
                limit=self.limits.max_columns,
            )
            raise ImportRejected(self.file, [RowProblem(self.file, table.header_row, None, reason)])
        fields, extra_at = self._header(table, problems)
        if problems:
            raise problems.rejected()
        self._header_read = True
        self.columns = tuple(
            name if name is not None else _clean(table.header[i])
            for i, name in enumerate(fields)
            if name is not None or i in extra_at
        )
        converter = RowConverter(self.source, self.mapping)
        columns = [(i, name) for i, name in enumerate(fields) if name is not None]
        extra = [(i, _clean(table.header[i])) for i in extra_at]
        self.kept = tuple(name for _, name in extra)
        self._width = len(fields)
        named_at = [i for i, cell in enumerate(table.header) if _clean(cell)]
        self._least = named_at[-1] + 1 if table.fixed_width and named_at else 0
        self.numbers = {}
        seen = self.numbers
        unordered = DateSurvey()  # the slashed dates the mapping gives no order for
        survey = self.dates = DateSurvey() if self.survey_dates else None
        dated = [(i, _clean(table.header[i])) for i, name in columns if name in DATE_FIELDS]
        rows = 0
        try:
            for number, row in table.rows:
                rows += 1
                if rows > self.limits.max_rows:
                    reason = Message(
                        N_("the list has more than {limit} rows; split it"),
                        limit=self.limits.max_rows,
                    )
                    problems.append(RowProblem(self.file, number, None, reason))
                    break
                if survey is not None:
                    survey.add(number, row, dated)
                if isinstance(row, RowIssue):
                    self.rows_in_file += 1
                    field_name = self.mapping.field_for(row.field) if row.field else None
                    named = field_name if field_name in FIELDS else None
                    problems.append(RowProblem(self.file, number, named, row.reason))
                    continue
                earlier_copy = _copy_of(number, row, copies)
                if earlier_copy is not None:
                    self.rows_in_file += 1
                    self.repeated.append((number, earlier_copy))
                    continue
                key, record = self._row(number, columns, row, converter, problems, unordered)
                if key is None:
                    continue
                source, record_id = key
                earlier = seen.setdefault(source, {}).setdefault(record_id, number)
                if earlier != number:
                    reason = Message(N_("repeats the record_id of row {row}"), row=earlier)
                    problems.append(RowProblem(self.file, number, "record_id", reason))
                    continue
                cells = _extra_cells(self.file, number, extra, row, problems)
                if record is not None and not problems and not unordered.order_matters:
                    yield record, cells
        except TableError as error:
            problems.append(RowProblem(self.file, error.row, None, error.reason))
        if unordered.order_matters:  # said once and first: one choice reads them all
            problems.first(unordered.refusal(self.file))
        if not seen and not problems:
            problems.append(RowProblem(self.file, None, None, N_("the file holds no records")))
        if problems:
            raise problems.rejected()
        if self.left_out:
            self.warnings.append(
                Message(
                    N_(
                        "rows left out, filled only in columns that are not read (ignored, or"
                        " not chosen): {count}, the first of them row {first}"
                    ),
                    count=len(self.left_out),
                    first=self.left_out[0],
                )
            )
        for number, earlier_copy in self.repeated:
            self.warnings.append(Message(_REPEATED, row=number, earlier=earlier_copy))
        if converter.unmatched_places:
            self.warnings.append(
                Message(
                    N_(
                        "{count} rows name a place not in the gazetteer; "
                        "the place is kept as written (sealed) and not counted by district"
                    ),
                    count=converter.unmatched_places,
                )
            )

    def _row(
        self,
        number: int,
        columns: list[tuple[int, str]],
        row: list[str],
        converter: RowConverter,
        problems: _Problems,
        unordered: DateSurvey | None = None,
    ) -> tuple[tuple[str | None, str] | None, Record | None]:
        """The row's (source, record_id) as written (None for a blank row) and its record.

        ``columns`` pairs the position of each read column with its field; ignored columns
        are not even cleaned. A row blank in every read column is skipped. Slashed dates the
        mapping gives no order for go to the survey *unordered* (said once for the file) when
        it is given.
        """
        width = len(row)
        named = {name: row[i].strip(_BLANK) for i, name in columns if i < width}
        overflow = width > self._width and any(cell.strip(_BLANK) for cell in row[self._width :])
        filled = any(cell.strip(_BLANK) for cell in row)
        self.rows_in_file += filled
        if not overflow and not any(named.values()):
            if filled:  # something only in columns not read: left out, and said so
                self.left_out.append(number)
            return None, None
        self.rows_read += 1
        if self.mapping.number_rows:
            named["record_id"] = str(number)
        record_id = named.get("record_id")
        key = (named.get("source") or self.source, record_id) if record_id else None
        if overflow or width < self._least:
            reason = (
                N_("has more cells than the header")
                if overflow
                else N_("has fewer cells than the header")
            )
            problems.append(RowProblem(self.file, number, None, reason))
            return key, None
        record, reasons = converter.convert(named)
        # a list with a name column: a row with no name at all is refused, not imported as
        # nobody (walkday4); a list without one (counts by event only) is read as it is
        named_in = [name for name in ("name", "name_original") if name in problems.columns]
        nameless = record is not None and not (record.name or record.name_original)
        if nameless and named_in and self.names_required:
            reasons.append(FieldProblem(named_in[0], _NO_NAME))
            record = None
        if unordered is not None:
            reasons = [
                p for p in reasons if not unordered.took(number, p, problems.columns.get(p.field))
            ]
        if reasons:
            problems.extend(
                RowProblem(
                    self.file,
                    number,
                    p.field,
                    p.reason,
                    needs_date_order=isinstance(p, DateOrderProblem),
                )
                for p in reasons
            )
        return key, record


_NO_NAME = N_("has no name: a record must name its person, in Latin letters or as written")
_REPEATED = N_(
    "row {row} is the same as row {earlier} in every column: left out, so that the record is"
    " imported once; if they are two people, tell the rows apart in the file (a record"
    " number, a note) and import it again"
)
_NO_RECORD_ID = N_(
    "no column holds {field}: name the column that does in a mapping file, or, for a list"
    " without one, number the rows (--number-rows, or numbered = true under [rows] in the"
    " mapping file; “Number the rows” on the import page)"
)
_ORDER_NEEDED = N_(
    "dates like 05/03/1990 may mean 5 March (day first) or 3 May (month first), and none is"
    ' guessed; rows holding them: {count}. Choose in the mapping: order = "day-first" or'
    ' "month-first" under [dates] in a mapping file, or “Dates like 05/03/1990 mean” on the'
    " import page{hint}"
)
_ONLY_DAY_FIRST = N_(
    "; row {row} holds a date only day first can read (a number above 12 before the first"
    " slash), so the file looks day-first"
)
_ONLY_MONTH_FIRST = N_(
    "; row {row} holds a date only month first can read (a number above 12 after the first"
    " slash), so the file looks month-first"
)
_BOTH_ORDERS = N_(
    "; row {day_row} holds a date only day first can read and row {month_row} one only month"
    " first can read: check the file"
)


#: The dates of each kind a :class:`DateSurvey` keeps where they are (the rest it counts).
SURVEY_KEPT = 500
#: The kinds of date a survey sorts slashed dates into: read by both orders (differently),
#: by one order only, or by neither.
DateKind = Literal["either", "day-first", "month-first", "neither"]


@dataclass
class DateSurvey:
    """Where a whole list's dates depend on the date order, read before any order is chosen.

    The import page asks what dates like 05/03/1990 mean; a list may also hold 25/03/1990 (only
    day first reads it), 03/25/1990 (only month first) and 13/25/1990 (no order reads it). The
    preview shows five rows, the import refuses the whole file: without this the analyst
    learnt of the date no choice could read only after choosing. Each slashed date cell whose
    meaning the order changes is sorted by :meth:`PartialDate.orders_reading` (the one rule)
    and kept as (row, header as the file has it, what the caseworker sees in their
    spreadsheet) up to :data:`SURVEY_KEPT` of each kind; the rest are counted.

    The import's own read keeps one too, of the dates its mapping gives no order for
    (:meth:`took`), and refuses the file with its :meth:`refusal`: the command
    line's one line and the page's survey count the same way.
    """

    spots: dict[DateKind, list[tuple[int, str]]] = field(default_factory=dict)
    counts: dict[DateKind, int] = field(default_factory=dict)
    #: rows holding a date the order changes (each row once)
    rows: int = 0
    #: the first such date (row, column)
    first: tuple[int, str] | None = None
    #: the field of the first such date, when the import's read sorted it (:meth:`took`)
    first_field: str | None = None
    _read: dict[str, tuple[DateOrder, ...] | None] = field(default_factory=dict, repr=False)
    _last_row: int | None = field(default=None, repr=False)

    def add(self, number: int, row: list[str] | RowIssue, dated: list[tuple[int, str]]) -> None:
        """Sort the date cells of one row (*dated*: each date column's position and header)."""
        if isinstance(row, RowIssue):
            return
        for i, header in dated:
            text = row[i].strip(_BLANK) if i < len(row) else ""
            if "/" not in text:
                continue
            if text not in self._read:
                self._read[text] = PartialDate.orders_reading(text)
            readings = self._read[text]
            if readings is not None:
                self._sort(number, header, readings)

    def took(self, number: int, problem: FieldProblem, column: str | None) -> bool:
        """Sort *problem* (of row *number*, in the column the file heads *column*) when it is
        a slashed date the mapping gives no order for (:class:`DateOrderProblem`, which names
        the orders that read it)."""
        if not isinstance(problem, DateOrderProblem):
            return False
        self._sort(number, column or problem.field, problem.readings, problem.field)
        return True

    def _sort(
        self, number: int, column: str, readings: tuple[DateOrder, ...], field: str | None = None
    ) -> None:
        """Sort a date at (*number*, *column*) by the orders that read it, *readings* (none, one,
        or both, differently): the one count behind the page's survey and the refusal."""
        kind: DateKind = "neither" if not readings else readings[0]
        if len(readings) == len(DATE_ORDERS):
            kind = "either"
        self.counts[kind] = self.counts.get(kind, 0) + 1
        kept = self.spots.setdefault(kind, [])
        if len(kept) < SURVEY_KEPT:
            kept.append((number, column))
        if kind != "neither":
            if self.first is None:
                self.first, self.first_field = (number, column), field
            if self._last_row != number:
                self._last_row = number
                self.rows += 1

    def count(self, kind: DateKind) -> int:
        return self.counts.get(kind, 0)

    @property
    def order_matters(self) -> bool:
        """Whether the choice of a date order changes how any date of the list reads."""
        return any(self.count(kind) for kind in ("either", "day-first", "month-first"))

    def only(self) -> DateOrder | None:
        """The one order that reads every slashed date the order matters to, if only one does
        (the list holds dates only it reads and none only the other reads)."""
        alone = [order for order in DATE_ORDERS if self.count(order)]
        return alone[0] if len(alone) == 1 else None

    def refusal(self, file: str) -> RowProblem:
        """The one line that refuses *file* for its dates without an order, at the first (by
        the file's header), counting the rows and pointing at
        the first row each order alone reads: it suggests an order the file itself settles,
        and never picks one."""
        assert self.first is not None
        day, month = self.spots.get("day-first"), self.spots.get("month-first")
        hint: str = ""
        if day and month:
            hint = Message(_BOTH_ORDERS, day_row=day[0][0], month_row=month[0][0])
        elif day:
            hint = Message(_ONLY_DAY_FIRST, row=day[0][0])
        elif month:
            hint = Message(_ONLY_MONTH_FIRST, row=month[0][0])
        reason = Message(_ORDER_NEEDED, count=self.rows, hint=hint)
        row, column = self.first
        return RowProblem(file, row, self.first_field, reason, column=column, needs_date_order=True)


@dataclass(frozen=True)
class PreviewRow:
    """One data row as the import would read it: its number as a spreadsheet shows it, its
    record (None when it has problems) and its problems."""

    number: int
    record: Record | None
    problems: tuple[RowProblem, ...]


@dataclass(frozen=True)
class ListPreview:
    """The header of a list and its first rows as they would be read with one mapping.

    ``headers`` are the file's own column names (cleaned), ``problems`` those of the header
    and the file as a whole; a file that cannot be opened has no headers and one problem.
    """

    file: str
    headers: tuple[str, ...]
    header_row: int | None
    rows: tuple[PreviewRow, ...]
    problems: tuple[RowProblem, ...]
    #: the whole file's dates that the date order changes, when asked for (``dates=True``)
    dates: DateSurvey | None = None


def preview_list(
    path: Path,
    *,
    source: str,
    mapping: ColumnMapping,
    count: int,
    encoding: str | None = None,
    limits: ImportLimits | None = None,
    dates: bool = False,
) -> ListPreview:
    """The header and the first *count* data rows of the list at *path*, read with *mapping*
    by the very code an import uses (:class:`ListReader`); nothing is stored or written.
    With *dates*, the whole file is read on for where the date order matters
    (:class:`DateSurvey`)."""
    try:
        reader = ListReader(Path(path), source, mapping, encoding, limits or ImportLimits())
        return reader.preview(count, dates=dates)
    except ImportRejected as rejected:
        return ListPreview(Path(path).name, (), None, (), tuple(rejected.errors))


@dataclass(frozen=True)
class ListCheck:
    """What importing a whole list would find, read by the import's own code with nothing
    stored: its problems (the first ``limits.max_problems`` kept, ``total`` counted) and the
    row of each (source, record id), for the rows an earlier list already brought."""

    problems: tuple[RowProblem, ...]
    total: int
    #: each (source, record id) of the list with its row, as a spreadsheet numbers it
    rows: Mapping[tuple[str, str], int]
    #: where the whole file's dates depend on the date order, when asked for (``dates=True``)
    dates: DateSurvey | None = None
    #: the data rows with anything in them (``ListReader.rows_in_file``)
    rows_in_file: int = 0
    #: the rows of them left out: filled only in columns not read (``ListReader.left_out``)
    left_out: tuple[int, ...] = ()
    #: the rows left out as the same as an earlier row in every column, each with that row
    #: (``ListReader.repeated``)
    repeated: tuple[tuple[int, int], ...] = ()


def check_list(
    path: Path,
    *,
    source: str,
    mapping: ColumnMapping,
    encoding: str | None = None,
    limits: ImportLimits | None = None,
    dates: bool = False,
) -> ListCheck:
    """Read the whole list at *path* as :func:`read_records` would with *mapping*, for the
    import page to say before the import what it would refuse (2.1 s of CPU per 100,000
    rows, as :func:`iter_records`: the import's cost without the vault's); with *dates*, the
    same read surveys where the date order matters (``dates``, as :func:`preview_list`'s:
    the page reads the file once for both)."""
    try:
        reader = ListReader(Path(path), source, mapping, encoding, limits or ImportLimits())
    except ImportRejected as rejected:
        return ListCheck(tuple(rejected.errors), rejected.total, {})
    reader.survey_dates = dates
    problems: tuple[RowProblem, ...] = ()
    total = 0
    try:
        for _ in reader.rows():
            pass
    except ImportRejected as rejected:
        problems, total = tuple(rejected.errors), rejected.total
    return ListCheck(
        problems,
        total,
        reader.record_rows(),
        reader.dates,
        reader.rows_in_file,
        tuple(reader.left_out),
        tuple(reader.repeated),
    )


def _copy_of(number: int, row: list[str], copies: dict[int, int]) -> int | None:
    """The earlier row *row* is the same as in every column (cells compared cleaned), or None;
    a filled row is kept in *copies* by a digest of its cells, never its text (16 bytes, held
    as a number: 44 bytes of memory a row where the bytes object takes 49)."""
    cells = [_clean(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return None
    digest = int.from_bytes(hashlib.blake2b(repr(cells).encode(), digest_size=16).digest())
    earlier = copies.setdefault(digest, number)
    return earlier if earlier != number else None


def _extra_cells(
    file: str, number: int, extra: list[tuple[int, str]], row: list[str], problems: _Problems
) -> tuple[str, ...]:
    """The cleaned cells of the extra columns, each checked as short text."""
    cells: list[str] = []
    for i, name in extra:
        cell = row[i].strip(_BLANK) if i < len(row) else ""
        try:
            cells.append(short_text(name, cell))
        except FieldProblem as problem:
            problems.append(RowProblem(file, number, name, problem.reason))
    return tuple(cells)


class _Problems:
    """The problems of one file: the first ``keep`` in full, the rest only counted.

    A file wrong on every one of a million rows must not hold (or print) a million sentences.
    """

    def __init__(self, file: str, keep: int, columns: Mapping[str, str] | None = None) -> None:
        self.file = file
        self.keep = keep
        self.kept: list[RowProblem] = []
        self.total = 0
        #: The file's header of each field read (set once the header is read): a problem with
        #: a field is named by the column as the file heads it.
        self.columns: Mapping[str, str] = columns or {}

    def __bool__(self) -> bool:
        return self.total > 0

    def append(self, problem: RowProblem) -> None:
        self.total += 1
        if len(self.kept) < self.keep:
            self.kept.append(self._named(problem))

    def first(self, problem: RowProblem) -> None:
        """Add *problem* before the others (one choice that many rows wait for)."""
        self.total += 1
        self.kept.insert(0, self._named(problem))
        del self.kept[self.keep :]

    def _named(self, problem: RowProblem) -> RowProblem:
        header = self.columns.get(problem.field) if problem.field else None
        return replace(problem, column=header) if header else problem

    def extend(self, problems: Iterable[RowProblem]) -> None:
        for problem in problems:
            self.append(problem)

    def rejected(self) -> ImportRejected:
        return ImportRejected(self.file, self.kept, self.total)


def _clean(cell: str) -> str:
    """A cell without surrounding spaces, byte-order marks or zero-width spaces."""
    return cell.strip(_BLANK)


def column_mapping(
    mapping: Path | ColumnMapping | None, *, number_rows: bool = False
) -> ColumnMapping:
    """*mapping* as a :class:`ColumnMapping`: a mapping file read, or the headers' own names
    when None; with *number_rows*, each row known by its row number (a list without a
    record-number column: :attr:`ColumnMapping.number_rows`)."""
    if mapping is None:
        found = ColumnMapping()
    elif isinstance(mapping, ColumnMapping):
        found = mapping
    else:
        found = load_mapping(mapping)
    return replace(found, number_rows=True) if number_rows else found


def iter_records(
    path: Path,
    *,
    source: str,
    mapping: Path | ColumnMapping | None = None,
    encoding: str | None = None,
    limits: ImportLimits | None = None,
) -> Iterator[Record]:
    """Stream the records of a list; raises :class:`ImportRejected` (at the end) on problems.

    Records are yielded only while no problem has been seen, so a consumer that writes them
    inside a transaction and rolls back on :class:`ImportRejected` stores all rows or none.
    """
    return iter(
        ListReader(Path(path), source, column_mapping(mapping), encoding, limits or ImportLimits())
    )


def read_records(
    path: Path,
    *,
    source: str,
    mapping: Path | ColumnMapping | None = None,
    encoding: str | None = None,
    limits: ImportLimits | None = None,
) -> ParsedList:
    """Read and validate a whole list; raises :class:`ImportRejected` listing every problem."""
    reader = ListReader(
        Path(path), source, column_mapping(mapping), encoding, limits or ImportLimits()
    )
    rows = list(reader.rows())
    return ParsedList(
        file=reader.file,
        source=source,
        format=reader.format,
        encoding=reader.encoding,
        records=tuple(record for record, _ in rows),
        warnings=tuple(reader.warnings),
        identifiers=tuple(
            {name: cell for name, cell in zip(reader.kept, cells, strict=True) if cell}
            for _, cells in rows
        ),
        rows=reader.record_rows(),
    )
