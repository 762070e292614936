"""Each format and encoding an NGO may send is read into the same records."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path

import openpyxl
import pytest
from intake_lists import HEADER, ROWS, WriteCsv

from uncounted.intake import ImportRejected, iter_records, read_records
from uncounted.model import PartialDate


def _check_standard_records(parsed_records: tuple[object, ...]) -> None:
    first, second, third = parsed_records  # type: ignore[misc]
    assert first.name_original == "Аслан Тестов"
    assert first.sex == "male" and second.sex == "female"
    assert first.place == "ru-ce-tsentaroy" and first.place_text is None
    assert second.place == "ru-ce-argun"
    assert third.place is None and third.place_text == "Нигде"
    assert first.event_date == PartialDate(2017, 3)
    assert second.event_type == "torture"
    assert first.birth_date == PartialDate(1990, 5) and first.age == 26
    assert {r.case for r in parsed_records} == {"hotline"}  # type: ignore[attr-defined]
    assert {r.source for r in parsed_records} == {"hotline"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        ("utf-8", ",", "utf_8"),
        ("utf-8-sig", ",", "utf_8_sig"),
        ("cp1251", ";", "cp1251"),
        ("cp1251", "\t", "cp1251"),
        ("utf-16", ",", "utf_16"),
    ],
)
def test_csv_encodings_are_detected(
    write_csv: WriteCsv, encoding: str, delimiter: str, detected: str
) -> None:
    parsed = read_records(write_csv(encoding=encoding, delimiter=delimiter), source="hotline")
    assert parsed.encoding == detected
    assert parsed.format == "csv"
    _check_standard_records(parsed.records)
    assert len(parsed.warnings) == 1 and "1 rows" in parsed.warnings[0]


def test_cp1251_with_only_a_few_cyrillic_letters(write_csv: WriteCsv) -> None:
    rows = [HEADER, ["1", "Test", "Ия", "", "", "", "", "", "detention"]]
    parsed = read_records(write_csv(rows, encoding="cp1251"), source="s")
    assert parsed.records[0].name_original == "Ия"


def test_given_encoding_is_used(write_csv: WriteCsv) -> None:
    path = write_csv(encoding="cp1251")
    parsed = read_records(path, source="hotline", encoding="windows-1251")
    _check_standard_records(parsed.records)


def test_wrong_given_encoding_is_reported_not_guessed(write_csv: WriteCsv) -> None:
    path = write_csv(encoding="cp1251")
    with pytest.raises(ImportRejected) as caught:
        read_records(path, source="hotline", encoding="utf-8")
    problem = caught.value.errors[0]
    assert problem.row == 2 and "utf_8" in problem.reason and "--encoding" in problem.reason


def test_unknown_encoding_name(write_csv: WriteCsv) -> None:
    with pytest.raises(ImportRejected, match="encoding given is not one Python knows"):
        read_records(write_csv(), source="s", encoding="klingon-8")


def test_quoted_multiline_cells_count_as_one_spreadsheet_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        'record_id,testimony,birth_date\n1,"line one\nline two",1990\n2,ok,19x0\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        read_records(path, source="s")
    assert [(p.row, p.field) for p in caught.value.errors] == [(3, "birth_date")]


def test_xlsx(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet.append([None] * len(HEADER))  # a blank row is skipped
    sheet.append(
        [
            4,
            "Typed Cells",
            None,
            dt.datetime(1991, 2, 3),
            30.0,
            "f",
            None,
            dt.date(2018, 1, 2),
            "detention",
        ]
    )
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    parsed = read_records(path, source="hotline")
    assert parsed.format == "xlsx"
    _check_standard_records(parsed.records[:3])
    typed = parsed.records[3]
    assert typed.record_id == "4" and typed.age == 30
    assert typed.birth_date == PartialDate(1991, 2, 3)
    assert typed.event_date == PartialDate(2018, 1, 2)


def test_xlsx_problem_rows_are_sheet_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["record_id", "age"])
    sheet.append([1, 20])
    sheet.append([None, None])
    sheet.append([2, 20.5])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    with pytest.raises(ImportRejected) as caught:
        read_records(path, source="s")
    assert [(p.row, p.field) for p in caught.value.errors] == [(4, "age")]


def test_json(tmp_path: Path) -> None:
    items = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
    items[0]["age"] = 26  # numbers are accepted as numbers
    path = tmp_path / "list.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    parsed = read_records(path, source="hotline")
    assert parsed.format == "json"
    _check_standard_records(parsed.records)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"record_id": "1"}', "must be a list of objects"),
        ("[{", "not valid JSON"),
        ("", "empty"),
    ],
)
def test_json_that_is_not_a_list_of_records(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "list.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRejected, match=reason) as caught:
        read_records(path, source="s")
    assert caught.value.errors[0].row is None


def test_json_items_that_are_not_records_are_named(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        '[{"record_id": "1", "name": "A"}, 7, {"record_id": "3", "name": ["a"]}]', encoding="utf-8"
    )
    with pytest.raises(ImportRejected) as caught:
        read_records(path, source="s")
    assert [(p.row, p.field) for p in caught.value.errors] == [(2, None), (3, "name")]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0", "save the sheet as .xlsx"),
        ("list.pdf", b"%PDF-1.4", "use a .csv, .xlsx or .json file"),
        ("list.xlsx", b"record_id\n1\n", "not an Excel .xlsx workbook"),
        ("list.xlsx", b"PK\x03\x04garbage", "damaged"),
        ("list.csv", b"PK\x03\x04\x14\x00", "not CSV"),
        ("list.csv", b"\x00\x01\x02\x03binary", "not a text file"),
        ("list.csv", b"", "empty"),
        ("list.csv", b"  \r\n", "empty"),
        ("list.csv", b"record_id,name\r\n", "no records"),
    ],
)
def test_wrong_extension_content_or_empty(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=reason) as caught:
        read_records(path, source="s")
    assert str(caught.value).startswith(f"{name}: ")
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match="not found"):
        read_records(tmp_path / "absent.csv", source="s")


def test_streaming_yields_good_rows_then_rejects(write_csv: WriteCsv) -> None:
    rows = [HEADER, *ROWS, ["4", "Bad Date", "", "not-a-date", "", "", "", "", ""]]
    stream = iter_records(write_csv(rows), source="s")
    seen = []
    with pytest.raises(ImportRejected) as caught:
        for record in stream:
            seen.append(record.record_id)
    assert seen == ["1", "2", "3"]
    assert [(p.row, p.field) for p in caught.value.errors] == [(5, "birth_date")]


def test_streaming_stops_yielding_after_the_first_problem(write_csv: WriteCsv) -> None:
    rows = [HEADER, ["0", "", "", "bad", "", "", "", "", ""], *ROWS]
    seen = []
    with pytest.raises(ImportRejected):
        seen.extend(iter_records(write_csv(rows), source="s"))
    assert seen == []


def _streaming_peak(path: Path) -> int:
    """The most memory (bytes, as ``tracemalloc`` traces it) held at once while streaming the
    records of *path* and dropping each; asserts every row was read."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_records(path, source="s"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == ROWS_STREAMED
    return peak


ROWS_STREAMED = 5_000
#: What the reader may keep per row, with its own few objects (the table, the current row)
#: shared out: what a repeated record id or a repeated row is said with (each record id with
#: its row number, a 16-byte digest of each row's cells, their dict slots). Measured 187 bytes
#: a row at 5,000 rows and 224 at 50,000 (longer ids, dicts grown ahead), 2026-12-07.
BOOKKEEPING_PER_ROW = 250
#: Held once per file, before any row: the 256 KiB sample the encoding is detected on, with
#: its decodings (about 0.8 MB); freed before the rows are read.
ENCODING_SAMPLE = 1_000_000


def test_streaming_does_not_hold_the_file_in_memory(write_csv: WriteCsv) -> None:
    """A list is read row by row, never held whole: the same rows four times longer (4 MB
    more of file) barely move the peak, which a reader holding the file or its records would
    raise by at least those bytes (twice that decoded: a Cyrillic letter takes two bytes in
    Python). What the reader keeps per row, needed to say a repeated record id or row with
    the first one's row number, grows with the rows, not their length: at most
    ``BOOKKEEPING_PER_ROW`` bytes a row, or the encoding sample, whichever is more.

    A tiny list of the same shape is read first, outside the measured window: a process's
    first read imports modules and fills caches (``importlib.resources``, zipfile: 0.3 MB in
    a bare process), which depend on what ran before and are not the file. The old bound,
    file size / 4 (255 bytes a row of 1 KB), sat on the bookkeeping itself (256 bytes a row
    then), so the test failed when run alone and passed after other tests."""

    def written(testimony: str, name: str, rows: int = ROWS_STREAMED) -> Path:
        people = [[str(i), f"Synthetic Person {i}", testimony] for i in range(rows)]
        header = ["record_id", "name", "testimony"]
        return write_csv([header, *people], name=name, encoding="cp1251")

    told = "Синтетический рассказ о событии. " * 8  # rows of 300 bytes, then 1.1 KB
    assert sum(1 for _ in iter_records(written(told, "warm.csv", 3), source="s")) == 3
    short, long = written(told, "short.csv"), written(told * 4, "long.csv")
    short_peak, long_peak = _streaming_peak(short), _streaming_peak(long)
    extra = long.stat().st_size - short.stat().st_size
    assert long_peak - short_peak < extra / 10, (
        f"peak {short_peak} -> {long_peak} bytes for {extra} more bytes in the file"
    )
    bound = max(ENCODING_SAMPLE, ROWS_STREAMED * BOOKKEEPING_PER_ROW)
    assert max(short_peak, long_peak) < bound, (short_peak, long_peak)


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8"])
def test_cyrillic_appearing_only_after_many_latin_rows(write_csv: WriteCsv, encoding: str) -> None:
    rows = [["record_id", "name"]]
    rows += [[str(i), f"Latin Only Person {i}"] for i in range(12_000)]
    rows.append(["last", "Кириллица Тестовая"])
    parsed = read_records(write_csv(rows, encoding=encoding), source="s")
    assert parsed.records[-1].name == "Кириллица Тестовая"
    assert parsed.encoding == encoding.replace("-", "_")
