"""Mapping files let an organisation's own column names and words be imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_lists import WriteCsv

from uncounted.intake import (
    ColumnMapping,
    ImportRejected,
    MappingFileError,
    load_mapping,
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
