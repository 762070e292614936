"""Which writing system a name is in.

Linkage treats Cyrillic and Latin text differently (Cyrillic is transliterated once, Latin is
folded according to the romanisation style it shows), so the script is decided first.
"""

from __future__ import annotations

import re
from typing import Literal

Script = Literal["cyrillic", "latin", "mixed", "none"]

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_OTHER_LETTER = re.compile(r"[^\W\d_\u0400-\u052f]")


def detect_script(text: str) -> Script:
    """Return the script of *text*: ``cyrillic``, ``latin``, ``mixed`` or ``none``.

    Only letters count; digits, spaces and punctuation are ignored. A text with letters of
    both scripts (a typo with a look-alike letter, or a half-transliterated name) is
    ``mixed``.
    """
    cyrillic = _CYRILLIC.search(text) is not None
    latin = _OTHER_LETTER.search(text) is not None
    if cyrillic and latin:
        return "mixed"
    if cyrillic:
        return "cyrillic"
    return "latin" if latin else "none"
