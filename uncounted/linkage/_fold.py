"""Canonical matching keys for names written in Cyrillic or in any common romanisation.

The same surname reaches us as Исаев, Isayev (BGN/PCGN, English press), Isaev (ICAO 9303
passports), Issaev (French), Issajew (German) or Isaev with háčeks elsewhere (GOST 7.79 /
ISO 9). None of these agree as strings, so nothing downstream could learn from them. This
module maps each of them to one lossy key:

1. Cyrillic is transliterated once, with ``iuliia``'s ICAO 9303 scheme.
2. Latin text is read in the *style* of its list (German ``sch``/``w``, French
   ``ou``/``tch``), because the same letters mean different sounds in each (``ch`` is ч in
   English, ш in French and х in German); style-specific spellings are rewritten to
   English-like ones. The style is read from all the list's names together (one name's typo
   cannot change it); a name read alone needs two marks of a style.
3. The result is folded: diacritics become digraphs, sounds that schemes spell differently
   are merged (ж with ш and щ, з with с, х with h, ц with ts), y/j/i glides before a vowel
   are dropped (so Yusup, Iusup, Jusup and Iousoup meet), doubled letters collapse.

Keys are for comparison only; nothing shows them to a person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import iuliia

from uncounted.linkage._script import detect_script

Style = Literal["generic", "german", "french"]

_DIACRITICS = {
    "š": "sh",
    "ž": "zh",
    "č": "ch",
    "ć": "ch",
    "ŝ": "shch",
    "â": "ja",
    "ä": "ja",
    "û": "ju",
    "ü": "ju",
    "ë": "e",
    "è": "e",
    "é": "e",
    "ê": "e",
    "ï": "i",
    "ĭ": "i",
    "ǎ": "a",
}

# Upper-case letters are placeholders while rules run: C is ч, S is ш/щ/ж, J is дж.
_GERMAN_RULES = (
    ("schtsch", "S"),
    ("dsch", "J"),
    ("dsh", "J"),  # Duden writes ж as sh, so дж is dsh too (Dshabrail, Dshamalow)
    ("tsch", "C"),
    ("sch", "S"),
    ("ch", "kh"),
    ("z", "ts"),
    ("w", "v"),
)
_FRENCH_RULES = (
    ("chtch", "S"),
    ("tch", "C"),
    ("ch", "S"),
    ("dj", "J"),
    ("j", "S"),
    ("ou", "u"),
)
_GENERIC_RULES = (
    ("shch", "sh"),
    ("tch", "ch"),  # French ч, as in -ovitch, read so even in a name with no other French mark
    ("shh", "sh"),
    ("dzh", "J"),
    ("dj", "J"),
    ("zh", "sh"),
    ("kh", "h"),
    ("x", "h"),
    ("cz", "ts"),
    ("tz", "ts"),
    ("ck", "k"),
    ("ph", "f"),
    ("q", "k"),
    ("w", "v"),
    ("ou", "u"),
    ("gue", "ge"),
    ("gui", "gi"),
)
# ё after a consonant is written yo (Wikipedia, English press), jo (German) or io (French) but
# e by ICAO 9303 passports and most lists: Fyodorov, Fjodorow, Fiodorov and Fedorov all meet.
_YO = re.compile(r"(?<=[bcdfghklmnprstvz])[yji]o")
_GERMAN_MARK = re.compile(r"sch|w|tz")
_FRENCH_MARK = re.compile(r"ou|tch|dj|ï|ff\b|ine\b")
_ICAO_HARD_SIGN = re.compile(r"ie(?=[iy][aeiou])")  # ICAO 9303 writes ъя as "ieia"
_LONE_C = re.compile(r"c(?!h)")
_GLIDE = re.compile(r"[yji]+(?=[aeiou])")
_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")
_TRANSLIT = iuliia.ICAO_DOC_9303


# Marks one name needs to be read in a habit on its own evidence; share of a list's Latin
# names that must show a habit's marks (at least two names, or the only one) for the whole
# list to be read in it. Typos make marks in about one name in a hundred; a German list
# shows them in most names (-ow, -ew, w for в), a French one in a fifth or more (ou, tch, dj).
_MARKS_OF_ONE_NAME = 2
_LIST_SHARE = 0.1


def style_hits(text: str) -> dict[Style, int]:
    """How many marks of the German and of the French habit a Latin text shows."""
    lowered = text.lower()
    return {
        "german": len(_GERMAN_MARK.findall(lowered)),
        "french": len(_FRENCH_MARK.findall(lowered)),
    }


def detect_style(text: str) -> Style:
    """Guess the romanisation style of one whole Latin name (lower case is not required).

    German-style lists write в as ``w`` and ш as ``sch``; French-style ones write у as
    ``ou``, ч as ``tch`` and дж as ``dj``. Everything else (BGN/PCGN, ICAO, GOST, ISO 9,
    English press) is read as ``generic``. One name is read in a habit only on two marks of
    it or more: one typo makes at most one mark (WMagomed, Magomed Isaouv), and switching
    the rules for the whole name on it changed its keys far more than the typo did. A name
    of a list is read in the list's habit (:func:`list_style`) unless it shows two marks of
    another.
    """
    hits = style_hits(text)
    style: Style = "german" if hits["german"] >= hits["french"] else "french"
    return style if hits[style] >= _MARKS_OF_ONE_NAME else "generic"


def list_style(names: Iterable[str]) -> Style:
    """The romanisation habit of a whole list, from the marks its Latin names show.

    A list is written by one hand or one system, so its habit is read from all its names
    together: a single name's typo cannot change it, and names that show no mark themselves
    (Chamil of a French list) are still read as the list writes.
    """
    latin = 0
    showing: dict[Style, int] = {"german": 0, "french": 0}
    for name in names:
        if detect_script(name) != "latin":
            continue
        latin += 1
        hits = style_hits(name)
        for style in ("german", "french"):
            showing[style] += hits[style] > 0
    if latin == 0:
        return "generic"
    best: Style = "german" if showing["german"] >= showing["french"] else "french"
    enough = showing[best] >= min(2, latin) and showing[best] >= _LIST_SHARE * latin
    return best if enough else "generic"


def name_style(name: str, listed: Style | None) -> Style:
    """The habit to read one *name* in: its own on two marks or more, else its list's."""
    own = detect_style(name)
    if own != "generic" or listed is None:
        return own
    return listed


@lru_cache(maxsize=1_000_000)
def token_style(token: str, listed: Style | None) -> Style:
    """The habit to read one name *token* in, from that token and its list's habit only.

    Nothing outside the token decides, so a typo in one part of a name never changes how
    the other parts are read (a stray w once read WMagomed Elmurzaev by German rules, z ->
    ts, and an "ou" typo in a given name read the surname's ch as ш). A token is read in
    another habit than its list's only on its own marks: one is enough in a list with no
    habit (Schamil and Bassajew of a press list each show theirs), two in a list that has
    one (a typo's w in a French list's Tchetchenov must not read tch as t + х).
    """
    hits = style_hits(token)
    own: Style = "german" if hits["german"] >= hits["french"] else "french"
    base: Style = listed or "generic"
    if own == base or hits[own] == 0:
        return base
    needed = 1 if base == "generic" else _MARKS_OF_ONE_NAME
    return own if hits[own] >= needed else base


@lru_cache(maxsize=1_000_000)
def transliterate(token: str) -> str:
    """Cyrillic (or mixed) *token* in lower-case Latin letters; Latin passes unchanged."""
    lowered = token.lower()
    if detect_script(lowered) in ("cyrillic", "mixed"):
        # Hard and soft signs are spelt ʺ, ', `, ie or not at all: drop them before.
        return str(_TRANSLIT.translate(lowered.replace("ъ", "").replace("ь", "")))
    return lowered


def strip_diacritics(text: str) -> str:
    composed = unicodedata.normalize("NFC", text)
    mapped = "".join(_DIACRITICS.get(char, char) for char in composed)
    decomposed = unicodedata.normalize("NFKD", mapped)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _apply(rules: tuple[tuple[str, str], ...], text: str) -> str:
    for old, new in rules:
        text = text.replace(old, new)
    return text


@lru_cache(maxsize=1_000_000)
def fold(token: str, style: Style = "generic") -> str:
    """The canonical key of one name token in any script and romanisation.

    Idempotent (``fold(fold(x)) == fold(x)``) and equal across the romanisation schemes of
    the same Cyrillic token. Returns ``""`` for a token without letters.
    """
    text = transliterate(token)
    script_was_cyrillic = text != token.lower()
    if style == "french" and not script_was_cyrillic:
        text = text.replace("ï", "i")
        text = re.sub(r"ine$", "in", text)
        text = re.sub(r"([oe])ff$", r"\1v", text)
    text = strip_diacritics(text)
    text = _NOT_LETTER.sub("", text)
    if not script_was_cyrillic:
        if style == "german":
            text = _apply(_GERMAN_RULES, text)
        elif style == "french":
            text = _apply(_FRENCH_RULES, text)
    return _generic(text)


def _generic(text: str) -> str:
    """The style-independent folding, repeated until nothing changes (so fold is idempotent)."""
    while True:
        folded = _generic_once(text)
        if folded == text:
            return folded
        text = folded


def _generic_once(text: str) -> str:
    text = _apply(_GENERIC_RULES, text)
    text = _YO.sub("e", text)
    text = _ICAO_HARD_SIGN.sub("", text)
    text = _LONE_C.sub("ts", text)
    text = text.replace("z", "s")
    text = _GLIDE.sub("", text)
    text = text.replace("y", "i").replace("j", "i")
    text = text.replace("J", "dj").replace("C", "ch").replace("S", "sh")
    return _DOUBLE.sub(r"\1", text)
