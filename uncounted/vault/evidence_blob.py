"""Encrypted evidence blobs: libsodium secretstream (XChaCha20-Poly1305) in 1 MiB chunks.

File layout::

    MAGIC (8 bytes) | secretstream header (24 bytes) | repeat: u32 length | chunk ciphertext

Each chunk is one secretstream message, authenticated with its own nonce (the stream's state
advances per message) and with the blob's label as associated data, so a blob cannot be
swapped with another item's. The last chunk carries ``TAG_FINAL``; a blob that ends before it,
or continues after it, is refused as truncated or extended. Only one chunk is ever in memory,
so files of many gigabytes pass through in constant memory.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import nacl.bindings as sodium
import nacl.exceptions

from uncounted.errors import IntegrityError
from uncounted.messages import N_
from uncounted.vault import files

MAGIC = b"UNCEVB1\n"
CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_HEADER = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL


class BlobDamaged(IntegrityError):
    """Raised when a stored evidence blob is truncated, extended or altered."""


def write_blob(target: Path, key: bytes, label: bytes, chunks: Iterable[bytes]) -> None:
    """Encrypt *chunks* (any sizes) into *target*; written under a temporary name, then renamed."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with files.create_private(partial) as handle:
            handle.write(MAGIC)
            push_stream(handle, key, label, chunks)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def push_stream(handle: BinaryIO, key: bytes, label: bytes, chunks: Iterable[bytes]) -> int:
    """Write a secretstream header and *chunks* as CHUNK-sized messages, the last one final.

    Shared by evidence blobs and backups (which put their own header before the stream).
    Returns how many plaintext bytes were written.
    """
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    handle.write(sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key))
    pending, total = b"", 0
    for chunk in _rechunk(chunks):
        if pending:
            _push(handle, state, pending, label, 0)
        pending = chunk
        total += len(chunk)
    _push(handle, state, pending, label, _FINAL)
    return total


def _push(handle: object, state: object, message: bytes, label: bytes, tag: int) -> None:
    ciphertext = sodium.crypto_secretstream_xchacha20poly1305_push(
        state,  # type: ignore[arg-type]  # the state object PyNaCl created above
        message,
        label,
        tag,
    )
    handle.write(_LENGTH.pack(len(ciphertext)) + ciphertext)  # type: ignore[attr-defined]


def _rechunk(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Regroup arbitrary pieces into CHUNK-sized ones (the last may be shorter)."""
    buffer = bytearray()
    for piece in chunks:
        buffer += piece
        while len(buffer) >= CHUNK:
            yield bytes(buffer[:CHUNK])
            del buffer[:CHUNK]
    if buffer:
        yield bytes(buffer)


def read_blob(source: Path, key: bytes, label: bytes) -> Iterator[bytes]:
    """Decrypt *source* chunk by chunk; :class:`BlobDamaged` if anything does not authenticate."""
    name = source.name
    try:
        handle = source.open("rb")
    except OSError:
        raise BlobDamaged(N_("the stored evidence file {file} is missing"), file=name) from None
    with handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BlobDamaged(
                N_("the stored evidence file {file} is not an evidence blob"), file=name
            )
        yield from pull_stream(handle, key, label, name)
        if handle.read(1):
            raise BlobDamaged(N_("the stored evidence file {file} was extended"), file=name)


def pull_stream(handle: BinaryIO, key: bytes, label: bytes, name: str) -> Iterator[bytes]:
    """Decrypt what :func:`push_stream` wrote, from *handle*'s position up to the final message.

    :class:`BlobDamaged` (naming *name*) if the stream ends early or a message does not
    authenticate; whatever follows the final message is left unread for the caller to check.
    """
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = handle.read(_HEADER)
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise BlobDamaged(N_("the stored evidence file {file} is damaged"), file=name) from None
    while True:
        prefix = handle.read(_LENGTH.size)
        if len(prefix) != _LENGTH.size:
            raise BlobDamaged(N_("the stored evidence file {file} is truncated"), file=name)
        (length,) = _LENGTH.unpack(prefix)
        ciphertext = handle.read(length) if length <= CHUNK + _ABYTES else b""
        if len(ciphertext) != length or length < _ABYTES:
            raise BlobDamaged(
                N_("the stored evidence file {file} is truncated or damaged"), file=name
            )
        try:
            message, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, ciphertext, label
            )
        except (nacl.exceptions.CryptoError, ValueError):
            raise BlobDamaged(
                N_("the stored evidence file {file} was altered"), file=name
            ) from None
        if message:
            yield message
        if tag == _FINAL:
            return
