"""Passphrase stretching with Argon2id (libsodium through PyNaCl).

The cost of a guess is the whole defence of a seized laptop, so the default is libsodium's
MODERATE limits (3 passes over 256 MiB). The one way to weaken it is the environment variable
``UNCOUNTED_INSECURE_FAST_KDF=1``, read only in :func:`default_params` and meant for tests: it
makes every passphrase trivially guessable. The parameters are stored next to each wrapped key,
so a vault keeps the cost it was created with.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import nacl.exceptions
from nacl.pwhash import argon2id

INSECURE_FAST_KDF_VARIABLE = "UNCOUNTED_INSECURE_FAST_KDF"
SALT_BYTES = argon2id.SALTBYTES
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes over memory (*opslimit*) and bytes of memory (*memlimit*)."""

    opslimit: int
    memlimit: int

    @property
    def is_insecure(self) -> bool:
        """True when weaker than libsodium's MODERATE limits (only for tests)."""
        return self.opslimit < MODERATE.opslimit or self.memlimit < MODERATE.memlimit


MODERATE = KdfParams(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE)
INSECURE_FOR_TESTS = KdfParams(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)


def default_params() -> KdfParams:
    """MODERATE, unless the insecure-for-tests variable is set to ``1``."""
    if os.environ.get(INSECURE_FAST_KDF_VARIABLE) == "1":
        return INSECURE_FOR_TESTS
    return MODERATE


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
