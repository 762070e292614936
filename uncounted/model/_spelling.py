"""Folding of spellings so that "с. Центарой", "Tsentaroi" and "TSENTAROY" meet.

Used by vocabulary look-ups and the places gazetteer. It is deliberately conservative: it
removes case, punctuation, settlement prefixes and the diacritics of Latin letters, unifies the
Cyrillic letters that are typed several ways (ё/е, the palochka), and folds the romanisation
endings that differ between systems (-skiy/-skii/-sky, ai/ay). Everything else is left to the
explicit variants listed in the data files, so that folding never merges two real places.
"""

from __future__ import annotations

import re
import unicodedata

_PALOCHKA = str.maketrans({"Ӏ": "ӏ", "1": "ӏ", "I": "ӏ", "l": "ӏ"})
_SETTLEMENT_WORDS = re.compile(
    r"\b(?:г|гор|город|с|село|ст|станица|пос|поселок|посёлок|п|пгт|аул|city|town|village|"
    r"stanitsa|selo|settlement)\b\.?",
)
_DISTRICT_WORDS = re.compile(r"\b(?:район|р-н|р-на|rayon|raion|district|r-n)\b\.?")
_LATIN_ENDINGS = re.compile(r"(?:iy|ii|ij|yj|yy|iyy)\b")
_VOWEL_I = re.compile(r"(?<=[aeou])i")
_NOT_WORD = re.compile(r"[^\w]+")


def _fold_latin_letter(char: str) -> str:
    if char.isascii() or not unicodedata.name(char, "").startswith("LATIN"):
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    return decomposed[0] if decomposed[0].isascii() else char


def _palochka(word: str) -> str:
    """Inside a Cyrillic word, Latin I, l and digit 1 stand for the Chechen palochka."""
    if any("а" <= c <= "я" or c in "ёӏ" for c in word.lower()):
        return word.translate(_PALOCHKA)
    return word


_SETTLEMENT_WORDS_ANY_CASE = re.compile(_SETTLEMENT_WORDS.pattern, re.IGNORECASE)


def without_settlement_words(text: str) -> str:
    """*text* without the words that say what kind of settlement a place is ("с. Шали",
    "г. Грозный", "village Gekhi"), the case kept: what a place's name is before any folding
    of its letters (``uncounted.linkage.place_key`` folds it as a name). The same words
    :func:`spelling_key` drops."""
    return " ".join(_SETTLEMENT_WORDS_ANY_CASE.sub(" ", text).split())


def spelling_key(text: str) -> str:
    """The folded form of a spelling; equal keys are treated as the same name."""
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(_palochka(word) for word in text.split())
    text = text.casefold().replace("ё", "е").replace("ъ", "").replace("ь", "")
    text = "".join(_fold_latin_letter(c) for c in text)
    text = text.replace("'", "").replace("ʹ", "").replace("’", "")
    text = _SETTLEMENT_WORDS.sub(" ", text)
    text = _DISTRICT_WORDS.sub(" district ", text)
    text = text.replace("kh", "h")
    text = _LATIN_ENDINGS.sub("y", text)
    text = _VOWEL_I.sub("y", text)
    return _NOT_WORD.sub("", text).replace("_", "")
