"""Writing Cyrillic names the way each kind of source writes them.

Standard schemes come from ``iuliia`` (BGN/PCGN, Wikipedia-style English, ICAO 9303 passports,
GOST 7.79 / ISO 9, ...). French- and German-style spellings, which follow no standard but
the habits of each language ("Issaev", "Akhmedovitch"; "Issajew", "Kadyrow"), are small rule
tables in ``data/romanisation_*.csv``: one Latin spelling per letter, another at the start of
a word or after a vowel, and a doubled *s* between vowels so it is not read as *z*.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import iuliia

from uncounted.errors import InputError
from uncounted.synth._vocab import DATA

_TABLES = {"french": "romanisation_fr.csv", "german": "romanisation_de.csv"}
_VOWELS = set("аеёиоуыэюя")
_SOFTENERS = set("ьъ")


class UnknownRomanisation(InputError):
    """Raised when a source names a romanisation that is neither iuliia's nor a table here."""


@dataclass(frozen=True)
class _RuleTable:
    plain: dict[str, str]
    initial_or_after_vowel: dict[str, str]

    def romanise(self, text: str) -> str:
        out: list[str] = []
        lower = text.lower()
        for i, letter in enumerate(lower):
            before = lower[i - 1] if i else " "
            after = lower[i + 1] if i + 1 < len(lower) else " "
            soft_place = not before.isalpha() or before in _VOWELS or before in _SOFTENERS
            if letter == "с" and before in _VOWELS and after in _VOWELS:
                latin = "ss"
            elif soft_place and letter in self.initial_or_after_vowel:
                latin = self.initial_or_after_vowel[letter]
            else:
                latin = self.plain.get(letter, letter)
            if text[i].isupper():
                latin = latin[:1].upper() + latin[1:]
            out.append(latin)
        return "".join(out)


@cache
def _table(name: str) -> _RuleTable:
    with (DATA / _TABLES[name]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return _RuleTable(
        plain={r["cyrillic"]: r["latin"] for r in rows},
        initial_or_after_vowel={
            r["cyrillic"]: r["latin_initial_or_after_vowel"]
            for r in rows
            if r["latin_initial_or_after_vowel"]
        },
    )


def available_romanisations() -> tuple[str, ...]:
    """Every romanisation a source may name: ``cyrillic``, the rule tables, iuliia's schemes."""
    return ("cyrillic", *sorted(_TABLES), *sorted(iuliia.schemas.names()))


def romaniser(scheme: str) -> Callable[[str], str]:
    """A function writing a Cyrillic name in *scheme* (see :func:`available_romanisations`)."""
    if scheme == "cyrillic":
        return str
    if scheme in _TABLES:
        return _table(scheme).romanise
    if not iuliia.schemas.has(scheme):
        raise UnknownRomanisation(
            f"unknown romanisation {scheme!r}; use one of: " + ", ".join(available_romanisations())
        )
    translate: Callable[[str], str] = iuliia.schemas.get(scheme).translate
    return translate


def romanise_all(tokens: Sequence[str], scheme: str) -> list[str]:
    """Write every token of a vocabulary in *scheme* (done once per world, not per record)."""
    write = romaniser(scheme)
    return [write(token) for token in tokens]
