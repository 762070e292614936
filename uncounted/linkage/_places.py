"""Place names in any script, resolved through the project gazetteer when it is present:
the one reading of a place, for linkage and for the intake alike.

``uncounted/model/vocab/places.csv`` (columns code, kind, parent, label_en, label_ru,
variants) lists districts with their names in English, Russian and common variants. A place
written in any of them resolves to the same code, and to its parent (the region), so that
"Grozny" and "Грозный" agree exactly and two districts of one region agree partly. Without
the gazetteer, places are compared by their folded spelling.

The intake stores the code :func:`place_code` finds and keeps a place it does not find as
written; linkage keys the stored code or text with :func:`place_key`. Both once read places
by two rules (the intake by the gazetteer's spellings alone, ``spelling_key``), so French
"Chali" was Shali to linkage and a place nobody knows to the vault: its register and the
report's district coarsening. Now one rule, in this order: a gazetteer code; the gazetteer's
own spellings (``Gazetteer.lookup``, which the forms use: case, settlement words such as
"с." and "г.", -skiy/-skii); the names' folding of every romanisation; the same without
diacritics' marks. A spelling that names two places names none, at every step.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from uncounted.linkage._fold import Style, fold, name_style
from uncounted.linkage._script import detect_script
from uncounted.model._spelling import without_settlement_words
from uncounted.model.vocabulary import places

_VARIANT_SEPARATOR = re.compile(r"[;|]")


@dataclass(frozen=True)
class PlaceKey:
    """The gazetteer code of a place (or its folded spelling) and its parent's code."""

    code: str
    parent: str | None


def _place_fold(text: str, listed: Style | None = None) -> str:
    style = name_style(text, listed)
    return "".join(fold(token, style) for token in text.split())


def _without_marks(folded: str) -> str:
    """A folded place as a list typed without diacritics writes it: ISO 9's š, č and ž lose
    their marks (Šali -> Sali, Kurčaloj -> Kurcaloj), so ш, ч and ц, ж and з meet.

    Read only where the folded spelling finds no place, and a spelling found by it only
    when it names one place: it merges letters the fold keeps apart.
    """
    return folded.replace("sh", "s").replace("ch", "ts")


@cache
def gazetteer() -> dict[str, PlaceKey]:
    """Folded label or variant -> place key; empty when the gazetteer is not installed.

    Every romanisation of a label folds to the label's key (the names' folding, one rule),
    so the file lists only the spellings folding cannot reach (Ermolovka for Alkhan-Kala).
    """
    try:
        source = resources.files("uncounted.model").joinpath("vocab/places.csv")
        text = source.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return {}
    found: dict[str, list[PlaceKey]] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        key = PlaceKey(row["code"], row.get("parent") or None)
        labels = [row.get("label_en") or "", row.get("label_ru") or ""]
        labels += _VARIANT_SEPARATOR.split(row.get("variants") or "")
        for label in labels:
            if label.strip():
                _add(found, _place_fold(label), key)
        _add(found, row["code"].lower(), key)
    # A spelling that names two places (Сунженский район: the Chechen and the Ingush
    # district) names neither, as the gazetteer's own look-up has it.
    return {spelling: keys[0] for spelling, keys in found.items() if len(keys) == 1}


def _add(found: dict[str, list[PlaceKey]], spelling: str, key: PlaceKey) -> None:
    keys = found.setdefault(spelling, [])
    if key not in keys:
        keys.append(key)


@lru_cache(maxsize=100_000)
def place_key(text: str, listed: Style | None = None) -> PlaceKey | None:
    """The key of a place name, ``None`` for an empty one.

    *listed* is the romanisation habit of the place's list (French Chali is Шали). A list
    may still write places as the English labels ("Nadterechny district" in a French
    list), so the place's own reading is tried when the list's finds nothing.
    """
    folded = _place_fold(text)
    if not folded:
        return None
    table = gazetteer()
    # A file read by the intake holds the place as its gazetteer code (ru-ce-grozny); folded
    # like a name it was a place nobody knows (rutsegrosni), and agreed with no other list.
    code = table.get(text.strip().lower())
    if code is not None and code.code.lower() == text.strip().lower():
        return code
    # The gazetteer's own spellings first: they are what the file lists, and "г. Russia"
    # folded as a name was "grusia", Georgia.
    listed_code = places().lookup(text) if table else None
    if listed_code is not None:
        return PlaceKey(listed_code, places().place(listed_code).parent)
    if folded in table:
        return table[folded]
    bare = without_settlement_words(text)
    if bare != text and _place_fold(bare):  # с. Chali is Chali
        text, folded = bare, _place_fold(bare)
        if folded in table:
            return table[folded]
    # A place the gazetteer lacks is keyed in its list's habit too, as its names are: a
    # German list's Gechi is the Гехи of a Cyrillic one, and folded alone it was "gechi".
    in_habit = folded if listed is None else _place_fold(text, listed)
    if in_habit in table:
        return table[in_habit]
    unknown = PlaceKey(in_habit, None)
    if detect_script(text) != "latin":  # a Cyrillic Сали was never Šali with its marks lost
        return unknown
    return _unmarked().get(_without_marks(in_habit), unknown)


def place_code(text: str) -> str | None:
    """The gazetteer code of the place *text* names, ``None`` if it names none or several:
    what the intake stores (and linkage then reads as that place).

    The intake reads a row at a time and does not know its list's romanisation habit
    (:func:`place_key`'s *listed*, read by linkage from all the list's names), so a place
    its own letters do not find is read in each habit, and kept where exactly one place
    results: French "Chali" is Шали (ch is ш), German "Schali" too; a text two habits read
    as two places stays as written, for linkage to read in its list's habit.
    """
    codes = _codes()
    own = place_key(text)
    if own is not None and own.code in codes:
        return own.code
    found = {key.code for habit in _HABITS if (key := place_key(text, habit)) is not None}
    found &= codes
    return found.pop() if len(found) == 1 else None


_HABITS: tuple[Style, ...] = ("french", "german")


@cache
def _codes() -> frozenset[str]:
    return frozenset(key.code for key in gazetteer().values())


@cache
def _unmarked() -> dict[str, PlaceKey]:
    """The gazetteer's keys without diacritics' marks (:func:`_without_marks`), each only
    where it still names one place."""
    found: dict[str, set[PlaceKey]] = {}
    for key, place in gazetteer().items():
        found.setdefault(_without_marks(key), set()).add(place)
    return {key: next(iter(places)) for key, places in found.items() if len(places) == 1}
