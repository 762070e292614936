"""Records files (what ``uncounted link`` reads) go through the importer's reader and rules."""

from __future__ import annotations

import pytest
from intake_lists import HEADER, ROWS, WriteCsv

from uncounted.intake import ImportRejected, read_records, read_records_file

RECORDS = [["source", "record_id", "name", "birth_date", "sex", "place", "passport"]]


def test_each_row_names_its_source_and_ids_repeat_only_across_sources(
    write_csv: WriteCsv,
) -> None:
    rows = [
        *RECORDS,
        ["hotline", "1", "Aslan Testov", "02.01.1983", "м", "Центарой", "AB1"],
        ["press", "1", "Aslan Testov", "1983", "Male", "Нигде", ""],
    ]
    table = read_records_file(write_csv(rows), extra_columns=["passport"])
    assert table.columns == tuple(RECORDS[0])
    assert len(table) == 2
    assert table.values["source"] == ["hotline", "press"]
    assert table.values["birth_date"] == ["1983-01-02", "1983"]
    assert table.values["sex"] == ["male", "male"]
    assert table.values["place"][1] == "Нигде"  # not in the gazetteer: as written
    assert table.values["passport"] == ["AB1", ""]
    assert table.warnings == (
        "1 rows name a place not in the gazetteer; the place is kept as written (sealed) "
        "and not counted by district",
    )


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([["record_id", "name"], ["1", "Aslan Testov"]], "row 1: no column holds source"),
        ([RECORDS[0][:3], ["", "1", "Aslan Testov"]], "row 2, column “source”: is missing"),
        (
            [RECORDS[0][:3], ["press", "1", "Aslan Testov"], ["press", "1", "Zara Primerova"]],
            "row 3, column “record_id”: repeats the record_id of row 2",
        ),
        ([RECORDS[0][:3], ["press", "1"]], "row 2: has fewer cells than the header"),
        (
            [[*RECORDS[0][:6], "tribe"], ["press", "1", "A", "", "", "", ""]],
            "row 1: column 7 is not a field",
        ),
    ],
)
def test_bad_records_files_name_row_and_field(
    write_csv: WriteCsv, rows: list[list[str]], problem: str
) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_records_file(write_csv(rows))
    assert str(caught.value.errors[0]).startswith(problem)


def test_identifier_columns_are_kept_without_being_named(write_csv: WriteCsv) -> None:
    """Headers the docs list as identifiers (en/ru) are kept under their own names; the
    document numbers among them are told apart from address parts."""
    header = ["source", "record_id", "name", "soc_sec_id", "Номер паспорта", "postcode", "улица"]
    rows = [header, ["press", "1", "Aslan Testov", "731", "AB 1", "366", "Мира"]]
    table = read_records_file(write_csv(rows))
    assert table.identifiers == ("soc_sec_id", "Номер паспорта", "postcode", "улица")
    assert table.documents == ("soc_sec_id", "Номер паспорта")
    assert table.values["Номер паспорта"] == ["AB 1"]
    assert table.values["улица"] == ["Мира"]


def test_an_import_refuses_a_row_with_fewer_cells_than_the_header(write_csv: WriteCsv) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv([HEADER, ROWS[0], ROWS[1][:4]]), source="s")
    assert [str(error) for error in caught.value.errors] == [
        "row 3: has fewer cells than the header"
    ]


def test_a_trailing_blank_header_cell_asks_for_no_more_cells(write_csv: WriteCsv) -> None:
    parsed = read_records(write_csv([[*HEADER, ""], *ROWS]), source="s")
    assert len(parsed) == 3
