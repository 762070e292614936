"""Every problem in a list is reported at once, by file, row and field, without the value."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_lists import HEADER, WriteCsv

from uncounted.intake import ImportRejected, read_records

SECRET = "Секретова"  # planted synthetic identity: must never appear in any message


def _problems(write_csv: WriteCsv, rows: list[list[str]]) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv([HEADER, *rows]), source="ngo")
    return caught.value


def _row(**cells: str) -> list[str]:
    named = {"name": "Ivan Petrov", **cells}  # a row with no name is a problem of its own
    return [named.get(column, "") for column in HEADER]


def test_all_problems_collected_with_spreadsheet_rows(write_csv: WriteCsv) -> None:
    rejected = _problems(
        write_csv,
        [
            _row(record_id="1", name=SECRET),
            _row(record_id="2", birth_date=SECRET + "-1990", sex=SECRET, event_type=SECRET),
            _row(record_id="3", age="200", event_date="2017-02-30"),
            _row(record_id="1", name=SECRET + "а"),
            _row(name=SECRET),
            _row(record_id="6", age="x" + SECRET),
        ],
    )
    found = [(p.row, p.field) for p in rejected.errors]
    assert found == [
        (3, "birth_date"),
        (3, "sex"),
        (3, "event_type"),
        (4, "age"),
        (4, "event_date"),
        (5, "record_id"),
        (6, "record_id"),
        (7, "age"),
    ]
    assert {p.file for p in rejected.errors} == {"list.csv"}
    message = str(rejected)
    assert message == (
        "list.csv: 8 problems; first: row 3, column “birth_date”: "
        "not a date in YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY form"
    )
    everything = message + " ".join(str(p) for p in rejected.errors)
    assert SECRET not in everything and "1990" not in everything


def test_specific_reasons(write_csv: WriteCsv) -> None:
    rejected = _problems(
        write_csv,
        [
            _row(record_id="1", age="121"),
            _row(record_id="2", birth_date="2019", event_date="2017"),
            _row(record_id="3", name="bell\x07"),
            _row(record_id="1"),
        ],
    )
    reasons = [str(p) for p in rejected.errors]
    assert reasons == [
        "row 2, column “age”: out of range: must be from 0 to 120 years",
        "row 3, column “birth_date”: lies after the event date",
        "row 4, column “name”: contains control characters",
        "row 5, column “record_id”: repeats the record_id of row 2",
    ]


def test_a_row_with_no_name_is_a_problem_naming_its_row(write_csv: WriteCsv) -> None:
    rejected = _problems(write_csv, [_row(record_id="1"), _row(record_id="2", name=" ")])
    assert [str(p) for p in rejected.errors] == [
        "row 3, column “name”: has no name: a record must name its person, in Latin letters"
        " or as written"
    ]


def test_a_row_named_only_as_written_is_named(write_csv: WriteCsv) -> None:
    path = write_csv([["record_id", "name", "name_original"], ["1", "", "Иван Петров"]])
    assert len(read_records(path, source="ngo").records) == 1


def test_a_row_the_same_as_an_earlier_one_is_imported_once_and_said(write_csv: WriteCsv) -> None:
    rows = [_row(record_id="1", age="30"), _row(record_id="2"), _row(record_id="1", age="30")]
    parsed = read_records(write_csv([HEADER, *rows]), source="ngo")
    assert [r.record_id for r in parsed.records] == ["1", "2"]
    assert [str(w) for w in parsed.warnings] == [
        "row 4 is the same as row 2 in every column: left out, so that the record is imported"
        " once; if they are two people, tell the rows apart in the file (a record number, a"
        " note) and import it again"
    ]


def test_labels_in_english_and_russian_are_accepted(write_csv: WriteCsv) -> None:
    rows = [
        _row(record_id="1", sex="Женский", event_type="Enforced disappearance"),
        _row(record_id="2", sex="F", event_type="насильственное исчезновение"),
        _row(record_id="3", sex="female", event_type="disappearance"),
    ]
    records = read_records(write_csv([HEADER, *rows]), source="s").records
    assert {(r.sex, r.event_type) for r in records} == {("female", "disappearance")}


def test_extra_cells_and_source_mismatch(write_csv: WriteCsv) -> None:
    rows = [["record_id", "source"], ["1", "other", "stray"], ["2", "other"], ["3", "s"]]
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv(rows), source="s")
    assert [(p.row, p.field) for p in caught.value.errors] == [(2, None), (3, "source")]


def test_empty_source_name(write_csv: WriteCsv) -> None:
    with pytest.raises(ImportRejected, match="source name"):
        read_records(write_csv(), source=" ")


def test_one_problem_reads_naturally(write_csv: WriteCsv) -> None:
    rejected = _problems(write_csv, [_row(record_id="1", age="-1")])
    assert str(rejected) == "list.csv: row 2, column “age”: not a whole number of years"


def test_a_header_with_a_line_break_is_named_on_one_line(tmp_path: Path) -> None:
    """The CI of stop 25's fuzzer: a header cell holding a line break ("N<newline><NUL>") and a
    control character in its cell gave the refusal 'list.csv: row 2, column “N<newline>”:
    contains control characters' over two lines (a one-line error is the contract, and a
    header could carry terminal escapes as well). The header is quoted with such characters
    escaped (``messages.printable``)."""
    path = tmp_path / "list.csv"
    path.write_bytes(b'"N\n"\x00\nN\x16\x16\n')  # the header cell: N, line break, NUL
    with pytest.raises(ImportRejected) as caught:
        read_records(path, source="ngo")
    message = str(caught.value)
    assert "\n" not in message, message
    assert "column “N\\u000a\\u0000”: contains control characters" in message, message


def test_a_list_refused_at_its_header_is_not_said_to_be_empty(tmp_path: Path) -> None:
    """Review of stop 26: a list of two rows refused for a column named twice was summed up
    as "no row with data", as if the file were empty; its rows were never read."""
    listing = tmp_path / "list.csv"
    listing.write_text(
        "record_id,name,name,event_date\nr-1,Тест Один,,2017-03-01\nr-2,Тест Два,,2017-03-02\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as refused:
        read_records(listing, source="partner")
    said = refused.value.what_was_read()
    assert said is not None
    assert str(said) == (
        "Read list.csv (CSV, UTF-8): refused at its header, its rows not read; 1 problem;"
        " nothing was written."
    )
