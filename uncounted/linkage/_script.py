"""Which writing system a name is in.

Linkage treats Cyrillic and Latin text differently (Cyrillic is transliterated once, Latin is
folded according to the romanisation style it shows), so the script is decided first.
"""

from __future__ import annotations

from typing import Literal

Script = Literal["cyrillic", "latin", "mixed", "none"]


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff" or "\u0500" <= char <= "\u052f"


def detect_script(text: str) -> Script:
    """Return the script of *text*: ``cyrillic``, ``latin``, ``mixed`` or ``none``.

    Only letters count; digits, spaces and punctuation are ignored. A text with letters of
    both scripts (a typo with a look-alike letter, or a half-transliterated name) is
    ``mixed``.
    """
    cyrillic = latin = False
    for char in text:
        if not char.isalpha():
            continue
        if _is_cyrillic(char):
            cyrillic = True
        else:
            latin = True
    if cyrillic and latin:
        return "mixed"
    if cyrillic:
        return "cyrillic"
    return "latin" if latin else "none"
