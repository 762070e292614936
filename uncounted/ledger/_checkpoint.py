"""Checkpoints (c2sp.org/tlog-checkpoint): the log's signed heads, in the format witnesses read.

The note text of a checkpoint is three lines, each ending in 0x0A::

    <origin>          the log's name, e.g. "uncounted.invalid/log-5f1c2a9b0e3d4c7a"
    <tree size>       ASCII decimal, no leading zeros
    <root hash>       standard base64 of the 32-byte RFC 6962/9162 Merkle Tree Hash

The organisation signs it twice with the log's Ed25519 key under the origin as key name: a plain
note signature (type 0x01, what any checkpoint verifier checks) and a ``cosignature/v1``
(type 0x04) whose timestamp is the organisation's own clock at signing. That timestamp is the
organisation's claim, nothing more; only witnesses, other parties with their own keys, add
cosignatures whose timestamps bound the time independently.

A checkpoint is "proven" by :class:`TlogProof` (c2sp.org/tlog-proof): an entry's index, its
inclusion path and the checkpoint, in one text file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import sha256

from uncounted.ledger._merkle import HASH_SIZE
from uncounted.ledger._note import (
    COSIGNATURE_V1,
    ED25519,
    MalformedNoteError,
    NoteSigner,
    SignedNote,
    VerifierKey,
    b64decode,
    b64encode,
    note_text,
)
from uncounted.messages import N_

ORIGIN_PREFIX = "uncounted.invalid/log-"
"""Default origins are this and 16 hex digits of the key's SHA-256 (``.invalid``: no server)."""
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")


def default_origin(public_key: bytes) -> str:
    """The origin of a log whose key is *public_key*, when the organisation names none."""
    return ORIGIN_PREFIX + sha256(public_key).hexdigest()[:16]


def parse_decimal(text: str, what: str) -> int:
    """A non-negative ASCII decimal without leading zeros, below 2^63."""
    if not _DECIMAL.fullmatch(text) or int(text) >= 2**63:
        raise MalformedNoteError(N_("the {what} is not a decimal number"), what=what)
    return int(text)


@dataclass(frozen=True)
class Checkpoint:
    """A log's origin, size and root hash: the body of a checkpoint note."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The note text (what the signatures cover)."""
        lines = [self.origin, str(self.tree_size), b64encode(self.root_hash), *self.extensions]
        return "".join(f"{line}\n" for line in lines)

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        """Read a checkpoint's note text."""
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "" or not all(lines[:-1]):
            raise MalformedNoteError(N_("a checkpoint needs origin, size and root hash lines"))
        root = b64decode(lines[2])
        if len(root) != HASH_SIZE:
            raise MalformedNoteError(N_("a checkpoint's root hash must be 32 bytes"))
        return cls(lines[0], parse_decimal(lines[1], "tree size"), root, tuple(lines[3:-1]))


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint with every signature it carries (the log's and any witnesses')."""

    checkpoint: Checkpoint
    note: SignedNote

    @classmethod
    def parse(cls, data: str | bytes) -> SignedCheckpoint:
        """Read a signed checkpoint note."""
        note = SignedNote.parse(data)
        return cls(Checkpoint.from_text(note.text), note)

    def encode(self) -> str:
        """The checkpoint note as published."""
        return self.note.encode()

    def signed_by(self, key: VerifierKey) -> int | None:
        """The time a valid signature by *key* gives (0 for a plain one); None if none."""
        for signature in self.note.signatures:
            if key.matches(signature):
                return key.check(self.note.text, signature)
        return None

    def log_signature_valid(self, public_key: bytes) -> bool:
        """True when the log key *public_key* signed this checkpoint under its origin."""
        key = VerifierKey(self.checkpoint.origin, ED25519, public_key)
        return self.signed_by(key) is not None

    def log_time(self, public_key: bytes) -> int | None:
        """The organisation's own timestamp (POSIX seconds), if its key cosigned it validly."""
        key = VerifierKey(self.checkpoint.origin, COSIGNATURE_V1, public_key)
        stamp = self.signed_by(key)
        return stamp if stamp else None

    def with_signatures(self, other: SignedCheckpoint) -> SignedCheckpoint:
        """This checkpoint with *other*'s signatures added (it must be the same checkpoint)."""
        if other.checkpoint != self.checkpoint:
            raise MalformedNoteError(N_("the cosignatures are for another checkpoint"))
        return SignedCheckpoint(self.checkpoint, self.note.with_signatures(other.note.signatures))


def sign_checkpoint(
    seed: bytes, origin: str, tree_size: int, root_hash: bytes, timestamp: int
) -> SignedCheckpoint:
    """The log's checkpoint: a note signature and the organisation's timestamped one."""
    checkpoint = Checkpoint(origin, tree_size, root_hash)
    signer = NoteSigner(origin, seed)
    text = checkpoint.text
    note = SignedNote(text, (signer.sign(text), signer.cosign(text, timestamp)))
    return SignedCheckpoint(checkpoint, note)


def _with_checkpoint(
    lines: list[str], hashes: tuple[bytes, ...], checkpoint: SignedCheckpoint
) -> str:
    """A proof file's or bundle's text: *lines*, the *hashes* in base64, an empty line, the
    signed checkpoint."""
    lines = [*lines, *(b64encode(node) for node in hashes)]
    return "".join(f"{line}\n" for line in lines) + "\n" + checkpoint.encode()


def _lines_then_checkpoint(data: str | bytes) -> tuple[list[str], str]:
    """A proof file's or bundle's lines before its empty line (none when it has no empty
    line) and the signed checkpoint's text after it."""
    head, separator, rest = note_text(data).partition("\n\n")
    return (head.split("\n") if separator else []), rest


@dataclass(frozen=True)
class TlogProof:
    """c2sp.org/tlog-proof: an entry's index, its inclusion path, and the signed checkpoint."""

    index: int
    path: tuple[bytes, ...]
    checkpoint: SignedCheckpoint

    def encode(self) -> str:
        """The proof file's text."""
        return _with_checkpoint([PROOF_HEADER, f"index {self.index}"], self.path, self.checkpoint)

    @classmethod
    def parse(cls, data: str | bytes) -> TlogProof:
        """Read a proof file (an ``extra`` line, if any, is ignored: it is not authenticated)."""
        lines, rest = _lines_then_checkpoint(data)
        if not lines or lines[0] != PROOF_HEADER:
            raise MalformedNoteError(N_("a tlog-proof must start with c2sp.org/tlog-proof@v1"))
        lines = lines[1:]
        if lines and lines[0].startswith("extra "):
            lines = lines[1:]
        if not lines or not lines[0].startswith("index "):
            raise MalformedNoteError(N_("a tlog-proof lacks its index line"))
        index = parse_decimal(lines[0][len("index ") :], "index")
        path = tuple(b64decode(line) for line in lines[1:])
        if len(path) > 63 or any(len(node) != HASH_SIZE for node in path):
            raise MalformedNoteError(N_("a tlog-proof's path must be 32-byte hashes, 63 at most"))
        return cls(index, path, SignedCheckpoint.parse(rest))


@dataclass(frozen=True)
class ConsistencyBundle:
    """A checkpoint with a consistency proof from an older size (the add-checkpoint body).

    The same text a witness receives (c2sp.org/tlog-witness, ``add-checkpoint``)::

        old <size>
        <proof hash, base64>        zero or more lines
        <empty line>
        <signed checkpoint>
    """

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint: SignedCheckpoint

    def encode(self) -> str:
        """The bundle's text."""
        return _with_checkpoint([f"old {self.old_size}"], self.proof, self.checkpoint)

    @classmethod
    def parse(cls, data: str | bytes) -> ConsistencyBundle:
        """Read a bundle."""
        lines, rest = _lines_then_checkpoint(data)
        if not lines or not lines[0].startswith("old "):
            raise MalformedNoteError(N_("a consistency bundle must start with an old size line"))
        old = parse_decimal(lines[0][len("old ") :], "old size")
        proof = tuple(b64decode(line) for line in lines[1:])
        if len(proof) > 63 or any(len(node) != HASH_SIZE for node in proof):
            raise MalformedNoteError(N_("a consistency proof must be 32-byte hashes, 63 at most"))
        return cls(old, proof, SignedCheckpoint.parse(rest))
