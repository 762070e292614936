"""Sealing of identity-bearing fields, one record at a time.

Each record has its own random data key. Each identity field is encrypted separately with
XChaCha20-Poly1305 (``nacl.secret.Aead``) whose associated data is record id + field name +
schema version, so a ciphertext moved to another record or field, or replayed under another
schema, fails to open. The fields of one record are stored together as one blob::

    repeat: u16 name length | name (UTF-8) | u32 ciphertext length | ciphertext

The data key itself is wrapped under the record's case key (see ``cases.py``).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping

import nacl.exceptions
import nacl.secret

from uncounted.errors import IntegrityError

SCHEMA_VERSION = 1
_NAME_LENGTH = struct.Struct(">H")
_CIPHERTEXT_LENGTH = struct.Struct(">I")


class SealBroken(IntegrityError):
    """Raised when a sealed identity does not open with its data key (altered or misplaced)."""


def field_label(record_id: str, field: str) -> bytes:
    """The associated data binding one sealed field to its record, name and schema version."""
    return f"{record_id}\x1f{field}\x1f{SCHEMA_VERSION}".encode()


def data_key_label(record_id: str, key_version: int) -> bytes:
    """The associated data binding a wrapped data key to its record and case-key version."""
    return f"{record_id}\x1fdata-key\x1f{key_version}".encode()


def seal_fields(data_key: bytes, record_id: str, fields: Mapping[str, str]) -> bytes:
    """The blob holding every field of *fields* sealed under *data_key*."""
    box = nacl.secret.Aead(data_key)
    parts: list[bytes] = []
    for name, value in fields.items():
        ciphertext = box.encrypt(value.encode("utf-8"), field_label(record_id, name))
        encoded_name = name.encode("utf-8")
        parts += [
            _NAME_LENGTH.pack(len(encoded_name)),
            encoded_name,
            _CIPHERTEXT_LENGTH.pack(len(ciphertext)),
            bytes(ciphertext),
        ]
    return b"".join(parts)


def open_fields(data_key: bytes, record_id: str, blob: bytes) -> dict[str, str]:
    """The plaintext fields of a blob from :func:`seal_fields`; :class:`SealBroken` if altered."""
    box = nacl.secret.Aead(data_key)
    fields: dict[str, str] = {}
    try:
        for name, ciphertext in _split(blob):
            plain = box.decrypt(ciphertext, field_label(record_id, name))
            fields[name] = bytes(plain).decode("utf-8")
    except (nacl.exceptions.CryptoError, ValueError, struct.error) as error:
        raise SealBroken(f"the sealed identity of record {record_id} does not open") from error
    return fields


def _split(blob: bytes) -> list[tuple[str, bytes]]:
    pieces: list[tuple[str, bytes]] = []
    offset = 0
    while offset < len(blob):
        (name_length,) = _NAME_LENGTH.unpack_from(blob, offset)
        offset += _NAME_LENGTH.size
        name = blob[offset : offset + name_length].decode("utf-8")
        offset += name_length
        (length,) = _CIPHERTEXT_LENGTH.unpack_from(blob, offset)
        offset += _CIPHERTEXT_LENGTH.size
        if offset + length > len(blob):
            raise ValueError("truncated sealed field")
        pieces.append((name, blob[offset : offset + length]))
        offset += length
    return pieces
