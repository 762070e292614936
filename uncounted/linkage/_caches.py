"""Forgetting the names linkage folded: its memoised readings of name tokens and places.

Folding a name is memoised (``lru_cache`` on :func:`fold`, :func:`transliterate`,
:func:`token_style`, :func:`parse_name`, ...) because one linkage run reads the same tokens
hundreds of thousands of times. The caches live in memory only, never on disk, but in a
long-running server they hold every name a search or a linkage run folded, as written and
folded, for the server's lifetime: a laptop seized while the server runs gives them up with
its memory, after every user has signed out. :func:`clear_caches` lets the server drop them
when a session ends (sign-out, expiry, panic). Clearing changes no result, only the time
of the next fold of each name; the data tables (given names, places) are not names of
people and stay.
"""

from __future__ import annotations

from uncounted.linkage._fold import fold, token_style, transliterate
from uncounted.linkage._names import initial_class, parse_name, slipped_patronymic
from uncounted.linkage._places import place_key

__all__ = ["clear_caches"]


def clear_caches() -> None:
    """Forget every name and place folded so far in this process (results stay the same)."""
    fold.cache_clear()
    token_style.cache_clear()
    transliterate.cache_clear()
    initial_class.cache_clear()
    parse_name.cache_clear()
    slipped_patronymic.cache_clear()
    place_key.cache_clear()
