"""Whatever a file holds, the reader either returns records or rejects the file with problems
that name a row (or the file), and never a traceback, and never a cell's value."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uncounted.intake import FIELDS, ImportRejected, ParsedList, read_records

#: What the reader treats as blank (white space, no-break space, BOM, zero-width space).
BLANK = " \t\r\n\v\f\u00a0\ufeff\u200b"

FUZZ = settings(
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SPECIAL_CELLS = ["2017", "1990-05", "detention", "m", "ж", "120", "Грозный", "\r\n", "\ufeff"]
CELL_ALPHABET = st.sampled_from(
    [*"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЁӀ0123456789-./:;, \"'\n\t\x07\x00|", *SPECIAL_CELLS]
)
cells = st.lists(CELL_ALPHABET, max_size=8).map("".join)


def _check(path: Path, outcome: ParsedList | ImportRejected, *, row_floor: int = 1) -> None:
    """The properties every outcome must have."""
    if isinstance(outcome, ParsedList):
        assert all(record.source == "fuzz" for record in outcome.records)
        return
    message = str(outcome)
    assert message.startswith(f"{path.name}: ") and "\n" not in message
    assert outcome.errors
    for problem in outcome.errors:
        assert problem.file == path.name
        assert problem.row is None or problem.row >= row_floor
        assert problem.field is None or problem.field in FIELDS
        assert not CYRILLIC.search(str(problem)), "a message repeated a cell's value"


def _read(path: Path) -> ParsedList | ImportRejected:
    try:
        return read_records(path, source="fuzz")
    except ImportRejected as rejected:
        return rejected


@FUZZ
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".json", ".xlsx", ".txt"]))
def test_arbitrary_bytes(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    _check(path, _read(path))


@FUZZ
@given(
    content=st.binary(max_size=400),
    header=st.sampled_from([b"record_id,name\n", b"\xef\xbb\xbfrecord_id;age\r\n", b"PK\x03\x04"]),
)
def test_arbitrary_bytes_after_a_plausible_start(
    tmp_path: Path, content: bytes, header: bytes
) -> None:
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(header + content)
        _check(path, _read(path))


@FUZZ
@given(
    columns=st.lists(st.sampled_from(FIELDS), unique=True, max_size=6),
    rows=st.lists(st.lists(cells, max_size=9), min_size=1, max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]),
)
def test_malformed_rows_are_named(
    tmp_path: Path, columns: list[str], rows: list[list[str]], encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["record_id", *[c for c in columns if c != "record_id"]])
    writer.writerows(rows)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    outcome = _read(path)
    _check(path, outcome)
    if isinstance(outcome, ImportRejected):
        assert any(problem.row is not None for problem in outcome.errors) or len(rows) == sum(
            1 for row in rows if not "".join(row).strip(BLANK)
        )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | cells,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(cells, children, max_size=3),
    max_leaves=6,
)


@FUZZ
@given(
    items=st.lists(
        st.dictionaries(st.sampled_from([*FIELDS, "other"]), json_values, max_size=6) | json_values,
        max_size=6,
    )
)
def test_arbitrary_json_structures(tmp_path: Path, items: list[object]) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    _check(path, _read(path))


def _workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["record_id", "name", "birth_date"])
    sheet.append([1, "Тестов Тест", "1990"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


@settings(FUZZ, max_examples=40)
@given(
    damage=st.lists(
        st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_damaged_workbooks(tmp_path: Path, damage: list[tuple[int, int]]) -> None:
    content = bytearray(WORKBOOK)
    for position, value in damage:
        content[position] = value
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(content))
    _check(path, _read(path))
