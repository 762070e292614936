"""Mapping files let an organisation's own column names and words be imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_lists import WriteCsv

from uncounted.intake import (
    ColumnMapping,
    ImportRejected,
    MappingFileError,
    check_list,
    load_mapping,
    preview_list,
    read_records,
)

MAPPING = """
[columns]
"Номер анкеты" = "record_id"
"Фамилия Имя" = "name_original"
"Когда" = "event_date"
"Что произошло" = "event_type"
"Примечание" = "ignore"

[values.event_type]
"забрали" = "detention"
"пропал" = "disappearance"

[values.place]
"наше село" = "ru-ce-tsentaroy"

[defaults]
case = "case-7"
place = "наше село"
"""


def _mapping(tmp_path: Path, text: str = MAPPING) -> Path:
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_columns_values_and_defaults_are_applied(tmp_path: Path, write_csv: WriteCsv) -> None:
    rows = [
        ["Номер анкеты", "Фамилия Имя", "Когда", "Что произошло", "Примечание"],
        ["A-1", "Тестов Аслан", "03.2017", "забрали", "anything"],
        ["A-2", "Пример Зара", "2017-05", "Пропал", ""],
    ]
    path = write_csv(rows, encoding="cp1251", delimiter=";")
    parsed = read_records(path, source="partner", mapping=_mapping(tmp_path))
    first, second = parsed.records
    assert first.record_id == "A-1" and first.name_original == "Тестов Аслан"
    assert first.event_type == "detention" and second.event_type == "disappearance"
    assert first.case == "case-7" and first.place == "ru-ce-tsentaroy"
    assert first.event_date.month == 3  # type: ignore[union-attr]


def test_common_russian_headers_need_no_mapping(write_csv: WriteCsv) -> None:
    rows = [
        ["№", "ФИО", "Дата рождения", "Пол", "Возраст"],
        ["1", "Тестов Тест", "1990", "М", "27"],
    ]
    record = read_records(write_csv(rows), source="s").records[0]
    assert (record.record_id, record.name, record.sex, record.age) == (
        "1",
        "Тестов Тест",
        "male",
        27,
    )


def test_unknown_column_without_mapping_is_named_by_position(write_csv: WriteCsv) -> None:
    rows = [["record_id", "Секретная колонка", "name", "name"], ["1", "x", "y", "z"]]
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv(rows), source="s")
    reasons = [(p.row, p.reason) for p in caught.value.errors]
    assert reasons[0] == (
        1,
        "column 2 is not a field uncounted knows; name it in a mapping file (or map it to ignore)",
    )
    assert reasons[1] == (1, "columns 3 and 4 both hold name")
    assert "Секрет" not in str(caught.value)


def test_missing_record_id_column(write_csv: WriteCsv) -> None:
    with pytest.raises(ImportRejected, match="no column holds record_id"):
        read_records(write_csv([["name"], ["x"]]), source="s")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[columns]\nA = 'favourite_colour'\n", "does not know"),
        ("[defaults]\nsexuality = 'x'\n", "does not know"),
        ("[values.name]\nA = 'b'\n", "applies only to"),
        ("[colums]\n", "unknown section"),
        ("[columns\n", "not valid TOML"),
        ("[columns]\nA = 3\n", "must map text to text"),
        ("[defaults]\nrecord_id = '1'\n", "same record_id"),
        ("[dates]\norder = 'european'\n", 'order = "day-first" or "month-first"'),
        ("[dates]\norder = 'day-first'\nyears = '2'\n", "holds one setting"),
        ("[dates]\norder = 1\n", "must map text to text"),
        ("[rows]\nnumbered = 'yes'\n", "numbered = true or false"),
        ("[rows]\nnumber = true\n", "holds one setting"),
        ("rows = true\n", "holds one setting"),
    ],
)
def test_bad_mapping_files(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(MappingFileError, match=reason) as caught:
        load_mapping(_mapping(tmp_path, text))
    assert str(caught.value).startswith("map.toml: ")


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(MappingFileError, match="not found"):
        load_mapping(tmp_path / "absent.toml")


def test_mapping_object_can_be_passed_directly(write_csv: WriteCsv) -> None:
    mapping = ColumnMapping(columns={"Код": "record_id"}, values={"sex": {"X": "unknown"}})
    parsed = read_records(write_csv([["Код", "sex"], ["1", "x"]]), source="s", mapping=mapping)
    assert parsed.records[0].sex == "unknown"


# --- A list that writes dates 05/03/1990: the mapping's [dates] order, never a guess ---

SLASHED = [
    ["id", "date of birth", "date"],
    ["r1", "05/03/1990", "2019-01-02"],
    ["r2", "1991", "12/2019"],
    ["r3", "25/03/1991", "01/02/2019"],
]


@pytest.mark.parametrize(
    ("order", "births", "events"),
    [
        (
            "day-first",
            ["1990-03-05", "1991", "1991-03-25"],
            ["2019-01-02", "2019-12", "2019-02-01"],
        ),
        ("month-first", None, None),
    ],
)
def test_a_mapping_files_date_order_reads_slashed_dates(
    tmp_path: Path,
    write_csv: WriteCsv,
    order: str,
    births: list[str] | None,
    events: list[str] | None,
) -> None:
    mapping = _mapping(tmp_path, f'[dates]\norder = "{order}"\n')
    if births is None:  # 25/03/1991 read month first has no 25th month: that row is refused
        with pytest.raises(ImportRejected) as caught:
            read_records(write_csv(SLASHED), source="s", mapping=mapping)
        assert [str(e) for e in caught.value.errors] == [
            "row 4, column “date of birth”: not a date in MM/DD/YYYY form, month first"
            " (month must lie in 1–12)"
        ]
        return
    parsed = read_records(write_csv(SLASHED), source="s", mapping=mapping)
    assert [str(r.birth_date) for r in parsed.records] == births
    assert [str(r.event_date) for r in parsed.records] == events


def test_slashed_dates_without_an_order_are_refused_once_for_the_file(
    write_csv: WriteCsv,
) -> None:
    """One line at the first such date, counting the rows, suggesting what the file settles
    (row 4's 25/03/1991 can only be day first); no value repeated; nothing read."""
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv(SLASHED), source="s")
    rejected = caught.value
    assert rejected.total == 1
    (problem,) = rejected.errors
    assert (problem.row, problem.column) == (2, "date of birth")
    text = str(rejected)
    assert text.startswith("list.csv: row 2, column “date of birth”: dates like 05/03/1990 may")
    assert "rows holding them: 2." in text  # rows 2 and 4; 12/2019 is a month
    assert 'order = "day-first" or "month-first" under [dates]' in text
    assert text.endswith(
        "; row 4 holds a date only day first can read (a number above 12"
        " before the first slash), so the file looks day-first"
    )
    assert "\n" not in text
    assert not any(value in text for value in ("05/03/1990,", "25/03/1991", "01/02/2019"))


def test_the_date_order_line_comes_first_and_other_problems_stay_per_row(
    write_csv: WriteCsv,
) -> None:
    rows = [SLASHED[0], ["r1", "1990-13", "03/25/2019"], ["r2", "05/03/1990", "2019"]]
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv(rows), source="s")
    said = [str(e) for e in caught.value.errors]
    assert caught.value.total == 2
    assert said[0].startswith("row 2, column “date”: dates like 05/03/1990")
    assert said[0].endswith(
        "; row 2 holds a date only month first can read (a number above 12"
        " after the first slash), so the file looks month-first"
    )
    assert said[1].startswith("row 2, column “date of birth”: not a date in YYYY")


def test_a_file_whose_dates_disagree_is_pointed_out(write_csv: WriteCsv) -> None:
    rows = [SLASHED[0], ["r1", "25/03/1990", ""], ["r2", "03/25/1990", ""]]
    with pytest.raises(ImportRejected) as caught:
        read_records(write_csv(rows), source="s")
    assert str(caught.value).endswith(
        "; row 2 holds a date only day first can read and row 3 one only month first can"
        " read: check the file"
    )


def test_the_preview_says_it_on_each_row_and_which_order_a_row_alone_settles(
    write_csv: WriteCsv,
) -> None:
    preview = preview_list(write_csv(SLASHED), source="s", mapping=ColumnMapping(), count=5)
    said = {row.number: [str(p.reason) for p in row.problems] for row in preview.rows}
    assert said == {
        2: ["may be read day first or month first: choose the date order in the mapping"],
        3: [],
        4: [
            "only day first reads it (a number above 12 before the first slash): choose the"
            " date order in the mapping",
            "may be read day first or month first: choose the date order in the mapping",
        ],
    }


def test_the_preview_surveys_the_whole_file_for_dates_the_order_changes(
    write_csv: WriteCsv,
) -> None:
    """Past the five rows shown: each kind of slashed date, where it is (row and header)."""
    rows = [
        ["id", "date of birth", "date"],
        ["r1", "05/03/1990", "2019-01-02"],
        *[["r", "1991", "2019"] for _ in range(6)],
        ["r8", "25/03/1990", "03/25/2019"],
        ["r9", "13/25/1990", "05/05/2019"],
        ["r10", "05/03/1990", "03/2019"],
    ]
    path = write_csv(rows)
    survey = preview_list(path, source="s", mapping=ColumnMapping(), count=5, dates=True).dates
    assert survey is not None and survey.order_matters and survey.only() is None
    assert survey.spots == {
        "either": [(2, "date of birth"), (11, "date of birth")],
        "day-first": [(9, "date of birth")],
        "month-first": [(9, "date")],
        "neither": [(10, "date of birth")],
    }
    assert (survey.rows, survey.first) == (3, (2, "date of birth"))
    for order in (None, "day-first", "month-first"):  # the check's one read surveys the same
        mapping = ColumnMapping(date_order=order)
        checked = check_list(path, source="s", mapping=mapping, dates=True).dates
        assert checked is not None and checked.spots == survey.spots
        assert (checked.counts, checked.rows, checked.first) == (
            survey.counts,
            survey.rows,
            survey.first,
        )
    assert check_list(path, source="s", mapping=ColumnMapping()).dates is None
    with pytest.raises(ImportRejected) as caught:  # the import counts as the survey does
        read_records(path, source="s")
    (refusal,) = caught.value.errors[:1]
    assert (refusal.row, refusal.column, refusal.field) == (2, "date of birth", "birth_date")
    assert "rows holding them: 3." in str(refusal)
    assert str(refusal).endswith(
        "; row 9 holds a date only day first can read and row 9 one only month first can"
        " read: check the file"
    )
    iso = write_csv([rows[0], ["r1", "1990-03-05", "05/05/2019"], ["r2", "05.03.1990", "03/2019"]])
    plain = preview_list(iso, source="s", mapping=ColumnMapping(), count=5, dates=True).dates
    assert plain is not None and not plain.order_matters and plain.spots == {}
    assert preview_list(path, source="s", mapping=ColumnMapping(), count=5).dates is None


@pytest.mark.parametrize(
    ("name", "body", "ids"),
    [
        # a spreadsheet's rows: the header is row 1, a blank row keeps its number
        ("list.csv", "name,birth_date\nA Syntheticov,1990\n,\nB Syntheticov,1991\n", ["2", "4"]),
        # a JSON list's objects, from 1
        ("list.json", '[{"name": "A Syntheticov"}, {"name": "B Syntheticov"}]', ["1", "2"]),
    ],
)
def test_numbered_rows_take_the_row_number_a_problem_would_name(
    tmp_path: Path, name: str, body: str, ids: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ImportRejected, match="no column holds record_id"):
        read_records(path, source="ngo")
    parsed = read_records(path, source="ngo", mapping=ColumnMapping(number_rows=True))
    assert [record.record_id for record in parsed.records] == ids
    assert dict(parsed.rows) == {("ngo", each): int(each) for each in ids}
