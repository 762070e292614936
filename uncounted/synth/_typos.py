"""Keyboard-style typing errors in written names.

One error per affected name: a letter inserted, deleted, replaced by another, or swapped with
its neighbour, in the alphabet the source writes in and keeping the case of the letter it
hits. The random numbers come from the caller, so a world with zero typos draws exactly the
same numbers as one with typos and differs from it only where a typo was made.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"

KINDS = ("insert", "delete", "substitute", "transpose")


def _cased(letter: str, like: str) -> str:
    return letter.upper() if like.isupper() else letter


def _other_letter(alphabet: str, avoid: str, draw: float) -> str:
    pool = alphabet.replace(avoid.lower(), "")
    return pool[min(int(draw * len(pool)), len(pool) - 1)]


def _head_letters(text: str, letters: list[int]) -> list[int]:
    """Those of *letters* among the first three letters of their word."""
    head: list[int] = []
    for i in letters:
        start = i
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        if i - start < 3:
            head.append(i)
    return head


def typo(text: str, alphabet: str, draws: npt.NDArray[np.float64], head: bool = False) -> str:
    """*text* with one typing error chosen by three uniform *draws* (kind, place, letter).

    With *head*, the error falls in the first three letters of a word (where blocking on a
    name's first letters is blind). Initials ("M.") are left alone, and names too short to
    damage safely (fewer than four letters) are returned unchanged.
    """
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and text[i + 1 : i + 2] != "."]
    if len(letters) < 4:
        return text
    if head:
        letters = _head_letters(text, letters) or letters
    kind = KINDS[min(int(draws[0] * len(KINDS)), len(KINDS) - 1)]
    at = letters[min(int(draws[1] * len(letters)), len(letters) - 1)]
    here = text[at]
    if kind == "insert":
        return text[:at] + _cased(_other_letter(alphabet, here, draws[2]), here) + text[at:]
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    nxt = at + 1
    swappable = nxt < len(text) and text[nxt].isalpha() and text[nxt].lower() != here.lower()
    if kind == "transpose" and swappable:
        return (
            text[:at]
            + _cased(text[nxt].lower(), here)
            + _cased(here.lower(), text[nxt])
            + text[nxt + 1 :]
        )
    return text[:at] + _cased(_other_letter(alphabet, here, draws[2]), here) + text[at + 1 :]


# Vowels the same sound is heard and written as (Ахмадов / Ахмедов, Умаров / Омаров).
_VOWEL_VARIANT = {
    "а": "е",
    "е": "а",
    "о": "а",
    "и": "е",
    "у": "о",
    "ы": "и",
    "я": "а",
    "э": "е",
    "ю": "у",
    "ё": "е",
}
_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")


def spelling_variant(name: str, kind: float, place: float) -> str:
    """*name* (Cyrillic) as another writer spells it: a vowel heard differently, or a soft sign.

    With *kind* below 0.7 one vowel of the stem (never the ending -ов / -ева) becomes a
    neighbouring one; otherwise a soft sign is dropped, or added between two consonants
    (Мохмад / Мохьмад). *place* picks where. Names without such a place are unchanged.
    """
    lower = name.lower()
    if kind < 0.7:
        spots = [i for i, ch in enumerate(lower[: max(len(lower) - 3, 0)]) if ch in _VOWEL_VARIANT]
        if not spots:
            return name
        at = spots[min(int(place * len(spots)), len(spots) - 1)]
        return name[:at] + _cased(_VOWEL_VARIANT[lower[at]], name[at]) + name[at + 1 :]
    soft = [i for i, ch in enumerate(lower) if ch in "ьъ"]
    if soft:
        at = soft[min(int(place * len(soft)), len(soft) - 1)]
        return name[:at] + name[at + 1 :]
    spots = [
        i + 1
        for i in range(1, len(lower) - 3)
        if lower[i] in _CONSONANTS and lower[i + 1] in _CONSONANTS and lower[i] != "й"
    ]
    if not spots:
        return name
    at = spots[min(int(place * len(spots)), len(spots) - 1)]
    return name[:at] + "ь" + name[at:]
