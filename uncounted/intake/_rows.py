"""Turning one row of text cells into a validated :class:`Record`, collecting every problem.

Each field is checked on its own, so a row with a bad birth date and an unknown event type is
reported twice, and the caseworker fixes both at once. Reasons never contain the cell's value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from uncounted.intake._mapping import ColumnMapping
from uncounted.model import (
    MAX_SHORT,
    MAX_TEXT,
    InvalidValue,
    PartialDate,
    Record,
    Vocabulary,
    load,
    places,
)

_WHOLE = re.compile(r"\d{1,3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TEXT_FIELDS = ("name", "name_original", "contact", "address", "testimony")
_CODE_WORDS = {
    "sex": "sex code or label (en/ru)",
    "event_type": "event type code or label (en/ru)",
    "role": "role code or label (en/ru)",
}


class FieldProblem(Exception):
    """One field of one row is wrong; ``reason`` is safe to show (it never holds the value)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass
class RowConverter:
    """Converts the rows of one file; remembers code look-ups and counts unmatched places."""

    source: str
    mapping: ColumnMapping
    unmatched_places: int = 0
    _lookups: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def convert(self, cells: dict[str, str]) -> tuple[Record | None, list[FieldProblem]]:
        """The record a row describes, or None and the reasons it cannot be one."""
        values = {**self.mapping.defaults, **{k: v for k, v in cells.items() if v}}
        problems: list[FieldProblem] = []

        def attempt(name: str, parse: Callable[[str], object]) -> object:
            raw = values.get(name)
            if raw is None:
                return None
            try:
                return parse(raw)
            except FieldProblem as problem:
                problems.append(problem)
                return None

        given_source = values.get("source")
        if given_source is not None and given_source != self.source:
            problems.append(FieldProblem("source", "differs from the source named for the import"))
        record_id = values.get("record_id")
        if record_id is None:
            problems.append(FieldProblem("record_id", "is missing"))
        parsed = {
            "record_id": attempt("record_id", lambda v: _identifier("record_id", v)),
            "case": attempt("case", lambda v: _identifier("case", v)),
            "birth_date": attempt("birth_date", lambda v: _date("birth_date", v)),
            "event_date": attempt("event_date", lambda v: _date("event_date", v)),
            "age": attempt("age", _age),
            "sex": attempt("sex", lambda v: self._code("sex", v)),
            "event_type": attempt("event_type", lambda v: self._code("event_type", v)),
            "role": attempt("role", lambda v: self._code("role", v)),
        }
        for name in _TEXT_FIELDS:
            limit = MAX_TEXT if name == "testimony" else MAX_SHORT
            parsed[name] = attempt(name, partial(_text, name, limit=limit))
        place_text = attempt("place", partial(_text, "place", limit=MAX_SHORT))
        if isinstance(place_text, str):
            parsed["place"] = self._place(place_text)
            parsed["place_text"] = None if parsed["place"] is not None else place_text
        if problems:
            return None, problems
        return self._build(parsed, problems)

    def _build(
        self, parsed: dict[str, object], problems: list[FieldProblem]
    ) -> tuple[Record | None, list[FieldProblem]]:
        present = {k: v for k, v in parsed.items() if v is not None}
        present.setdefault("case", self.source)
        present.setdefault("role", "victim")
        try:
            record = Record(source=self.source, **present)  # type: ignore[arg-type]
        except InvalidValue as error:
            problems.append(FieldProblem(error.field, error.reason))
            return None, problems
        return record, problems

    def _vocabulary(self, name: str) -> Vocabulary:
        return load({"sex": "sex", "event_type": "event_types", "role": "roles"}[name])

    def _code(self, name: str, raw: str) -> str:
        key = (name, raw)
        if key not in self._lookups:
            word = self.mapping.translate(name, raw)
            vocabulary = self._vocabulary(name)
            self._lookups[key] = word if word in vocabulary else vocabulary.lookup(word)
        code = self._lookups[key]
        if code is None:
            raise FieldProblem(name, f"not a known {_CODE_WORDS[name]}")
        return code

    def _place(self, raw: str) -> str | None:
        key = ("place", raw)
        if key not in self._lookups:
            word = self.mapping.translate("place", raw)
            gazetteer = places()
            self._lookups[key] = word if word in gazetteer else gazetteer.lookup(word)
        code = self._lookups[key]
        if code is None:
            self.unmatched_places += 1
        return code


def _fine(text: str) -> bool:
    return _CONTROL.search(text) is None


def _identifier(name: str, raw: str) -> str:
    if len(raw) > 200:
        raise FieldProblem(name, "is longer than 200 characters")
    if not _fine(raw):
        raise FieldProblem(name, "contains control characters")
    return raw


def _text(name: str, raw: str, limit: int) -> str:
    if len(raw) > limit:
        raise FieldProblem(name, f"is longer than {limit} characters")
    if not _fine(raw):
        raise FieldProblem(name, "contains control characters")
    return raw


def _date(name: str, raw: str) -> PartialDate:
    try:
        return PartialDate.parse(raw)
    except InvalidValue as error:
        raise FieldProblem(name, error.reason) from None


def _age(raw: str) -> int:
    if not _WHOLE.fullmatch(raw):
        raise FieldProblem("age", "not a whole number of years")
    age = int(raw)
    if age > 120:
        raise FieldProblem("age", "out of range: must be from 0 to 120 years")
    return age
