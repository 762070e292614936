"""XChaCha20-Poly1305 (libsodium) with little per-call overhead, for sealing in bulk.

The ciphertext format is exactly that of ``nacl.secret.Aead`` (24-byte random nonce followed by
the ciphertext and its 16-byte tag), so either side can open what the other sealed; a test
checks this. PyNaCl's wrappers spend most of their time on argument checks and buffer
allocation; importing 100,000 records calls this 200,000 times, so here the libsodium function
is called through PyNaCl's own CFFI binding with one reusable output buffer per thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

# PyNaCl's own CFFI binding of libsodium; it ships no type stubs, and there is no public fast path.
from nacl._sodium import ffi, lib  # type: ignore[import-not-found]

KEY_BYTES = 32
NONCE_BYTES = 24
TAG_BYTES = 16
_local = threading.local()


class AeadFailed(Exception):
    """Raised when a ciphertext does not open: wrong key, wrong associated data, or altered."""


def _nonce() -> bytes:
    """A fresh random nonce, cut from a per-thread pool refilled from the OS 1,000 at a time.

    The pool belongs to one process: a forked child (a web worker) refills its own, so two
    processes never draw the same nonces.
    """
    pool: bytes = getattr(_local, "pool", b"")
    offset: int = getattr(_local, "offset", 0)
    if offset + NONCE_BYTES > len(pool) or getattr(_local, "pid", None) != os.getpid():
        pool, offset = os.urandom(NONCE_BYTES * 1000), 0
        _local.pool, _local.pid = pool, os.getpid()
    _local.offset = offset + NONCE_BYTES
    return pool[offset : offset + NONCE_BYTES]


def _buffer(size: int) -> Any:
    current = getattr(_local, "buffer", None)
    if current is None or len(current) < size:
        current = ffi.new("unsigned char[]", max(size, 4096))
        _local.buffer = current
        _local.length = ffi.new("unsigned long long *")
    return current


def encrypt(key: bytes, message: bytes, associated: bytes) -> bytes:
    """Nonce + ciphertext + tag of *message* under *key*, authenticating *associated*."""
    if len(key) != KEY_BYTES:
        raise ValueError("an XChaCha20-Poly1305 key has 32 bytes")
    nonce = _nonce()
    out = _buffer(len(message) + TAG_BYTES)
    length = _local.length
    lib.crypto_aead_xchacha20poly1305_ietf_encrypt(
        out, length, message, len(message), associated, len(associated), ffi.NULL, nonce, key
    )
    return nonce + bytes(ffi.buffer(out, length[0])[:])


def encrypt_many(items: Sequence[tuple[bytes, bytes, bytes]]) -> list[bytes]:
    """:func:`encrypt` of every ``(key, message, associated)`` of *items*, in order.

    The same format and cipher, one libsodium call per item; only the per-call Python work is
    less: every nonce of the batch is cut from ONE read of the OS random source (24 fresh
    random bytes per item, never reused, drawn in the calling process so a fork cannot
    duplicate them), and one output buffer serves the whole batch.
    """
    if not items:
        return []
    for key, _, _ in items:  # libsodium reads 32 bytes from the key pointer: never fewer
        if len(key) != KEY_BYTES:
            raise ValueError("an XChaCha20-Poly1305 key has 32 bytes")
    nonces = os.urandom(NONCE_BYTES * len(items))
    out = _buffer(max(len(message) for _, message, _ in items) + TAG_BYTES)
    view = ffi.buffer(out)
    seal = lib.crypto_aead_xchacha20poly1305_ietf_encrypt
    null = ffi.NULL
    sealed: list[bytes] = []
    start = 0
    for key, message, associated in items:
        nonce = nonces[start : start + NONCE_BYTES]
        start += NONCE_BYTES
        size = len(message)
        seal(out, null, message, size, associated, len(associated), null, nonce, key)
        sealed.append(nonce + view[: size + TAG_BYTES])
    return sealed


def decrypt(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    """The message of :func:`encrypt`; :class:`AeadFailed` if anything does not match."""
    if len(key) != KEY_BYTES or len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise AeadFailed
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    out = _buffer(len(body))
    length = _local.length
    status = lib.crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, length, ffi.NULL, body, len(body), associated, len(associated), nonce, key
    )
    if status != 0:
        raise AeadFailed
    return bytes(ffi.buffer(out, length[0])[:])


__all__ = ["AeadFailed", "decrypt", "encrypt", "encrypt_many"]
