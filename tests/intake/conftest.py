"""Helpers that write synthetic lists in the formats organisations send."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

HEADER = [
    "record_id",
    "name",
    "name_original",
    "birth_date",
    "age",
    "sex",
    "place",
    "event_date",
    "event_type",
]
ROWS = [
    ["1", "Aslan Testov", "Аслан Тестов", "1990-05", "26", "m", "Центарой", "2017-03", "detention"],
    ["2", "Zara Primerova", "Зара Примерова", "1994", "", "ж", "Argun", "2017-04-02", "Пытки"],
    ["3", "Ruslan Obraztsov", "Руслан Образцов", "", "31", "male", "Нигде", "2019-01", "killing"],
]

WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows as CSV in the given encoding and delimiter; returns the path."""

    def write(
        rows: Sequence[Sequence[str]] = (HEADER, *ROWS),
        *,
        name: str = "list.csv",
        encoding: str = "utf-8",
        delimiter: str = ",",
    ) -> Path:
        path = tmp_path / name
        text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
        path.write_bytes(text.encode(encoding))
        return path

    return write
