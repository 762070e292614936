"""Reading and checking a records file before any linkage starts.

A bad file is refused whole, with every problem found in one pass (file, row, field; never
the value, which may identify someone), so a caseworker can fix it at once and nothing is
written from half-read data.
"""

from __future__ import annotations

import io
from pathlib import Path

import charset_normalizer
import pandas as pd

from uncounted.errors import InputError
from uncounted.linkage._dates import DateFormatError, parse_date
from uncounted.model import RECORD_COLUMNS

RECORD_FIELDS = RECORD_COLUMNS  # the records format's columns (uncounted.model)
_MAX_LISTED = 5


class RecordsError(InputError):
    """Raised when a records file is unreadable or a row breaks the records format."""


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise RecordsError(f"{path.name}: unknown text encoding; save the file as UTF-8")
    return str(best)


def read_records(path: Path) -> pd.DataFrame:
    """Read and validate a records CSV; all columns are strings, missing values are ``""``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RecordsError(f"{path}: cannot be read ({error.strerror})") from None
    text = _decode(path, data)
    if not text.strip():
        return pd.DataFrame(columns=["source", "record_id"])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise RecordsError(f"{path.name}: not a readable CSV file ({error})") from None
    frame.columns = [str(column).strip() for column in frame.columns]
    validate_records(frame, path.name)
    return frame


def _problems(frame: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    for field in ("source", "record_id"):
        for index in frame.index[frame[field].str.strip() == ""]:
            problems.append(f"row {index + 2}, field {field}: empty")
    keyed = frame[(frame["source"] != "") & (frame["record_id"] != "")]
    duplicated = keyed.duplicated(["source", "record_id"], keep="first")
    for index in keyed.index[duplicated]:
        problems.append(f"row {index + 2}, field record_id: repeats an id of the same source")
    for field in ("birth_date", "event_date"):
        if field not in frame:
            continue
        for index, value in frame[field].items():
            if value.strip():
                try:
                    parse_date(value)
                except DateFormatError:
                    problems.append(
                        f"row {int(str(index)) + 2}, field {field}: not a date "
                        "(use YYYY, YYYY-MM or YYYY-MM-DD)"
                    )
    if "age" in frame:
        for index, value in frame["age"].items():
            if value.strip() and not (value.strip().isdigit() and int(value) < 130):
                problems.append(f"row {int(str(index)) + 2}, field age: not an age in years")
    return problems


def validate_records(frame: pd.DataFrame, label: str) -> None:
    """Raise :class:`RecordsError` naming every bad row and field of *frame* (from *label*)."""
    missing = [field for field in ("source", "record_id") if field not in frame.columns]
    if missing:
        raise RecordsError(f"{label}: missing column {', '.join(missing)}")
    problems = _problems(frame)
    if problems:
        more = len(problems) - _MAX_LISTED
        listed = "; ".join(problems[:_MAX_LISTED]) + (f"; and {more} more" if more > 0 else "")
        raise RecordsError(f"{label}: {listed}")
