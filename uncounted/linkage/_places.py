"""Place names in any script, resolved through the project gazetteer when it is present.

``uncounted/model/vocab/places.csv`` (columns code, kind, parent, label_en, label_ru,
variants) lists districts with their names in English, Russian and common variants. A place
written in any of them resolves to the same code, and to its parent (the region), so that
"Grozny" and "Грозный" agree exactly and two districts of one region agree partly. Without
the gazetteer, places are compared by their folded spelling.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from uncounted.linkage._fold import Style, fold, name_style
from uncounted.linkage._script import detect_script

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
    table: dict[str, PlaceKey] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        key = PlaceKey(row["code"], row.get("parent") or None)
        labels = [row.get("label_en") or "", row.get("label_ru") or ""]
        labels += _VARIANT_SEPARATOR.split(row.get("variants") or "")
        for label in labels:
            if label.strip():
                table.setdefault(_place_fold(label), key)
        table.setdefault(row["code"].lower(), key)
    return table


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


@cache
def _unmarked() -> dict[str, PlaceKey]:
    """The gazetteer's keys without diacritics' marks (:func:`_without_marks`), each only
    where it still names one place."""
    found: dict[str, set[PlaceKey]] = {}
    for key, place in gazetteer().items():
        found.setdefault(_without_marks(key), set()).add(place)
    return {key: next(iter(places)) for key, places in found.items() if len(places) == 1}
