"""Reading the rows of CSV, XLSX and JSON files as text cells, one row at a time.

Each reader yields ``(row_number, cells)`` where the row number is what a person sees in a
spreadsheet (the header is row 1) and cells is a header → text mapping. Nothing is written to
disk; CSV and XLSX are streamed, JSON is parsed once.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from uncounted.intake._encoding import SAMPLE_BYTES, EncodingUnknown, canonical, detect
from uncounted.intake._limits import ImportLimits
from uncounted.messages import N_, Message

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
}
_ZIP_MAGIC = b"PK\x03\x04"


class _LineTooLong(ValueError):
    """A physical line longer than ``ImportLimits.max_line_bytes`` (turned into a TableError)."""


class _MixedEncoding(ValueError):
    """A UTF-8 line in a file read as a single-byte code page (turned into a TableError)."""


class TableError(Exception):
    """A problem reading the table; ``row`` is None when the whole file is unreadable."""

    def __init__(self, reason: str, row: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


@dataclass(frozen=True)
class RowIssue:
    """A row that cannot be read, though the rows after it can.

    ``field`` is the file's own column name (the reader translates it), or None.
    """

    field: str | None
    reason: str


Row = tuple[int, list[str] | RowIssue]


@dataclass
class Table:
    """An open table: its header and an iterator over its data rows.

    ``fixed_width`` is True for CSV, where every row should have as many cells as the header:
    a shorter row means a lost delimiter and values that may have slid into the wrong column.
    (Workbooks and JSON leave empty cells out, so their rows are read as they come.)
    """

    header: list[str]
    rows: Iterator[Row]
    encoding: str | None = None
    header_row: int | None = 1
    fixed_width: bool = False


def format_of(path: Path) -> str:
    """``csv``, ``xlsx`` or ``json`` from the file name; :class:`TableError` otherwise."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise TableError(N_("old Excel .xls files are not read; save the sheet as .xlsx or CSV"))
    if suffix not in FORMATS:
        raise TableError(N_("not a list uncounted reads; use a .csv, .xlsx or .json file"))
    return FORMATS[suffix]


def cell_text(value: object) -> str:
    """A cell value as text: dates in ISO form, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- CSV ------------------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def open_csv(handle: IO[bytes], encoding: str | None, limits: ImportLimits) -> Table:
    """Open a CSV stream: detect (or check) its encoding and delimiter, read its header."""
    sample = handle.read(SAMPLE_BYTES)
    complete = len(sample) < SAMPLE_BYTES
    if not sample.strip():
        raise TableError(N_("the file is empty"))
    if sample.startswith(_ZIP_MAGIC):
        raise TableError(N_("this is a zip or Excel file, not CSV; give it an .xlsx name"))
    if encoding is None:
        try:
            if sample.isascii() and not complete:
                sample, complete = _first_non_ascii(handle, sample)
            encoding = detect(sample, complete=complete)
        except EncodingUnknown as error:
            if str(error) == "binary":
                raise TableError(N_("this is not a text file")) from None
            raise TableError(N_("cannot tell the text encoding; give it with --encoding")) from None
    elif encoding == "utf_8" and sample.startswith(codecs.BOM_UTF8):
        encoding = "utf_8_sig"
    handle.seek(0)
    lines = _decoded_lines(handle, encoding, limits.max_line_bytes)
    try:
        first = next(lines, "")
    except (UnicodeError, _MixedEncoding):
        raise TableError(
            Message(
                N_("the header is not valid {encoding} text; give --encoding"), encoding=encoding
            )
        ) from None
    except _LineTooLong:
        raise TableError(_line_too_long(limits)) from None
    delimiter = _delimiter(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(N_("the file is empty")) from None
    except (csv.Error, UnicodeError, _LineTooLong, _MixedEncoding):
        raise TableError(N_("the header row cannot be read as CSV")) from None
    rows = _CsvRows(reader, encoding, delimiter, len(header), limits)
    return Table(header, iter(rows), encoding, fixed_width=True)


def _line_too_long(limits: ImportLimits) -> Message:
    return Message(
        N_("a line is longer than {mib} MiB; this is not a list of records"),
        mib=limits.max_line_bytes >> 20,
    )


def _first_non_ascii(handle: IO[bytes], sample: bytes) -> tuple[bytes, bool]:
    """A sample for encoding detection from where the first non-ASCII text begins.

    A long list may start with thousands of Latin-only rows; its encoding shows only where the
    Cyrillic does. Reads on, one chunk at a time (nothing is kept), and returns the chunk
    starting at the line where non-ASCII bytes first appear, with whether it reaches the end.
    """
    while True:
        chunk = handle.read(SAMPLE_BYTES)
        if not chunk:
            return sample, True
        if not chunk.isascii():
            first = next(i for i, byte in enumerate(chunk) if byte > 0x7F)
            start = chunk.rfind(b"\n", 0, first) + 1
            rest = chunk[start:] + handle.read(start)
            return rest, len(rest) < SAMPLE_BYTES


def _decoded_lines(handle: IO[bytes], encoding: str, max_bytes: int) -> Iterator[str]:
    """The file's lines as text, decoded one line at a time so errors point at their row.

    In UTF-8 and the single-byte Cyrillic code pages a newline byte never sits inside a
    character, so splitting before decoding is safe; UTF-16 is decoded as a stream instead.

    A file read as a single-byte code page (cp1251, KOI8-R) decodes whatever its bytes are,
    so a row saved in UTF-8 among them would import as mojibake without a word: a line whose
    bytes are valid UTF-8 with letters beyond ASCII raises :class:`_MixedEncoding` instead.
    Russian text in cp1251 is essentially never valid UTF-8 (its letters are bytes 0xC0-0xFF,
    and UTF-8 needs 0x80-0xBF after each such byte).
    """
    if encoding.startswith("utf_16"):
        text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
        try:
            while line := text.readline(max_bytes + 1):
                if len(line) > max_bytes:
                    raise _LineTooLong
                yield line
        finally:
            # the caller closes the file; a wrapper still open when collected would warn
            if not handle.closed:
                text.detach()
        return
    single_byte = not encoding.startswith("utf") and encoding != "ascii"
    first = True
    while raw := handle.readline(max_bytes + 1):
        if len(raw) > max_bytes:
            raise _LineTooLong
        if single_byte and not raw.isascii() and _is_utf8(raw):
            raise _MixedEncoding
        if first and encoding == "utf_8_sig":
            yield raw.decode("utf_8_sig")
        else:
            yield raw.decode(encoding)
        first = False


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _CsvRows:
    """The data rows of a CSV file, refusing an unclosed quote where it swallows rows.

    Python's csv module reads a quote that is never closed as one cell running to the next
    quote or to the end of the file, so one stray quote silently turns the rows after it into
    a single name. A quoted cell may hold line breaks (a testimony), so a record spanning
    lines is refused only when a line inside one of its cells would itself be a row of the
    file (it splits into as many cells as the header), or when the file ends inside it (its
    last cell then ends with the line break the quote swallowed).
    """

    def __init__(
        self,
        reader: Any,
        encoding: str,
        delimiter: str,
        width: int,
        limits: ImportLimits,
    ) -> None:
        self.reader, self.encoding, self.delimiter, self.width = reader, encoding, delimiter, width
        self.limits = limits

    def __iter__(self) -> Iterator[Row]:
        number, line = 1, self.reader.line_num
        pending: tuple[int, list[str], int] | None = None
        while True:
            number += 1
            try:
                cells = next(self.reader)
            except StopIteration:
                break
            except UnicodeError:
                raise TableError(
                    Message(
                        N_("text is not valid {encoding}; give --encoding"),
                        encoding=self.encoding,
                    ),
                    number,
                ) from None
            except _MixedEncoding:
                raise TableError(
                    Message(
                        N_(
                            "is saved in UTF-8 while other rows are {encoding}; "
                            "save the whole file in one encoding"
                        ),
                        encoding=self.encoding,
                    ),
                    number,
                ) from None
            except _LineTooLong:
                raise TableError(_line_too_long(self.limits), number) from None
            except csv.Error:
                reason = N_(
                    "broken quoting, a NUL byte or a cell over 128 KB; the rest is unreadable"
                )
                raise TableError(reason, number) from None
            spanned = self.reader.line_num - line
            line = self.reader.line_num
            if spanned > 1 and self._swallows_rows(cells):
                raise TableError(_unclosed_quote(), number)
            if pending is not None:
                yield pending[0], pending[1]
            pending = (number, cells, spanned)
        if pending is not None:
            if any(cell.endswith(("\n", "\r")) for cell in pending[1]):
                raise TableError(_unclosed_quote(), pending[0])
            yield pending[0], pending[1]

    def _swallows_rows(self, cells: list[str]) -> bool:
        if self.width < 2:
            return False
        for cell in cells:
            for inner in cell.splitlines()[1:]:
                if len(next(csv.reader([inner], delimiter=self.delimiter), [])) == self.width:
                    return True
        return False


def _unclosed_quote() -> Message:
    return N_(
        "a quote opened in this row is not closed, so the rows after it were read as one "
        "cell; close or remove the quote"
    )


# --- XLSX -----------------------------------------------------------------------------------


def open_xlsx(path: Path, handle: IO[bytes], limits: ImportLimits) -> Table:
    """Open the first sheet of a workbook in read-only mode; the first row is the header.

    The archive is checked before openpyxl opens it (:class:`~uncounted.ledger.SafeZip`): a
    workbook is a zip of XML, and a zip bomb of 1.5 MB inflated to 1.6 GB in openpyxl's
    hands. Each member then inflates to no more than it declared (zipfile stops there). Rows
    are read no wider than the header (plus one column, to tell cells beyond it), so a sheet
    whose declared dimension is forged cannot make openpyxl pad every row to 16,384 cells.
    """
    check_workbook_archive(path, handle, limits)
    from openpyxl import load_workbook  # heavy import, needed only for workbooks

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        widest = limits.max_columns + 1  # one more than allowed, for the reader to refuse
        header = next(sheet.iter_rows(max_row=1, max_col=widest, values_only=True), None)
    except Exception as error:
        # openpyxl raises many exception types (zip, XML, key and value errors) on a damaged
        # or forged workbook; for the user every one of them means the same thing.
        raise TableError(N_("the workbook is damaged or not an .xlsx file")) from error
    if header is None:
        workbook.close()
        raise TableError(N_("the file is empty"))
    cells = [cell_text(v) for v in header]
    while cells and not cells[-1]:
        cells.pop()
    rows = sheet.iter_rows(min_row=2, max_col=max(len(cells), 1) + 1, values_only=True)
    return Table(cells, _xlsx_rows(workbook, rows))


def check_workbook_archive(path: Path, handle: IO[bytes], limits: ImportLimits) -> None:
    """What the importer checks of a workbook before openpyxl reads it (:func:`open_xlsx`).

    The ZIP magic, then every member's name, type and declared sizes (:class:`SafeZip`),
    their count and the bytes they inflate to together; :class:`TableError` if any is wrong.
    *handle* is left at the start of the file.
    """
    if handle.read(4) != _ZIP_MAGIC:
        raise TableError(N_("this is not an Excel .xlsx workbook"))
    handle.seek(0)
    from uncounted.ledger import SafeZip, UnsafeArchiveError, ZipLimits

    bounds = ZipLimits(
        max_members=limits.max_members,
        max_ratio=10**9,  # a sheet's XML may compress 100 times; the total bounds it
        max_total_bytes=limits.max_unpacked_bytes,
        plain_names=False,
    )
    try:
        with SafeZip(path, bounds):
            pass  # checked on opening
    except UnsafeArchiveError as unsafe:
        raise TableError(Message(N_("the workbook is refused: {reason}"), reason=unsafe)) from None


def _xlsx_rows(workbook: Any, rows: Iterator[tuple[object, ...]]) -> Iterator[Row]:
    number = 1
    try:
        while True:
            number += 1
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as error:
                # as in open_xlsx: any failure inside the sheet's XML means it is damaged
                raise TableError(N_("the sheet is damaged from here on"), number) from error
            yield number, [cell_text(v) for v in values]
    finally:
        workbook.close()


# --- JSON -----------------------------------------------------------------------------------


class _TooManyDigits(ValueError):
    """A JSON integer longer than ``ImportLimits.max_json_digits``."""


def open_json(handle: IO[bytes], limits: ImportLimits) -> Table:
    """Parse a JSON list of objects; the header is the union of their keys, in first-seen order.

    Row numbers are the objects' positions in the list, counting from 1. The file's size is
    bounded before it is read (``ImportLimits.max_json_bytes``); an integer of thousands of
    digits (Python refuses to convert one over 4,300 with a ValueError) and nesting deeper
    than the interpreter's recursion limit are refused as such.
    """
    data = handle.read(limits.max_json_bytes + 1)
    if len(data) > limits.max_json_bytes:
        raise TableError(
            Message(
                N_("the file is larger than {mib} MiB, the most a list may be; split it"),
                mib=limits.max_json_bytes >> 20,
            )
        )
    if not data.strip():
        raise TableError(N_("the file is empty"))

    def integer(digits: str) -> int:
        if len(digits) > limits.max_json_digits:
            raise _TooManyDigits
        return int(digits)

    try:
        text = data.decode("utf-8-sig")
        items = json.loads(text, parse_int=integer)
    except UnicodeDecodeError:
        raise TableError(N_("JSON must be UTF-8 text")) from None
    except _TooManyDigits:
        raise TableError(
            Message(
                N_("a number has more than {limit} digits; this is not a list of records"),
                limit=limits.max_json_digits,
            )
        ) from None
    except RecursionError:
        raise TableError(N_("the JSON is nested too deeply to be a list of records")) from None
    except (json.JSONDecodeError, ValueError):
        raise TableError(N_("not valid JSON")) from None
    del data, text  # the parsed objects are all that is kept
    if not isinstance(items, list):
        raise TableError(N_("JSON must be a list of objects, one per record"))
    if not items:
        raise TableError(N_("the file holds no records"))
    header: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            header.update(dict.fromkeys(item))
    return Table(list(header), _json_rows(items, list(header)), "utf_8", header_row=None)


def _json_rows(items: list[Any], header: list[str]) -> Iterator[Row]:
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield number, RowIssue(None, N_("is not an object with fields"))
            continue
        nested = [key for key in header if isinstance(item.get(key), dict | list)]
        if nested:
            yield number, RowIssue(nested[0], N_("holds a list or object, not a single value"))
            continue
        yield number, [cell_text(item.get(key)) for key in header]


def open_table(
    path: Path, handle: IO[bytes], fmt: str, encoding: str | None, limits: ImportLimits
) -> Table:
    """Open ``handle`` (the bytes of ``path``) as a table of the given format."""
    if encoding is not None:
        try:
            encoding = canonical(encoding)
        except LookupError:
            raise TableError(N_("the encoding given is not one Python knows")) from None
    if fmt == "csv":
        return open_csv(handle, encoding, limits)
    if fmt == "xlsx":
        return open_xlsx(path, handle, limits)
    return open_json(handle, limits)
