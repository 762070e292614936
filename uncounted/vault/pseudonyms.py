"""Stable, readable pseudonyms for records whose identity a user may not see.

A pseudonym is HMAC-SHA-256 of the record id under a random key kept inside the encrypted
database, written as two groups of four Crockford base-32 characters (``K7M2-XQ4D``). It is the
same for every user and every session, reveals nothing about the person, and cannot be
recomputed by someone who only knows record ids.
"""

from __future__ import annotations

import hmac

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def pseudonym(key: bytes, record_id: str) -> str:
    """The pseudonym of *record_id* under the vault's pseudonym *key*."""
    digest = hmac.digest(key, record_id.encode("utf-8"), "sha256")  # one-shot: C all the way
    number = int.from_bytes(digest[:5], "big")
    letters = "".join(_CROCKFORD[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{letters[:4]}-{letters[4:]}"
