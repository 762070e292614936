"""XChaCha20-Poly1305 (libsodium) through PyNaCl's public ``nacl.bindings`` functions.

The ciphertext format is exactly that of ``nacl.secret.Aead``: a 24-byte random nonce followed
by the ciphertext and its 16-byte tag, so either side opens what the other sealed (tested, and
a test opens a ciphertext made by the earlier implementation, so existing vaults still open).
Every call draws a fresh nonce from the operating system's random source.

What happens to plaintext in memory, and what Python cannot promise:

- no buffer is reused or kept here: each call lets PyNaCl allocate its own output buffer, which
  it copies into the returned ``bytes`` and then frees;
- PyNaCl's public API takes and returns immutable ``bytes``, and callers decode them into
  immutable ``str``; Python offers no way to overwrite either, so a decrypted identity stays in
  freed memory until the allocator reuses it. Neither that copy nor PyNaCl's freed output
  buffer can be wiped from Python. The defence against a memory dump is the short life of an
  unlocked session (and a locked, encrypted disk), not wiping.

This costs about 3 µs more per call than calling libsodium through PyNaCl's private CFFI
module with one reused buffer, as an earlier version did (measured in
``docs/benchmarks/vault.md``); the security core uses public, documented APIs only.
"""

from __future__ import annotations

import os

import nacl.exceptions
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)

KEY_BYTES = 32
NONCE_BYTES = 24
TAG_BYTES = 16


class AeadFailed(Exception):
    """Raised when a ciphertext does not open: wrong key, wrong associated data, or altered."""


def encrypt(key: bytes, message: bytes, associated: bytes) -> bytes:
    """Nonce + ciphertext + tag of *message* under *key*, authenticating *associated*."""
    if len(key) != KEY_BYTES:
        raise ValueError("an XChaCha20-Poly1305 key has 32 bytes")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(message, associated, nonce, key)


def decrypt(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    """The message of :func:`encrypt`; :class:`AeadFailed` if anything does not match."""
    if len(key) != KEY_BYTES or len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise AeadFailed
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    try:
        return crypto_aead_xchacha20poly1305_ietf_decrypt(body, associated, nonce, key)
    except nacl.exceptions.CryptoError as error:  # the tag does not verify
        raise AeadFailed from error


__all__ = ["AeadFailed", "decrypt", "encrypt"]
