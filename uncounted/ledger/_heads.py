"""The log's keys, and the legacy signed tree heads of vaults and packages made before checkpoints.

The log's signed heads are now C2SP checkpoints (``_checkpoint.py``). Heads signed before that
were Ed25519 signatures over this legacy encoding, 71 bytes in all, and stay verifiable::

    b"uncounted-tree-head-v1\\x00"   23 bytes  domain label, so a head signature can never be
                                             mistaken for a signature over anything else
    tree_size                       8 bytes   unsigned, big-endian
    timestamp_ms                    8 bytes   unsigned, big-endian, milliseconds since
                                             1970-01-01T00:00:00Z
    root_hash                      32 bytes   RFC 9162 Merkle Tree Hash of the first
                                             tree_size entries

The signature is a plain Ed25519 signature (RFC 8032, via libsodium) over those bytes. A key
fingerprint is SHA-256 of the 32-byte public key, written as 16 groups of 4 hex digits, so
that a person can read it aloud and compare it with the published one.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

import nacl.exceptions
import nacl.signing

from uncounted.errors import InputError
from uncounted.ledger._checkpoint import SignedCheckpoint, default_origin, sign_checkpoint
from uncounted.ledger._merkle import HASH_SIZE
from uncounted.ledger._note import ED25519, VerifierKey
from uncounted.messages import N_

HEAD_DOMAIN = b"uncounted-tree-head-v1\x00"
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
_U64_MAX = 2**64 - 1
_LOWER_HEX = frozenset("0123456789abcdef")


class MalformedHeadError(InputError):
    """Raised when a tree head, signature or public key has the wrong shape or encoding."""


@dataclass(frozen=True)
class TreeHead:
    """What the log states at one moment: its size, the time, and the root over that size."""

    tree_size: int
    timestamp_ms: int
    root_hash: bytes

    def __post_init__(self) -> None:
        if not 0 <= self.tree_size <= _U64_MAX or not 0 <= self.timestamp_ms <= _U64_MAX:
            raise MalformedHeadError(N_("a tree head's size and time must be unsigned 64-bit"))
        if len(self.root_hash) != HASH_SIZE:
            raise MalformedHeadError(N_("a tree head's root must be {size} bytes"), size=HASH_SIZE)

    def encode(self) -> bytes:
        """The canonical bytes the log key signs (see the module docstring)."""
        return HEAD_DOMAIN + struct.pack(">QQ", self.tree_size, self.timestamp_ms) + self.root_hash

    @property
    def time_iso(self) -> str:
        """The timestamp as an ISO 8601 UTC string, for people."""
        moment = datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class SignedTreeHead:
    """A tree head with the log key's Ed25519 signature over its canonical encoding."""

    head: TreeHead
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (hex for bytes), the form published and put in packages."""
        return {
            "tree_size": self.head.tree_size,
            "timestamp_ms": self.head.timestamp_ms,
            "timestamp": self.head.time_iso,
            "root_hash": self.head.root_hash.hex(),
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_json(cls, data: Any) -> SignedTreeHead:
        """Parse :meth:`to_json`'s form; raises :class:`MalformedHeadError` on any defect."""
        if not isinstance(data, dict):
            raise MalformedHeadError(N_("a signed tree head must be a JSON object"))
        size, stamp = data.get("tree_size"), data.get("timestamp_ms")
        if not isinstance(size, int) or not isinstance(stamp, int) or isinstance(size, bool):
            raise MalformedHeadError(N_("a signed tree head needs integer tree_size, timestamp_ms"))
        signature = parse_hex(data.get("signature"), SIGNATURE_SIZE, "signature")
        root = parse_hex(data.get("root_hash"), HASH_SIZE, "root_hash")
        return cls(TreeHead(size, stamp, root), signature)


@dataclass(frozen=True)
class LogPublicKey:
    """The log's Ed25519 public key: what anyone needs to check a signed tree head."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != PUBLIC_KEY_SIZE:
            raise MalformedHeadError(
                N_("a log public key must be {size} bytes"), size=PUBLIC_KEY_SIZE
            )

    @classmethod
    def parse(cls, text: str) -> LogPublicKey:
        """Read a key written as 64 hex digits (spaces and a trailing newline allowed)."""
        return cls(parse_hex("".join(text.split()).lower(), PUBLIC_KEY_SIZE, "public key"))

    @classmethod
    def read(cls, text: str) -> LogPublicKey:
        """A key written as 64 hex digits or as a vkey (``name+keyid+base64``, type 1)."""
        text = text.strip()
        if "+" not in text:
            return cls.parse(text)
        vkey = VerifierKey.parse(text)
        if vkey.kind != ED25519:
            raise MalformedHeadError(N_("a log key given as a vkey must be of type 1 (Ed25519)"))
        return cls(vkey.public)

    @property
    def hex(self) -> str:
        """The key as 64 lowercase hex digits."""
        return self.raw.hex()

    @property
    def origin(self) -> str:
        """The log's origin (checkpoint first line and key name)."""
        return default_origin(self.raw)

    @property
    def vkey(self) -> str:
        """The key as a note verifier key under the log's origin (what Go's note.Open reads)."""
        return VerifierKey(self.origin, ED25519, self.raw).vkey

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the key as 16 space-separated groups of 4 hex digits."""
        digest = sha256(self.raw).hexdigest()
        return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))

    def verifies(self, signed: SignedTreeHead) -> bool:
        """True when *signed*'s signature is this key's over its head's canonical bytes."""
        try:
            nacl.signing.VerifyKey(self.raw).verify(signed.head.encode(), signed.signature)
        except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
            return False
        return True


class LogSigningKey:
    """The log's private Ed25519 key; lives only inside the vault, sealed under its key."""

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise MalformedHeadError(N_("a log signing key seed must be 32 bytes"))
        self._key = nacl.signing.SigningKey(seed)

    @classmethod
    def generate(cls) -> LogSigningKey:
        """A fresh random key from libsodium's generator."""
        return cls(bytes(nacl.signing.SigningKey.generate()))

    @property
    def seed(self) -> bytes:
        """The 32-byte secret seed, for sealed storage only."""
        return bytes(self._key)

    @property
    def public_key(self) -> LogPublicKey:
        """The matching public key."""
        return LogPublicKey(bytes(self._key.verify_key))

    def sign(self, head: TreeHead) -> SignedTreeHead:
        """Sign *head*'s legacy encoding (for tests of heads made before checkpoints)."""
        return SignedTreeHead(head, self._key.sign(head.encode()).signature)

    def checkpoint(self, tree_size: int, root_hash: bytes, timestamp: int) -> SignedCheckpoint:
        """The checkpoint of *tree_size* and *root_hash*, dated *timestamp* (POSIX seconds)."""
        return sign_checkpoint(self.seed, self.public_key.origin, tree_size, root_hash, timestamp)


def parse_hex(value: object, size: int, what: str) -> bytes:
    """Decode exactly *size* bytes written as lowercase hex (one spelling per value)."""
    if not isinstance(value, str) or len(value) != 2 * size:
        raise MalformedHeadError(
            N_("the {what} must be {digits} hex digits"), what=what, digits=2 * size
        )
    if not set(value) <= _LOWER_HEX:
        raise MalformedHeadError(N_("the {what} is not lowercase hexadecimal"), what=what)
    return bytes.fromhex(value)
