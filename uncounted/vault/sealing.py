"""Sealing of a record's identity-bearing fields under its own data key.

Each record has its own random data key (wrapped under its case key, see ``cases.py``). Its
sealed fields are encrypted together, as one JSON object ``{field: value}``, with
XChaCha20-Poly1305 (libsodium; ``nacl.secret.Aead`` format) whose associated data is the record
id, the word ``identity`` and the schema version. Every field is thereby bound to its record (a
ciphertext moved to another record fails to open), to its name (names are inside the same
authenticated message) and to the schema version.

Why one message per record rather than one per field: the per-call cost of the Python binding,
not the cipher, dominated bulk import when every field was a separate call (profiled in
``docs/benchmarks/vault.md``); two calls per record (data-key wrap + this) keep it low. The JSON
is written by the standard ``json`` API (compact, UTF-8 kept as is); a CPython-private encoder
saved a little time once and was removed: the security core uses public APIs only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from uncounted.errors import IntegrityError
from uncounted.messages import N_
from uncounted.vault import aead

SCHEMA_VERSION = 1
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class SealBroken(IntegrityError):
    """Raised when a sealed identity does not open with its data key (altered or misplaced)."""


def identity_label(record_id: str) -> bytes:
    """The associated data binding a sealed identity to its record and schema version."""
    return f"{record_id}\x1fidentity\x1f{SCHEMA_VERSION}".encode()


def data_key_label(record_id: str, key_version: int) -> bytes:
    """The associated data binding a wrapped data key to its record and case-key version."""
    return f"{record_id}\x1fdata-key\x1f{key_version}".encode()


def seal_fields(data_key: bytes, record_id: str, fields: Mapping[str, str]) -> bytes:
    """Every field of *fields* sealed together under *data_key*, bound to *record_id*."""
    message = _ENCODER.encode(dict(fields))
    return aead.encrypt(data_key, message.encode("utf-8"), identity_label(record_id))


def seal_many(items: Iterable[tuple[bytes, str, Mapping[str, str]]]) -> list[bytes]:
    """:func:`seal_fields` of every ``(data key, record id, fields)`` of *items*, in order.

    One message and one associated data per record, exactly as :func:`seal_fields` makes.
    """
    return [seal_fields(data_key, record_id, fields) for data_key, record_id, fields in items]


def open_fields(data_key: bytes, record_id: str, blob: bytes) -> dict[str, str]:
    """The fields sealed by :func:`seal_fields`; :class:`SealBroken` if altered or misplaced."""
    try:
        message = aead.decrypt(data_key, blob, identity_label(record_id))
        fields = json.loads(message.decode("utf-8"))
    except (aead.AeadFailed, ValueError) as error:
        raise SealBroken(
            N_("the sealed identity of record {record} does not open"), record=record_id
        ) from error
    if not isinstance(fields, dict):
        raise SealBroken(
            N_("the sealed identity of record {record} is malformed"), record=record_id
        )
    return {str(name): str(value) for name, value in fields.items()}
