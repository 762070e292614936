"""A row's id as a web address carries it: the number of a case or a user instead of its name.

A case may be named after the family it helps and a user's name is a person's, and browser
history, a server's access log and a proxy's log keep every address; so the pages of a case
and of a user are found by the row's integer id (``/cases/7``, ``?user=3``). The id tells
nothing about the name; it is the order of creation, which every page of the vault shows
anyway. Text that is not such a number finds no row (the caller says "there is no case
number ..." in the reader's language).
"""

from __future__ import annotations

__all__ = ["row_id"]

#: SQLite's integer ids are at most 2**63 - 1 (19 digits); longer text is no id.
_MAX_DIGITS = 19


def row_id(text: str) -> int | None:
    """*text* as a row id (ASCII digits only), or None when it cannot be one."""
    if not (0 < len(text) <= _MAX_DIGITS and text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number < 2**63 else None
