"""Constants of the intake tests: synthetic lists in the formats organisations send."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from uncounted.model import PERSON_COLUMNS

HEADER = ["record_id", *PERSON_COLUMNS]
ROWS = [
    ["1", "Aslan Testov", "Аслан Тестов", "1990-05", "26", "m", "Центарой", "2017-03", "detention"],
    ["2", "Zara Primerova", "Зара Примерова", "1994", "", "ж", "Argun", "2017-04-02", "Пытки"],
    ["3", "Ruslan Obraztsov", "Руслан Образцов", "", "31", "male", "Нигде", "2019-01", "killing"],
]

WriteCsv = Callable[..., Path]
