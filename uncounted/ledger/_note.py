"""Signed notes (c2sp.org/signed-note) with Ed25519 signatures and timestamped cosignatures.

A signed note is a text ending in a newline, a blank line, then one signature line per key::

    <text, each line ending in 0x0A>
    <empty line>
    — <key name> base64(key ID (4 bytes) || signature)

Two signature types are used here, both over Ed25519 (RFC 8032, libsodium):

- type ``0x01`` (the log's own signature): the signature is over the note text itself;
- type ``0x04`` (c2sp.org/tlog-cosignature, ``cosignature/v1``): the signature blob is
  ``timestamp (u64, big-endian, POSIX seconds) || Ed25519 signature`` over the message
  ``"cosignature/v1\\n" "time <timestamp>\\n" <note text>``: a witness's statement that at that
  time this was the largest consistent tree head of the log it had seen.

The key ID is ``SHA-256(key name || 0x0A || type || 32-byte public key)[:4]``; a verifier key is
written as a *vkey*, ``<name>+<key ID as 8 hex digits>+<base64(type || public key)>``, the form
Go's ``golang.org/x/mod/sumdb/note`` reads. A verifier ignores signatures whose name and key ID
do not both match a key it was given, as the specification requires.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from hashlib import sha256

import nacl.exceptions
import nacl.signing

from uncounted.errors import InputError
from uncounted.messages import N_

ED25519 = 0x01
"""Signature type of a plain Ed25519 note signature."""
COSIGNATURE_V1 = 0x04
"""Signature type of a timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature)."""

SIGNATURE_MARK = "\u2014 "
MAX_NOTE_BYTES = 1 << 20
MAX_SIGNATURES = 64
_COSIGNATURE_HEADER = "cosignature/v1\n"
_NAME = re.compile(r"[^\s+]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


class MalformedNoteError(InputError):
    """Raised when a signed note, a signature line or a verifier key is not of its format."""


def note_text(data: str | bytes) -> str:
    """*data* as text: bytes are read as UTF-8, else :class:`MalformedNoteError` is raised.

    The one decoding of a signed note and of the files that carry one (a proof, a bundle).
    """
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedNoteError(N_("a signed note is not UTF-8 text")) from None


def b64decode(text: str) -> bytes:
    """Standard base64 (RFC 4648 section 4) with padding, strictly: one spelling per value."""
    if len(text) % 4 or not _BASE64.fullmatch(text):
        raise MalformedNoteError(N_("a value is not standard base64"))
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise MalformedNoteError(N_("a value is not standard base64")) from None
    if base64.b64encode(data).decode("ascii") != text:
        raise MalformedNoteError(N_("a value is not standard base64"))
    return data


def b64encode(data: bytes) -> str:
    """Standard base64 with padding."""
    return base64.b64encode(data).decode("ascii")


def key_id(name: str, kind: int, public: bytes) -> bytes:
    """``SHA-256(name || 0x0A || kind || public)[:4]``, the note key ID."""
    return sha256(name.encode("utf-8") + b"\n" + bytes([kind]) + public).digest()[:4]


def cosigned_message(text: str, timestamp: int) -> bytes:
    """What a ``cosignature/v1`` signature covers for note text *text* at *timestamp*."""
    return f"{_COSIGNATURE_HEADER}time {timestamp}\n{text}".encode()


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: the key's name, its 4-byte ID and the signature bytes after it."""

    name: str
    key_id: bytes
    blob: bytes

    def line(self) -> str:
        """The line as it appears in the note, newline included."""
        return f"{SIGNATURE_MARK}{self.name} {b64encode(self.key_id + self.blob)}\n"

    @classmethod
    def parse(cls, line: str) -> NoteSignature:
        """Read one signature line (without its newline)."""
        if not line.startswith(SIGNATURE_MARK):
            raise MalformedNoteError(N_("a note signature line must start with an em dash"))
        name, _, encoded = line[len(SIGNATURE_MARK) :].partition(" ")
        if not _NAME.fullmatch(name) or " " in encoded:
            raise MalformedNoteError(N_("a note signature line has a malformed key name"))
        raw = b64decode(encoded)
        if len(raw) < 5:
            raise MalformedNoteError(N_("a note signature is too short"))
        return cls(name, raw[:4], raw[4:])


@dataclass(frozen=True)
class SignedNote:
    """A note text and its signature lines, in order."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def encode(self) -> str:
        """The note as written: text, blank line, one line per signature."""
        return self.text + "\n" + "".join(sig.line() for sig in self.signatures)

    def with_signatures(self, extra: tuple[NoteSignature, ...]) -> SignedNote:
        """The same note with *extra* signatures added (duplicates dropped)."""
        merged = list(self.signatures)
        merged.extend(sig for sig in extra if sig not in merged)
        return SignedNote(self.text, tuple(merged))

    @classmethod
    def parse(cls, data: str | bytes) -> SignedNote:
        """Read a signed note; raises :class:`MalformedNoteError` on any deviation."""
        if isinstance(data, bytes) and len(data) > MAX_NOTE_BYTES:
            raise MalformedNoteError(N_("a signed note is larger than 1 MiB"))
        data = note_text(data)
        if len(data) > MAX_NOTE_BYTES or _CONTROL.search(data):
            raise MalformedNoteError(N_("a signed note holds control characters or is too large"))
        split = data.rfind("\n\n")
        if split < 0 or not data.endswith("\n"):
            raise MalformedNoteError(N_("a signed note needs text, a blank line and signatures"))
        text, lines = data[: split + 1], data[split + 2 : -1].split("\n")
        if len(lines) > MAX_SIGNATURES:
            raise MalformedNoteError(N_("a signed note has too many signatures"))
        return cls(text, tuple(NoteSignature.parse(line) for line in lines))


@dataclass(frozen=True)
class VerifierKey:
    """A public key that checks one kind of note signature under one name (a vkey)."""

    name: str
    kind: int
    public: bytes

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise MalformedNoteError(N_("a key name must be non-empty, without spaces or '+'"))
        if self.kind not in (ED25519, COSIGNATURE_V1) or len(self.public) != 32:
            raise MalformedNoteError(N_("only Ed25519 keys (types 1 and 4) are supported"))

    @property
    def key_id(self) -> bytes:
        """The 4-byte key ID of this name, type and key."""
        return key_id(self.name, self.kind, self.public)

    @property
    def vkey(self) -> str:
        """The key written as ``name+keyid+base64(type||key)``."""
        return f"{self.name}+{self.key_id.hex()}+{b64encode(bytes([self.kind]) + self.public)}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """Read a vkey; its key ID must be the one its name, type and key give."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
            raise MalformedNoteError(N_("a verifier key is name+8 hex digits+base64"))
        raw = b64decode(parts[2])
        if not raw:
            raise MalformedNoteError(N_("a verifier key is name+8 hex digits+base64"))
        key = cls(parts[0], raw[0], raw[1:])
        if key.key_id.hex() != parts[1]:
            raise MalformedNoteError(N_("a verifier key's ID does not match its key"))
        return key

    def matches(self, signature: NoteSignature) -> bool:
        """True when *signature* claims to be by this key (same name and key ID)."""
        return signature.name == self.name and signature.key_id == self.key_id

    def check(self, text: str, signature: NoteSignature) -> int | None:
        """Verify a matching *signature* over note *text*.

        Returns the cosignature's timestamp (0 for a plain signature); None when it is invalid.
        """
        blob, timestamp = signature.blob, 0
        message = text.encode("utf-8")
        if self.kind == COSIGNATURE_V1:
            if len(blob) != 72:
                return None
            timestamp = int.from_bytes(blob[:8], "big")
            if timestamp >= 2**63:
                return None
            blob, message = blob[8:], cosigned_message(text, timestamp)
        if len(blob) != 64:
            return None
        try:
            nacl.signing.VerifyKey(self.public).verify(message, blob)
        except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
            return None
        return timestamp


class NoteSigner:
    """An Ed25519 private key that signs notes under one name, plainly or as a cosigner."""

    def __init__(self, name: str, seed: bytes) -> None:
        self._key = nacl.signing.SigningKey(seed)
        self.name = name
        VerifierKey(name, ED25519, bytes(self._key.verify_key))  # checks the name

    def verifier(self, kind: int = ED25519) -> VerifierKey:
        """The public key that checks this signer's signatures of type *kind*."""
        return VerifierKey(self.name, kind, bytes(self._key.verify_key))

    def sign(self, text: str) -> NoteSignature:
        """A type 0x01 signature over note *text*."""
        signature = self._key.sign(text.encode("utf-8")).signature
        return NoteSignature(self.name, self.verifier(ED25519).key_id, signature)

    def cosign(self, text: str, timestamp: int) -> NoteSignature:
        """A ``cosignature/v1`` (type 0x04) over note *text* at *timestamp* (POSIX seconds)."""
        if not 0 <= timestamp < 2**63:
            raise MalformedNoteError(N_("a cosignature time must be 0 to 2^63-1 seconds"))
        signature = self._key.sign(cosigned_message(text, timestamp)).signature
        blob = timestamp.to_bytes(8, "big") + signature
        return NoteSignature(self.name, self.verifier(COSIGNATURE_V1).key_id, blob)
