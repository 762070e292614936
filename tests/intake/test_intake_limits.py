"""Files built to exhaust or fool the importers are refused with one line naming the file or row.

Each test here reproduces a finding of the adversarial review in issue 18: a zip bomb, a
header of a million columns, a symbolic link to a device, a file mixing encodings, a quote
never closed, a JSON number of 5,000 digits and nesting 100,000 deep.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from intake_lists import HEADER, ROWS, WriteCsv

from uncounted.intake import ImportLimits, ImportRejected, read_records


def _rejected(path: Path, limits: ImportLimits | None = None) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_records(path, source="ngo", limits=limits)
    return caught.value


def _workbook(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bomb(path: Path, padding_bytes: int) -> Path:
    """A real workbook whose sheet XML is padded with *padding_bytes* of spaces (deflated)."""
    with zipfile.ZipFile(io.BytesIO(_workbook([HEADER, *ROWS]))) as small:
        members = {info.filename: small.read(info) for info in small.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    cut = sheet.index(b"<sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for name, content in members.items():
            if name != "xl/worksheets/sheet1.xml":
                bomb.writestr(name, content)
                continue
            with bomb.open(name, "w", force_zip64=True) as member:
                member.write(sheet[:cut])
                chunk = b" " * (1 << 20)
                for _ in range(padding_bytes >> 20):
                    member.write(chunk)
                member.write(sheet[cut:])
    return path


def test_an_xlsx_zip_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "list.xlsx", 200 << 20)
    assert path.stat().st_size < 1 << 20  # 200 MiB of XML in well under a megabyte
    rejected = _rejected(path)
    assert len(rejected.errors) == 1
    assert str(rejected).startswith("list.xlsx: the workbook is refused: the archive would")
    assert "MiB allowed" in str(rejected)


def test_a_workbook_within_the_limit_still_imports(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "list.xlsx", 2 << 20)
    assert len(read_records(path, source="ngo")) == len(ROWS)
    limits = ImportLimits(max_unpacked_bytes=1 << 20)
    assert "would inflate" in str(_rejected(path, limits))


def test_a_million_columns_are_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join("x" * 10**6) + "\n1\n", encoding="utf-8")
    rejected = _rejected(path)
    assert len(rejected.errors) == 1
    assert rejected.total == 1
    assert str(rejected) == (
        "wide.csv: row 1: the header has more than 1000 columns, the most a list may have"
    )
    path.write_text(",".join(f"column{i}" for i in range(10**6)) + "\n1\n", encoding="utf-8")
    rejected = _rejected(path)
    assert str(rejected) == "wide.csv: a line is longer than 4 MiB; this is not a list of records"


def test_a_wide_workbook_is_refused_without_reading_every_column(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    path.write_bytes(_workbook([[f"c{i}" for i in range(60)], ["1"]]))
    rejected = _rejected(path, ImportLimits(max_columns=50))
    assert "more than 50 columns" in str(rejected)


def test_too_many_rows_are_refused(write_csv: WriteCsv, tmp_path: Path) -> None:
    path = write_csv([HEADER, *[[str(i), *ROWS[0][1:]] for i in range(1, 12)]])
    rejected = _rejected(path, ImportLimits(max_rows=10))
    assert [(p.row, str(p.reason)) for p in rejected.errors] == [
        (12, "the list has more than 10 rows; split it")
    ]
    listing = tmp_path / "many.json"
    listing.write_text(json.dumps([{"record_id": str(i)} for i in range(11)]), encoding="utf-8")
    assert "more than 10 rows" in str(_rejected(listing, ImportLimits(max_rows=10)))


def test_a_file_wrong_on_every_row_keeps_a_bounded_number_of_problems(
    write_csv: WriteCsv,
) -> None:
    rows = [[str(i), "", "", "", "200", "", "", "", ""] for i in range(1, 2_001)]
    rejected = _rejected(write_csv([HEADER, *rows]))
    assert len(rejected.errors) == 1_000
    assert rejected.total == 2_000
    assert str(rejected).startswith("list.csv: 2000 problems; first: row 2, column “age”:")


@pytest.mark.timeout(60)  # before the fix the reader looped for ever on /dev/zero
@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "folder"])
def test_a_list_that_is_not_a_regular_file_is_refused(tmp_path: Path, target: str) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "pipe")  # opening it for reading would wait for a writer
        target = str(tmp_path / "pipe")
    elif target == "folder":
        (tmp_path / "folder").mkdir()
        target = str(tmp_path / "folder")
    link = tmp_path / "list.csv"
    link.symlink_to(target)
    assert str(_rejected(link)) == (
        "list.csv: is not a regular file (a folder, device or pipe); refused"
    )


def test_a_symlink_to_a_regular_file_is_read(write_csv: WriteCsv, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(write_csv())
    assert len(read_records(link, source="ngo")) == len(ROWS)


def test_a_file_over_the_size_limit_is_refused_before_reading(write_csv: WriteCsv) -> None:
    path = write_csv()
    rejected = _rejected(path, ImportLimits(max_file_bytes=100))
    assert str(rejected).startswith("list.csv: the file is larger than")
    assert len(read_records(path, source="ngo")) == len(ROWS)


def test_a_utf8_row_in_a_cp1251_file_is_refused_naming_the_row(tmp_path: Path) -> None:
    lines = [",".join(HEADER), ",".join(ROWS[0]), ",".join(ROWS[1]), ",".join(ROWS[2])]
    raw = [line.encode("cp1251") for line in lines]
    raw[2] = lines[2].encode("utf-8")  # row 3 was pasted from a UTF-8 file
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join(raw) + b"\r\n")
    rejected = _rejected(path)
    assert [(p.row, str(p.reason)) for p in rejected.errors] == [
        (3, "is saved in UTF-8 while other rows are cp1251; save the whole file in one encoding")
    ]


def test_a_cp1251_row_in_a_utf8_file_is_refused_naming_the_row(tmp_path: Path) -> None:
    lines = [",".join(HEADER), ",".join(ROWS[0]), ",".join(ROWS[1])]
    raw = [line.encode("utf-8") for line in lines]
    raw[2] = lines[2].encode("cp1251")
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join(raw) + b"\r\n")
    # the sample reads as cp1251 (UTF-8 Cyrillic decodes to Cyrillic in it too), so it is the
    # UTF-8 row that is named
    rejected = _rejected(path)
    assert [p.row for p in rejected.errors] == [2]
    assert "save the whole file in one encoding" in str(rejected)


def test_an_unclosed_quote_is_refused_naming_its_row(write_csv: WriteCsv, tmp_path: Path) -> None:
    rows = [HEADER, *[[str(i), *ROWS[i % 3][1:]] for i in range(1, 6)]]
    rows[2] = [rows[2][0], '"' + rows[2][1], *rows[2][2:]]  # row 3 opens a quote, never closed
    rejected = _rejected(write_csv(rows))
    assert [p.row for p in rejected.errors] == [3]
    assert "a quote opened in this row is not closed" in str(rejected)


def test_an_unclosed_quote_in_the_last_row_is_refused(write_csv: WriteCsv) -> None:
    rows = [HEADER, *ROWS]
    rows[3] = [*rows[3][:-1], '"killing']
    rejected = _rejected(write_csv(rows))
    assert [p.row for p in rejected.errors] == [4]


def test_a_quoted_testimony_over_several_lines_is_still_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    testimony = '"He was taken, at night.\nThey came back, twice, in March.\nNobody saw him since."'
    path.write_text(
        "record_id,name,event_type,testimony\n1,Aslan Testov,detention," + testimony + "\n",
        encoding="utf-8",
    )
    parsed = read_records(path, source="ngo")
    assert len(parsed) == 1


def test_a_json_number_of_5000_digits_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text('[{"record_id": "1", "age": ' + "9" * 5000 + "}]", encoding="utf-8")
    assert str(_rejected(path)) == (
        "list.json: a number has more than 40 digits; this is not a list of records"
    )


def test_json_nested_100000_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert str(_rejected(path)) == (
        "list.json: the JSON is nested too deeply to be a list of records"
    )


def test_a_csv_line_over_the_limit_is_refused(write_csv: WriteCsv) -> None:
    rows = [HEADER, *ROWS, ["4", "x" * 5000]]
    rejected = _rejected(write_csv(rows), ImportLimits(max_line_bytes=4096))
    assert [p.row for p in rejected.errors] == [5]
    assert "a line is longer than" in str(rejected)


def test_a_workbook_with_folder_entries_and_bracketed_names_is_read(tmp_path: Path) -> None:
    # the zip check must not refuse what spreadsheet tools write: "[Content_Types].xml",
    # "_rels/.rels", and (some tools) folder entries such as "xl/"
    with zipfile.ZipFile(io.BytesIO(_workbook([HEADER, *ROWS]))) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    path = tmp_path / "folders.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(zipfile.ZipInfo("xl/"), b"")
        for name, content in members.items():
            target.writestr(name, content)
    assert "[Content_Types].xml" in members
    assert len(read_records(path, source="ngo")) == len(ROWS)


def test_a_workbook_member_without_a_name_is_refused_in_one_line(tmp_path: Path) -> None:
    # found by the xlsx-archive fuzz target: the zip check let a member named "" through and
    # zipfile's is_dir() then raised an IndexError, a traceback instead of a refusal
    path = tmp_path / "list.xlsx"
    with (
        zipfile.ZipFile(io.BytesIO(_workbook([HEADER, *ROWS]))) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr(zipfile.ZipInfo(""), b"<x/>")
    rejected = _rejected(path)
    assert str(rejected) == (
        "list.xlsx: the workbook is refused: member name '' is not a plain relative file name"
    )
