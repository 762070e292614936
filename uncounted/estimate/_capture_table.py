"""Reading and validating capture-history tables (CSV bytes or a DataFrame).

Everything a user can get wrong in a capture-history file is checked here, and every problem
is collected before one :class:`CaptureHistoryError` is raised, so that a caseworker fixes the
file in one pass. Messages name the file, the row (as a spreadsheet shows it: the header is
row 1) and the column, and never repeat a cell's content: a file given by mistake could hold
names.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real
from pathlib import Path

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError

MAX_LISTS = 20
MAX_COUNT = 10**12
_SHOWN_PROBLEMS = 5


class CaptureHistoryError(InputError):
    """Raised when a capture-history table is malformed (names the file, row and column)."""


@dataclass
class _Problems:
    """Problems found so far in one table; raised together as one error."""

    source: str
    found: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.found.append(text)

    def raise_if_any(self) -> None:
        if not self.found:
            return
        shown = "; ".join(self.found[:_SHOWN_PROBLEMS])
        more = len(self.found) - _SHOWN_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        noun = "problem" if len(self.found) == 1 else "problems"
        raise CaptureHistoryError(f"{self.source}: {len(self.found)} {noun}: {shown}{tail}")


@dataclass(frozen=True)
class ParsedTable:
    """A validated table: one row per input row with a positive count."""

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.uint8]
    counts: npt.NDArray[np.int64]
    covariates: dict[str, tuple[str, ...]]


def decode_csv(data: bytes, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split CSV bytes into a header and ``(row number, cells)`` pairs; blank lines skipped."""
    problems = _Problems(source)
    if not data.strip():
        problems.add("row 1: the file is empty (expected a header with one column per list)")
        problems.raise_if_any()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        row = data.count(b"\n", 0, bad.start) + 1
        problems.add(f"row {row}: the file is not UTF-8 text (save it as 'CSV UTF-8')")
        problems.raise_if_any()
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error:
        problems.add(f"row {reader.line_num + 1}: this line cannot be read as CSV")
        problems.raise_if_any()
    if not rows:
        problems.add("row 1: the file is empty (expected a header with one column per list)")
        problems.raise_if_any()
    return rows[0][1], rows[1:]


def _number(cell: object) -> float | None:
    """The numeric value of a cell, or None when it is empty or not a finite number."""
    if isinstance(cell, bool | np.bool_):
        return float(cell)
    if isinstance(cell, Real):
        value = float(cell)
    elif isinstance(cell, str):
        text = cell.strip()
        if not text or "_" in text or not text.isascii():
            return None
        try:
            value = float(text)
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _is_empty(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _check_header(
    header: Sequence[object], strata: Sequence[str], problems: _Problems
) -> tuple[list[int], int | None, list[int]]:
    """Column positions of the lists, the count and the covariates."""
    names = [str(name).strip() for name in header]
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            problems.add(f"row 1, column {position}: the column has no name")
        elif name.casefold() in seen:
            problems.add(f"row 1, column {name}: this column name appears twice")
        else:
            seen[name.casefold()] = position - 1
    for wanted in strata:
        if wanted.strip().casefold() not in seen:
            problems.add(f"row 1: there is no column named {wanted!r} to stratify by")
    covariate_keys = {wanted.strip().casefold() for wanted in strata}
    count_column = seen.get("count")
    covariates = [seen[key] for key in covariate_keys if key in seen]
    lists = [
        index
        for index, name in enumerate(names)
        if name and index != count_column and name.casefold() not in covariate_keys
    ]
    if len(lists) < 2:
        problems.add(
            f"row 1: at least 2 list columns are needed (found {len(lists)}); "
            "each list is one 0/1 column"
        )
    if len(lists) > MAX_LISTS:
        problems.add(f"row 1: at most {MAX_LISTS} list columns are supported (found {len(lists)})")
    return lists, count_column, sorted(covariates)


def _text_columns(
    rows: Sequence[tuple[int, Sequence[object]]], lists: Sequence[int], width: int
) -> set[int]:
    """List columns in which no cell is a number: covariates given as lists, reported once.

    Only with two rows or more: in a one-row table a bad cell is reported by its row.
    """
    complete = [cells for _, cells in rows if len(cells) == width]
    return {
        index
        for index in lists
        if len(complete) > 1
        and all(not _is_empty(cells[index]) and _number(cells[index]) is None for cells in complete)
    }


def _check_count(cell: object, where: str, problems: _Problems) -> int:
    if _is_empty(cell):
        problems.add(f"{where}: the count is empty")
        return 0
    value = _number(cell)
    if value is None:
        problems.add(f"{where}: the count is not a number")
    elif value < 0:
        problems.add(f"{where}: the count is negative")
    elif value != math.floor(value):
        problems.add(f"{where}: the count is not a whole number")
    elif value > MAX_COUNT:
        problems.add(f"{where}: the count is too large")
    else:
        return int(value)
    return 0


def validate_rows(
    source: str,
    header: Sequence[object],
    rows: Sequence[tuple[int, Sequence[object]]],
    strata: Sequence[str] = (),
) -> ParsedTable:
    """Check every cell and return the table, or raise one error listing every problem."""
    problems = _Problems(source)
    lists, count_column, covariates = _check_header(header, strata, problems)
    problems.raise_if_any()
    names = [str(name).strip() for name in header]
    width = len(names)
    patterns: list[list[int]] = []
    counts: list[int] = []
    covariate_values: list[list[str]] = [[] for _ in covariates]
    if not rows:
        problems.add("row 2: there are no data rows below the header")
    text_columns = _text_columns(rows, lists, width)
    for index in text_columns:
        problems.add(
            f"column {names[index]}: holds text, not 0/1 (if it is a covariate, "
            f"stratify by it or declare it as a covariate)"
        )
    for row_number, cells in rows:
        if len(cells) != width:
            problems.add(f"row {row_number}: {len(cells)} values, but the header has {width}")
            continue
        pattern: list[int] = []
        for index in lists:
            cell = cells[index]
            if index in text_columns:
                pattern.append(0)
                continue
            value = _number(cell)
            if value not in (0.0, 1.0):
                detail = "is empty" if _is_empty(cell) else "is not 0 or 1"
                problems.add(f"row {row_number}, column {names[index]}: the value {detail}")
            pattern.append(1 if value == 1.0 else 0)
        count = 1
        if count_column is not None:
            count = _check_count(
                cells[count_column], f"row {row_number}, column {names[count_column]}", problems
            )
        if count > 0 and not any(pattern) and len(pattern) == len(lists):
            problems.add(f"row {row_number}: every list is 0 (each person must be on a list)")
        if count > 0:
            patterns.append(pattern)
            counts.append(count)
            for slot, index in enumerate(covariates):
                covariate_values[slot].append("" if _is_empty(cells[index]) else str(cells[index]))
    problems.raise_if_any()
    pattern_array = np.array(patterns, dtype=np.uint8).reshape(len(patterns), len(lists))
    count_array = np.array(counts, dtype=np.int64)
    if count_array.sum() == 0:
        problems.add("column count: every count is 0, so the table has no one in it")
    for position, index in enumerate(lists):
        if count_array.size and not count_array[pattern_array[:, position] == 1].sum():
            problems.add(f"column {names[index]}: no one is on this list (all values are 0)")
    if float(count_array.sum()) > MAX_COUNT:
        problems.add("column count: the counts add up to more than a trillion")
    problems.raise_if_any()
    return ParsedTable(
        lists=tuple(names[index] for index in lists),
        patterns=pattern_array,
        counts=count_array,
        covariates={
            names[index]: tuple(values)
            for index, values in zip(covariates, covariate_values, strict=True)
        },
    )


def read_csv(path: str | Path, strata: Sequence[str] = ()) -> ParsedTable:
    """Read and validate a capture-history CSV file."""
    source = Path(path).name or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CaptureHistoryError(f"{source}: the file does not exist") from None
    except OSError:
        raise CaptureHistoryError(f"{source}: the file cannot be read") from None
    header, rows = decode_csv(data, source)
    return validate_rows(source, header, rows, strata)
