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
from uncounted.linkage import place_code
from uncounted.messages import N_, Message
from uncounted.model import (
    MAX_AGE,
    MAX_SHORT,
    MAX_TEXT,
    DateOrder,
    DateOrderNeeded,
    InvalidValue,
    ListedRecord,
    PartialDate,
    Record,
    Vocabulary,
    load,
    places,
)

_WHOLE = re.compile(r"\d{1,3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SHORT_TEXT_FIELDS = ("name", "name_original", "contact", "address")
_NOT_A_CODE = {
    "sex": N_("not a known sex: give its code or its label (in English or Russian)"),
    "event_type": N_("not a known event type: give its code or its label (in English or Russian)"),
    "role": N_("not a known role: give its code or its label (in English or Russian)"),
    "act_types": N_("not a known act: give its code or its label (in English or Russian)"),
    "status": N_("not a known status: give its code or its label (in English or Russian)"),
}
#: What a list row may tell of its person's detention (:class:`ListedRecord`'s own fields).
_TOLD = ("act_types", "status", "detained_from", "detained_until")
#: The fields that hold a date (read by :meth:`RowConverter._date`).
DATE_FIELDS = ("birth_date", "event_date", "detained_from", "detained_until")
#: How the items of a list cell are separated (``arrest|beating`` or ``arrest; beating``).
_ITEMS = re.compile(r"[|;]")


_VOCABULARIES = {
    "sex": "sex",
    "event_type": "event_types",
    "role": "roles",
    "act_types": "act_types",
    "status": "victim_statuses",
}


@dataclass(frozen=True)
class _UnmatchedPlace:
    """A place written in a way the gazetteer does not know; kept as text, sealed."""

    text: str


class FieldProblem(Exception):
    """One field of one row is wrong; ``reason`` is safe to show (it never holds the value)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class DateOrderProblem(FieldProblem):
    """A date written with slashes (05/03/1990) in a list whose mapping names no date order.

    ``readings`` are the orders that read it (:class:`~uncounted.model.DateOrderNeeded`); the
    reader says the whole file's once (:class:`uncounted.intake._reader.ListReader`).
    """

    def __init__(self, field: str, readings: tuple[DateOrder, ...]) -> None:
        super().__init__(field, _ORDER_UNSAID.get(readings, ORDER_UNSAID))
        self.readings = readings


ORDER_UNSAID = N_("may be read day first or month first: choose the date order in the mapping")
#: A date only one order reads says so on its row (the web's preview shows it there).
_ORDER_UNSAID: dict[tuple[DateOrder, ...], str] = {
    ("day-first",): N_(
        "only day first reads it (a number above 12 before the first slash): choose the date"
        " order in the mapping"
    ),
    ("month-first",): N_(
        "only month first reads it (a number above 12 after the first slash): choose the date"
        " order in the mapping"
    ),
}


@dataclass
class RowConverter:
    """Converts the rows of one file; remembers code look-ups and counts unmatched places.

    ``source`` is the source named for the whole file (an import), or None when each row
    names its own in a ``source`` column (the records format that ``uncounted link`` reads).
    """

    source: str | None
    mapping: ColumnMapping
    unmatched_places: int = 0
    _lookups: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _dates: dict[str, PartialDate | str | tuple[DateOrder, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._parsers: dict[str, Callable[[str], object]] = {
            "source": self._source,
            "record_id": partial(_identifier, "record_id"),
            "case": partial(_identifier, "case"),
            **{name: partial(self._date, name) for name in DATE_FIELDS},
            "age": _age,
            "sex": partial(self._code, "sex"),
            "event_type": partial(self._code, "event_type"),
            "role": partial(self._code, "role"),
            "act_types": self._acts,
            "status": partial(self._code, "status"),
            **{name: partial(_text, name, limit=MAX_SHORT) for name in _SHORT_TEXT_FIELDS},
            "testimony": partial(_text, "testimony", limit=MAX_TEXT),
            "place": self._place,
        }

    def convert(self, cells: dict[str, str]) -> tuple[Record | None, list[FieldProblem]]:
        """The record a row describes, or None and the reasons it cannot be one.

        Fields are checked in the file's column order, so problems read left to right.
        """
        values = {**self.mapping.defaults, **cells} if self.mapping.defaults else cells
        problems: list[FieldProblem] = []
        if self.source is None and not values.get("source"):
            problems.append(FieldProblem("source", N_("is missing")))
        if not values.get("record_id"):
            problems.append(FieldProblem("record_id", N_("is missing")))
        parsed: dict[str, object] = {}
        parsers = self._parsers
        for name, raw in values.items():
            if raw:
                try:
                    parsed[name] = parsers[name](raw)
                except FieldProblem as problem:
                    problems.append(problem)
        if problems:
            return None, problems
        source = str(parsed.pop("source", None) or self.source)
        place = parsed.get("place")
        if isinstance(place, _UnmatchedPlace):
            parsed["place"] = None
            parsed["place_text"] = place.text
        return self._build(source, parsed, problems)

    def _build(
        self, source: str, parsed: dict[str, object], problems: list[FieldProblem]
    ) -> tuple[Record | None, list[FieldProblem]]:
        parsed.setdefault("case", source)
        parsed.setdefault("role", "victim")
        told = {name: parsed.pop(name) for name in _TOLD if name in parsed}
        try:
            # the fields are parsed by column name from a table, so their types are only known
            # at run time; Record checks every value itself and raises InvalidValue
            record = (
                ListedRecord(source=source, **parsed, **told)  # type: ignore[arg-type]
                if told
                else Record(source=source, **parsed)  # type: ignore[arg-type]
            )
        except InvalidValue as error:
            problems.append(FieldProblem(error.field, error.reason))
            return None, problems
        return record, problems

    def _source(self, raw: str) -> str:
        if self.source is None:
            return _identifier("source", raw)
        if raw != self.source:
            raise FieldProblem("source", N_("differs from the source named for the import"))
        return raw

    def _vocabulary(self, name: str) -> Vocabulary:
        return load(_VOCABULARIES[name])

    def _code(self, name: str, raw: str) -> str:
        key = (name, raw)
        if key not in self._lookups:
            word = self.mapping.translate(name, raw)
            vocabulary = self._vocabulary(name)
            self._lookups[key] = word if word in vocabulary else vocabulary.lookup(word)
        code = self._lookups[key]
        if code is None:
            several = self._vocabulary(name).candidates(self.mapping.translate(name, raw))
            if several:  # a short form of more than one label: the file must say which
                raise FieldProblem(
                    name,
                    Message(
                        N_("could mean any of {choices}: write one of these codes or a label"),
                        choices=", ".join(several),
                    ),
                )
            raise FieldProblem(name, _NOT_A_CODE[name])
        return code

    def _acts(self, raw: str) -> tuple[str, ...]:
        """Several acts in one cell, separated by ``|`` or ``;``, each a code or label."""
        items = (item.strip() for item in _ITEMS.split(raw))
        return tuple(dict.fromkeys(self._code("act_types", item) for item in items if item))

    def _place(self, raw: str) -> str | _UnmatchedPlace:
        text = _text("place", raw, limit=MAX_SHORT)
        key = ("place", text)
        if key not in self._lookups:
            word = self.mapping.translate("place", text)
            # Read as linkage reads it (one rule, uncounted.linkage.place_code): French
            # "Chali" is Shali in the vault, its register and the report's districts too.
            self._lookups[key] = word if word in places() else place_code(word)
        code = self._lookups[key]
        if code is None:
            self.unmatched_places += 1
            return _UnmatchedPlace(text)
        return code

    def _date(self, name: str, raw: str) -> PartialDate:
        """Dates repeat across a list; each distinct text is parsed once, in the mapping's
        date order."""
        known = self._dates.get(raw)
        if known is None:
            try:
                known = PartialDate.parse(raw, self.mapping.date_order)
            except DateOrderNeeded as unsaid:
                known = unsaid.readings
            except InvalidValue as error:
                known = error.reason
            self._dates[raw] = known
        if isinstance(known, str):
            raise FieldProblem(name, known)
        if isinstance(known, tuple):
            raise DateOrderProblem(name, known)
        return known


def _fine(text: str) -> bool:
    return _CONTROL.search(text) is None


def _identifier(name: str, raw: str) -> str:
    if len(raw) > 200:
        raise FieldProblem(name, Message(N_("is longer than {limit} characters"), limit=200))
    if not _fine(raw):
        raise FieldProblem(name, N_("contains control characters"))
    return raw


def short_text(name: str, raw: str) -> str:
    """``raw`` when it is fit to keep as a short text (a name, an extra column's cell)."""
    return _text(name, raw, limit=MAX_SHORT)


def _text(name: str, raw: str, *, limit: int) -> str:
    if len(raw) > limit:
        raise FieldProblem(name, Message(N_("is longer than {limit} characters"), limit=limit))
    if not _fine(raw):
        raise FieldProblem(name, N_("contains control characters"))
    return raw


def _age(raw: str) -> int:
    if not _WHOLE.fullmatch(raw):
        raise FieldProblem("age", N_("not a whole number of years"))
    age = int(raw)
    if age > MAX_AGE:
        raise FieldProblem(
            "age", Message(N_("out of range: must be from 0 to {limit} years"), limit=MAX_AGE)
        )
    return age
