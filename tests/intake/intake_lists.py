"""Constants of the intake tests: synthetic lists in the formats organisations send."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
