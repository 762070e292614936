"""Salted commitments: the only thing the ledger ever stores as an entry.

A log entry must prove later that some content existed, without revealing anything now: a
raw file hash would let anyone holding a copy of a photo confirm that the NGO has it, and an
identity must never appear at all. So each entry is a commitment::

    SHA-256( b"uncounted-commitment-v1\\x00"
             || len(kind) as 2 bytes big-endian || kind (ASCII)
             || salt (32 random bytes)
             || content_hash (32 bytes, SHA-256 of the content) )

The 32-byte result is the entry that is leaf-hashed into the tree. The salt stays in the vault
and is disclosed only inside an evidence package, together with the content, so a court can
recompute the commitment while the public head reveals nothing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from hashlib import sha256

from uncounted.errors import InputError
from uncounted.messages import N_

COMMITMENT_DOMAIN = b"uncounted-commitment-v1\x00"
SALT_SIZE = 32
_KIND = re.compile(r"[a-z][a-z0-9_.\-]{0,63}")


class MalformedCommitmentError(InputError):
    """Raised when a commitment's kind, salt or content hash has the wrong form."""


def commitment_value(kind: str, salt: bytes, content_hash: bytes) -> bytes:
    """The 32-byte commitment for *kind*, *salt* and *content_hash* (see module docstring)."""
    if not _KIND.fullmatch(kind):
        raise MalformedCommitmentError(
            N_("a ledger entry kind is 1-64 lowercase letters, digits, '.', '_' or '-'")
        )
    if len(salt) != SALT_SIZE or len(content_hash) != 32:
        raise MalformedCommitmentError(N_("a commitment needs a 32-byte salt and a 32-byte hash"))
    label = kind.encode("ascii")
    return sha256(
        COMMITMENT_DOMAIN + len(label).to_bytes(2, "big") + label + salt + content_hash
    ).digest()


@dataclass(frozen=True)
class Commitment:
    """A salted commitment to one piece of content, with what is needed to open it."""

    kind: str
    salt: bytes
    content_hash: bytes
    value: bytes

    @classmethod
    def create(cls, kind: str, content_hash: bytes) -> Commitment:
        """Commit to *content_hash* under a fresh random salt."""
        salt = secrets.token_bytes(SALT_SIZE)
        return cls(kind, salt, content_hash, commitment_value(kind, salt, content_hash))

    @classmethod
    def of_bytes(cls, kind: str, content: bytes) -> Commitment:
        """Commit to small in-memory *content* (a custody event, an audit payload)."""
        return cls.create(kind, sha256(content).digest())

    def opens(self) -> bool:
        """True when salt, kind and content hash recompute to :attr:`value`."""
        try:
            return commitment_value(self.kind, self.salt, self.content_hash) == self.value
        except MalformedCommitmentError:
            return False
