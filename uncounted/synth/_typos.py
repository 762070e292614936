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


def typo(text: str, alphabet: str, draws: npt.NDArray[np.float64]) -> str:
    """*text* with one typing error chosen by three uniform *draws* (kind, place, letter).

    Initials ("M.") are left alone, and names too short to damage safely (fewer than four
    letters) are returned unchanged.
    """
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and text[i + 1 : i + 2] != "."]
    if len(letters) < 4:
        return text
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
