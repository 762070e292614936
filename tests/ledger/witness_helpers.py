"""A test witness, written from c2sp.org/tlog-witness: it reads add-checkpoint request files.

It keeps, per log origin, the size and root of the last checkpoint it cosigned; it verifies the
log's Ed25519 note signature with the log key it was configured with, the old size against its
state, and the RFC 6962 consistency proof; then it answers with one cosignature line
(c2sp.org/tlog-cosignature, ``cosignature/v1``). Refusals carry the HTTP status the protocol
names (404 unknown origin, 403 bad signature, 400 old size too large, 409 conflict, 422 bad
proof). Signing and hashing use PyNaCl and hashlib directly, not uncounted's note code.
"""

from __future__ import annotations

import base64
import hashlib
import time

import nacl.exceptions
import nacl.signing

from uncounted.ledger import verify_consistency


class WitnessRefused(Exception):
    """The witness refused the request; ``status`` is the HTTP status the protocol names."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status


def _key_id(name: str, kind: int, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public).digest()[:4]


class FileWitness:
    """One witness: a name, an Ed25519 key, the logs it follows and what it last cosigned."""

    def __init__(self, name: str, seed: bytes) -> None:
        self.name = name
        self._key = nacl.signing.SigningKey(seed)
        self.logs: dict[str, bytes] = {}  # origin -> log public key
        self.state: dict[str, tuple[int, bytes]] = {}  # origin -> (size, root)

    @property
    def vkey(self) -> str:
        public = bytes(self._key.verify_key)
        encoded = base64.b64encode(b"\x04" + public).decode()
        return f"{self.name}+{_key_id(self.name, 4, public).hex()}+{encoded}"

    def follow(self, origin: str, log_key: bytes) -> None:
        self.logs[origin] = log_key

    def process(self, request: str, now: int | None = None) -> str:
        """Answer one add-checkpoint body with a cosignature line, or refuse."""
        head, _, note = request.partition("\n\n")
        lines = head.split("\n")
        if not lines[0].startswith("old "):
            raise WitnessRefused(400, "no old size line")
        old = int(lines[0][4:])
        proof = [base64.b64decode(line) for line in lines[1:]]
        split = note.rindex("\n\n")
        text, signatures = note[: split + 1], note[split + 2 :].splitlines()
        origin, size_line, root_line = text.split("\n")[:3]
        if origin not in self.logs:
            raise WitnessRefused(404, "unknown origin")
        size, root = int(size_line), base64.b64decode(root_line)
        if not self._log_signed(origin, text, signatures):
            raise WitnessRefused(403, "no valid log signature")
        if old > size:
            raise WitnessRefused(400, "old size larger than the checkpoint")
        known_size, known_root = self.state.get(origin, (0, b""))
        if old != known_size:
            raise WitnessRefused(409, f"{known_size}")
        if old == size and root != known_root:
            raise WitnessRefused(409, "same size, different root")
        if 0 < old < size and not verify_consistency(old, known_root, size, root, proof):
            raise WitnessRefused(422, "consistency proof does not verify")
        self.state[origin] = (size, root)
        stamp = int(time.time()) if now is None else now
        message = f"cosignature/v1\ntime {stamp}\n{text}".encode()
        signature = self._key.sign(message).signature
        public = bytes(self._key.verify_key)
        blob = _key_id(self.name, 4, public) + stamp.to_bytes(8, "big") + signature
        return f"\u2014 {self.name} {base64.b64encode(blob).decode()}\n"

    def _log_signed(self, origin: str, text: str, signatures: list[str]) -> bool:
        public = self.logs[origin]
        wanted = _key_id(origin, 1, public)
        for line in signatures:
            _, name, encoded = line.split(" ")
            blob = base64.b64decode(encoded)
            if name == origin and blob[:4] == wanted:
                try:
                    nacl.signing.VerifyKey(public).verify(text.encode(), blob[4:])
                except nacl.exceptions.BadSignatureError:
                    return False
                return True
        return False
