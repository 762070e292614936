"""Controlled vocabularies and the places gazetteer, read from editable data files.

Each vocabulary is a CSV file in ``uncounted/model/vocab/`` with columns ``code``, ``label_en``,
``label_ru`` and optionally ``variants`` (pipe-separated other spellings an import may use). An
organisation can add a term or correct a label by editing the file; no code changes. Places
live in ``places.csv`` with two more columns, ``kind`` and ``parent``, which give the hierarchy
used to coarsen a village to its district for users who may not see more.

    >>> load("event_types").label("detention", "ru")
    'Задержание'
    >>> places().lookup("Tsentaroi")
    'ru-ce-tsentaroy'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from uncounted.messages import N_
from uncounted.model._errors import InvalidValue, UnknownVocabulary, VocabularyFileError
from uncounted.model._spelling import spelling_key

LANGUAGES = ("en", "ru")
PLACE_KINDS = ("country", "region", "republic", "district", "city", "village")
VOCABULARIES = (
    "event_types",
    "act_types",
    "perpetrator_types",
    "source_types",
    "assistance_needs",
    "case_statuses",
    "roles",
    "sex",
    "intervention_types",
    "evidence_kinds",
    "claim_types",
    "reliability",
    "location_types",
    "victim_statuses",
    "estimate_methods",
)
_TERM_COLUMNS = ("code", "label_en", "label_ru")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code and its labels in every interface language."""

    code: str
    label_en: str
    label_ru: str
    variants: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``"en"`` or ``"ru"``)."""
        if lang not in LANGUAGES:
            raise InvalidValue("Vocabulary", "lang", N_("must be en or ru"))
        return self.label_ru if lang == "ru" else self.label_en

    def spellings(self) -> tuple[str, ...]:
        """Every text that names this term: the code, both labels and the variants."""
        return (self.code, self.label_en, self.label_ru, *self.variants)


@dataclass(frozen=True)
class Place(Term):
    """An entry of the gazetteer: a term with a kind and a parent place."""

    kind: str = "village"
    parent: str | None = None


#: The shortest folded short form read as the start of a label ("угрозы" for "Угрозы или
#: запугивание"); shorter ones ("у", "the") would mean too much.
_SHORTEST_START = 4


class Vocabulary:
    """The terms of one vocabulary, addressable by code or by any of their spellings.

    The one matching rule, for every import and form: a text names the terms one of whose
    spellings (code, labels, variants) folds to the same key (:func:`spelling_key`: case,
    punctuation, ё/е...); failing that, *with short forms*, the terms one of whose spellings
    begins with that text's words ("угрозы", "Изъятие"). One term found: that term; several:
    none, and :meth:`candidates` says which. The gazetteer takes no short forms (a place's
    first word is often another place's name).
    """

    def __init__(self, name: str, terms: Sequence[Term], *, short_forms: bool = True) -> None:
        self.name = name
        self._terms = {term.code: term for term in terms}
        index: dict[str, set[str]] = {}
        starts: dict[str, set[str]] = {}
        for term in terms:
            for spelling in term.spellings():
                key = spelling_key(spelling)
                if key:
                    index.setdefault(key, set()).add(term.code)
                words = spelling.split()
                for count in range(1, len(words) if short_forms else 0):
                    start = spelling_key(" ".join(words[:count]))
                    if len(start) >= _SHORTEST_START:
                        starts.setdefault(start, set()).add(term.code)
        self._index = {key: tuple(sorted(codes)) for key, codes in index.items()}
        self._starts = {key: tuple(sorted(codes)) for key, codes in starts.items()}

    def codes(self) -> tuple[str, ...]:
        """Every code, in file order."""
        return tuple(self._terms)

    def terms(self) -> tuple[Term, ...]:
        """Every term, in file order."""
        return tuple(self._terms.values())

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def term(self, code: str) -> Term:
        """The term with this code; :class:`InvalidValue` when there is none."""
        try:
            return self._terms[code]
        except KeyError:
            raise InvalidValue(self.name, "code", N_("not a code of this vocabulary")) from None

    def label(self, code: str, lang: str = "en") -> str:
        """The label of ``code`` in ``lang`` (``"en"`` or ``"ru"``)."""
        return self.term(code).label(lang)

    def candidates(self, spelling: str) -> tuple[str, ...]:
        """Every code one of whose spellings folds to the same key as ``spelling``; failing
        that, every code one of whose spellings begins with its words (see the class)."""
        key = spelling_key(spelling)
        return self._index.get(key) or self._starts.get(key, ())

    def lookup(self, spelling: str) -> str | None:
        """The code this code, label or variant names; None if none or several do."""
        found = self.candidates(spelling)
        return found[0] if len(found) == 1 else None

    def choices(self, lang: str = "en") -> list[tuple[str, str]]:
        """``(code, label)`` pairs in file order, as a form's drop-down wants them."""
        return [(code, term.label(lang)) for code, term in self._terms.items()]


class Gazetteer(Vocabulary):
    """The places vocabulary with its hierarchy: republic > district > city or village."""

    def __init__(self, places: Sequence[Place]) -> None:
        super().__init__("places", places, short_forms=False)
        self._places = {place.code: place for place in places}

    def place(self, code: str) -> Place:
        """The place with this code; :class:`InvalidValue` when there is none."""
        try:
            return self._places[code]
        except KeyError:
            raise InvalidValue("places", "code", N_("not a code of the gazetteer")) from None

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The codes above ``code``, nearest first (e.g. district, republic, country)."""
        chain: list[str] = []
        parent = self.place(code).parent
        while parent is not None:
            chain.append(parent)
            parent = self._places[parent].parent
        return tuple(chain)

    def district_of(self, code: str) -> str:
        """The coarsest place an ungranted user may see: the district around ``code``.

        A village or town gives its district; a city that belongs to no district (Grozny,
        Argun) stands for itself; a village outside any district gives its parent region; a
        district, republic or country is already coarse.
        """
        place = self.place(code)
        if place.kind in ("district", "republic", "region", "country"):
            return code
        ancestors = self.ancestors(code)
        for ancestor in ancestors:
            if self._places[ancestor].kind == "district":
                return ancestor
        if place.kind == "city" or not ancestors:
            return code
        return ancestors[0]

    def republic_of(self, code: str) -> str | None:
        """The republic or region ``code`` lies in (itself if it is one); None for countries."""
        for candidate in (code, *self.ancestors(code)):
            if self._places[candidate].kind in ("republic", "region"):
                return candidate
        return None


def _rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    source = resources.files("uncounted.model").joinpath(f"vocab/{name}.csv")
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnknownVocabulary(N_("no vocabulary named {name}"), name=name) from None
    # A line that begins with "#" is a note (where a file's rows came from), never a row.
    kept = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(kept))
    missing = [c for c in _TERM_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise VocabularyFileError(
            N_("{name}.csv: missing column {column}"), name=name, column=missing[0]
        )
    for number, row in enumerate(reader, start=2):
        cells = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if not any(cells.values()):
            continue
        for column in _TERM_COLUMNS:
            if not cells.get(column):
                raise VocabularyFileError(
                    N_("{name}.csv: row {row}, column {column} is empty"),
                    name=name,
                    row=number,
                    column=column,
                )
        yield number, cells


def _variants(cells: dict[str, str]) -> tuple[str, ...]:
    raw = cells.get("variants", "")
    return tuple(v.strip() for v in raw.split("|") if v.strip())


def _check_unique(name: str, codes: list[tuple[int, str]]) -> None:
    seen: set[str] = set()
    for number, code in codes:
        if code in seen:
            raise VocabularyFileError(
                N_("{name}.csv: row {row} repeats an earlier code"), name=name, row=number
            )
        seen.add(code)


@cache
def load(name: str) -> Vocabulary:
    """The vocabulary stored in ``vocab/<name>.csv`` (``places`` gives the gazetteer)."""
    if name == "places":
        return places()
    if name not in VOCABULARIES:
        raise UnknownVocabulary(N_("no vocabulary named {name}"), name=name)
    rows = list(_rows(name))
    _check_unique(name, [(number, cells["code"]) for number, cells in rows])
    terms = [
        Term(cells["code"], cells["label_en"], cells["label_ru"], _variants(cells))
        for _, cells in rows
    ]
    return Vocabulary(name, terms)


COUNTED_AS = ("act_types", "victim_statuses")
"""Vocabularies with a ``counted_as`` column: the event type (violation) a term is counted under."""


@cache
def counted_as(name: str) -> MappingProxyType[str, str]:
    """Code -> the event type each term of *name* is counted under (terms counted under none
    are left out), from the file's ``counted_as`` column; see docs/counting.md."""
    if name not in COUNTED_AS:
        raise UnknownVocabulary(N_("no vocabulary named {name}"), name=name)
    events = load("event_types")
    mapping: dict[str, str] = {}
    for number, cells in _rows(name):
        event_type = cells.get("counted_as", "")
        if event_type and event_type not in events:
            raise VocabularyFileError(
                N_("{name}.csv: row {row}, counted_as is not an event type"), name=name, row=number
            )
        if event_type:
            mapping[cells["code"]] = event_type
    return MappingProxyType(mapping)


@cache
def places() -> Gazetteer:
    """The gazetteer of ``vocab/places.csv``, checked for unique codes and existing parents."""
    rows = list(_rows("places"))
    _check_unique("places", [(number, cells["code"]) for number, cells in rows])
    codes = {cells["code"] for _, cells in rows}
    entries: list[Place] = []
    for number, cells in rows:
        kind, parent = cells.get("kind", ""), cells.get("parent") or None
        if kind not in PLACE_KINDS:
            raise VocabularyFileError(
                N_("places.csv: row {row}, column kind is not a known kind"), row=number
            )
        if parent is not None and parent not in codes:
            raise VocabularyFileError(
                N_("places.csv: row {row}, parent is not a place code"), row=number
            )
        entries.append(
            Place(
                cells["code"],
                cells["label_en"],
                cells["label_ru"],
                _variants(cells),
                kind=kind,
                parent=parent,
            )
        )
    _check_acyclic({place.code: place.parent for place in entries})
    return Gazetteer(entries)


def _check_acyclic(parents: dict[str, str | None]) -> None:
    for start in parents:
        seen = {start}
        parent = parents[start]
        while parent is not None:
            if parent in seen:
                raise VocabularyFileError(N_("places.csv: the parents of a place form a loop"))
            seen.add(parent)
            parent = parents[parent]
