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
    """An open table: its header and an iterator over its data rows."""

    header: list[str]
    rows: Iterator[Row]
    encoding: str | None = None
    header_row: int | None = 1


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


def open_csv(handle: IO[bytes], encoding: str | None) -> Table:
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
    lines = _decoded_lines(handle, encoding)
    try:
        first = next(lines, "")
    except UnicodeError:
        raise TableError(
            Message(
                N_("the header is not valid {encoding} text; give --encoding"), encoding=encoding
            )
        ) from None
    reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(first))
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(N_("the file is empty")) from None
    except (csv.Error, UnicodeError):
        raise TableError(N_("the header row cannot be read as CSV")) from None
    return Table(header, _csv_rows(reader, encoding), encoding)


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


def _decoded_lines(handle: IO[bytes], encoding: str) -> Iterator[str]:
    """The file's lines as text, decoded one line at a time so errors point at their row.

    In UTF-8 and the single-byte Cyrillic code pages a newline byte never sits inside a
    character, so splitting before decoding is safe; UTF-16 is decoded as a stream instead.
    """
    if encoding.startswith("utf_16"):
        yield from io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
        return
    first = True
    for raw in handle:
        if first and encoding == "utf_8_sig":
            yield raw.decode("utf_8_sig")
        else:
            yield raw.decode(encoding)
        first = False


def _csv_rows(reader: Iterator[list[str]], encoding: str) -> Iterator[Row]:
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeError:
            raise TableError(
                Message(N_("text is not valid {encoding}; give --encoding"), encoding=encoding),
                number,
            ) from None
        except csv.Error:
            reason = N_("broken quoting, a NUL byte or a cell over 128 KB; the rest is unreadable")
            raise TableError(reason, number) from None
        yield number, cells


# --- XLSX -----------------------------------------------------------------------------------


def open_xlsx(path: Path) -> Table:
    """Open the first sheet of a workbook in read-only mode; the first row is the header."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != _ZIP_MAGIC:
        raise TableError(N_("this is not an Excel .xlsx workbook"))
    from openpyxl import load_workbook  # heavy import, needed only for workbooks

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except Exception as error:
        # openpyxl raises many exception types (zip, XML, key and value errors) on a damaged
        # or forged workbook; for the user every one of them means the same thing.
        raise TableError(N_("the workbook is damaged or not an .xlsx file")) from error
    if header is None:
        workbook.close()
        raise TableError(N_("the file is empty"))
    return Table([cell_text(v) for v in header], _xlsx_rows(workbook, rows))


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


def open_json(handle: IO[bytes]) -> Table:
    """Parse a JSON list of objects; the header is the union of their keys, in first-seen order.

    Row numbers are the objects' positions in the list, counting from 1.
    """
    data = handle.read()
    if not data.strip():
        raise TableError(N_("the file is empty"))
    try:
        text = data.decode("utf-8-sig")
        items = json.loads(text)
    except UnicodeDecodeError:
        raise TableError(N_("JSON must be UTF-8 text")) from None
    except (json.JSONDecodeError, RecursionError):
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


def open_table(path: Path, handle: IO[bytes], fmt: str, encoding: str | None) -> Table:
    """Open ``handle`` (the bytes of ``path``) as a table of the given format."""
    if encoding is not None:
        try:
            encoding = canonical(encoding)
        except LookupError:
            raise TableError(N_("the encoding given is not one Python knows")) from None
    if fmt == "csv":
        return open_csv(handle, encoding)
    if fmt == "xlsx":
        return open_xlsx(path)
    return open_json(handle)
