"""Key material and the few ways it is wrapped.

Every primitive is libsodium's, through PyNaCl:

- a *secret wrap* is XChaCha20-Poly1305 (``nacl.secret.Aead`` format, see ``aead.py``) under a
  symmetric key, with
  associated data naming what is wrapped, so a wrapped key cannot be moved to another slot;
- a *sealed wrap* is a ``SealedBox`` to an X25519 public key (anonymous sender), used where the
  holder of the private key is someone else: a granted user or the offline recovery key;
- a *subkey* is keyed BLAKE2b of a root key with a purpose label, so one root key never serves
  two ciphers directly.
"""

from __future__ import annotations

import base64
import os
import re

import nacl.exceptions
import nacl.hash
from nacl.encoding import RawEncoder
from nacl.public import PrivateKey, PublicKey, SealedBox

from uncounted.vault import aead

KEY_BYTES = 32


class UnwrapFailed(Exception):
    """Raised inside the vault when a key does not open a wrapping; callers translate it."""


def random_key() -> bytes:
    """A fresh 256-bit key from the operating system's random source."""
    return os.urandom(KEY_BYTES)


def secret_wrap(key: bytes, secret: bytes, label: bytes) -> bytes:
    """*secret* encrypted and authenticated under *key*, bound to *label*."""
    return aead.encrypt(key, secret, label)


def secret_wrap_many(items: list[tuple[bytes, bytes, bytes]]) -> list[bytes]:
    """:func:`secret_wrap` of every ``(key, secret, label)`` of *items*, in order."""
    return [aead.encrypt(key, secret, label) for key, secret, label in items]


def secret_unwrap(key: bytes, wrapped: bytes, label: bytes) -> bytes:
    """The secret of :func:`secret_wrap`; :class:`UnwrapFailed` for a wrong key or label."""
    try:
        return aead.decrypt(key, wrapped, label)
    except (aead.AeadFailed, ValueError, TypeError) as error:
        raise UnwrapFailed from error


def sealed_wrap(public_key: bytes, secret: bytes) -> bytes:
    """*secret* sealed to the holder of the private half of *public_key*."""
    return bytes(SealedBox(PublicKey(public_key)).encrypt(secret))


def sealed_unwrap(private_key: bytes, wrapped: bytes) -> bytes:
    """The secret of :func:`sealed_wrap`; :class:`UnwrapFailed` for any other private key."""
    try:
        return bytes(SealedBox(PrivateKey(private_key)).decrypt(wrapped))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise UnwrapFailed from error


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh X25519 pair as raw bytes: (private, public)."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def public_from_private(private_key: bytes) -> bytes:
    """The X25519 public key belonging to *private_key*."""
    return bytes(PrivateKey(private_key).public_key)


def subkey(root: bytes, purpose: bytes) -> bytes:
    """A 256-bit key for one *purpose* (at most 16 bytes), derived from *root*."""
    return bytes(
        nacl.hash.blake2b(
            b"",
            digest_size=KEY_BYTES,
            key=root,
            person=purpose.ljust(16, b"\0"),
            encoder=RawEncoder,
        )
    )


_RECOVERY_GROUP = 4
_BASE32_ALPHABET = re.compile(r"^[A-Z2-7]+$")


def format_recovery_secret(private_key: bytes) -> str:
    """The recovery private key as groups of base32 letters a person can copy onto paper."""
    letters = base64.b32encode(private_key).decode("ascii").rstrip("=")
    groups = [letters[i : i + _RECOVERY_GROUP] for i in range(0, len(letters), _RECOVERY_GROUP)]
    return "-".join(groups)


def parse_recovery_secret(text: str) -> bytes | None:
    """The private key written by :func:`format_recovery_secret`, or None if it is not one."""
    letters = re.sub(r"[\s-]", "", text).upper()
    if not _BASE32_ALPHABET.match(letters):
        return None
    padded = letters + "=" * (-len(letters) % 8)
    try:
        raw = base64.b32decode(padded)
    except ValueError:
        return None
    return raw if len(raw) == KEY_BYTES else None
