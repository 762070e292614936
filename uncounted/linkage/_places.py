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

_VARIANT_SEPARATOR = re.compile(r"[;|]")


@dataclass(frozen=True)
class PlaceKey:
    """The gazetteer code of a place (or its folded spelling) and its parent's code."""

    code: str
    parent: str | None


def _place_fold(text: str, listed: Style | None = None) -> str:
    style = name_style(text, listed)
    return "".join(fold(token, style) for token in text.split())


@cache
def gazetteer() -> dict[str, PlaceKey]:
    """Folded label or variant -> place key; empty when the gazetteer is not installed."""
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
    if listed is not None and folded not in table:
        in_habit = _place_fold(text, listed)
        if in_habit in table:
            return table[in_habit]
    return table.get(folded, PlaceKey(folded, None))
