"""Passphrase stretching with Argon2id (libsodium through PyNaCl).

The cost of a guess is the whole defence of a seized laptop, so the cost is libsodium's
MODERATE limits (3 passes over 256 MiB) unless the caller passes another :class:`KdfParams`
to the functions that wrap a key under a passphrase (vault creation, adding a user, changing a
passphrase, recovering access); when they are given none they use :data:`DEFAULT`, which is
MODERATE. Nothing here reads the environment or a file: a stray variable on a server cannot
weaken new passphrases. The test suite, and only it, replaces :data:`DEFAULT` with
:data:`INSECURE_FAST_FOR_TESTS` in its own process (``tests/conftest.py``): that makes every
passphrase trivially guessable. The parameters are stored next to each wrapped key, so a vault
keeps the cost it was created with and unlocking always spends the stored cost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import nacl.exceptions
from nacl.pwhash import argon2id

SALT_BYTES = argon2id.SALTBYTES
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes over memory (*opslimit*) and bytes of memory (*memlimit*).

    :class:`ValueError` for a cost below libsodium's minimum or above its SENSITIVE limits
    (4 passes over 1 GiB, more than uncounted ever writes): a cost is read back from a keyring
    or a backup that may be forged, and the fuzzer found one of 0 passes that made ``restore``
    end in a traceback; a huge one would make an unlock run for hours.
    """

    opslimit: int
    memlimit: int

    def __post_init__(self) -> None:
        if not argon2id.OPSLIMIT_MIN <= self.opslimit <= argon2id.OPSLIMIT_SENSITIVE:
            raise ValueError("Argon2id passes outside the accepted range")
        if not argon2id.MEMLIMIT_MIN <= self.memlimit <= argon2id.MEMLIMIT_SENSITIVE:
            raise ValueError("Argon2id memory outside the accepted range")

    @property
    def is_insecure(self) -> bool:
        """True when weaker than libsodium's MODERATE limits (only ever made by tests)."""
        return self.opslimit < MODERATE.opslimit or self.memlimit < MODERATE.memlimit


MODERATE = KdfParams(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE)
#: libsodium's minimum limits: a passphrase wrapped with these is trivially guessable.
INSECURE_FAST_FOR_TESTS = KdfParams(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)
#: The cost of every new passphrase whose caller passes none (production: MODERATE).
DEFAULT = MODERATE


def new_salt() -> bytes:
    """A fresh random salt for one wrapped key."""
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The 256-bit key that wraps a user's secrets, stretched from *passphrase*."""
    return argon2id.kdf(
        KEY_BYTES,
        passphrase.encode("utf-8"),
        salt,
        opslimit=params.opslimit,
        memlimit=params.memlimit,
    )


def hash_for_verification(passphrase: str, params: KdfParams) -> bytes:
    """A self-describing Argon2id hash, used to recognise a duress passphrase."""
    return argon2id.str(
        passphrase.encode("utf-8"), opslimit=params.opslimit, memlimit=params.memlimit
    )


def matches(stored_hash: bytes, passphrase: str) -> bool:
    """True when *passphrase* is the one *stored_hash* was made from."""
    try:
        return bool(argon2id.verify(stored_hash, passphrase.encode("utf-8")))
    except nacl.exceptions.CryptoError:  # InvalidkeyError (a mismatch) derives from it
        return False
