"""Stable, readable pseudonyms for records whose identity a user may not see.

A pseudonym is HMAC-SHA-256 of the record id under a random key kept inside the encrypted
database, written as two groups of four Crockford base-32 characters (``K7M2-XQ4D``). It is the
same for every user and every session, reveals nothing about the person, and cannot be
recomputed by someone who only knows record ids.
"""

from __future__ import annotations

import hmac

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Every 10-bit value as its two Crockford base-32 digits, so a pseudonym takes four lookups.
_PAIRS = tuple(high + low for high in _CROCKFORD for low in _CROCKFORD)


def pseudonym(key: bytes, record_id: str) -> str:
    """The pseudonym of *record_id* under the vault's pseudonym *key*.

    The first 40 bits of the HMAC as eight base-32 digits, most significant first, in
    Crockford's alphabet, read two digits (10 bits) at a time from a table: a list page shows
    fifty pseudonyms, and a digit at a time cost as much as the HMAC itself.
    """
    digest = hmac.digest(key, record_id.encode("utf-8"), "sha256")  # one-shot: C all the way
    number = int.from_bytes(digest[:5], "big")
    pairs = _PAIRS
    return (
        f"{pairs[number >> 30]}{pairs[(number >> 20) & 1023]}"
        f"-{pairs[(number >> 10) & 1023]}{pairs[number & 1023]}"
    )
