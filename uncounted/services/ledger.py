"""Ledger actions: publish a checkpoint, prove the log only grew, check it, work with witnesses.

Witnessing works with files carried by hand (or any channel the user chooses):
:func:`witness_request` writes what a witness needs, the body of a c2sp.org/tlog-witness
``add-checkpoint`` request (old size, consistency proof, checkpoint); :func:`accept_cosignatures`
takes back the witness's answer (its cosignature lines, or the checkpoint with them) and keeps
every valid cosignature beside the checkpoint, from where evidence packages carry it.
:func:`send_to_witness` does both over HTTP, to the one URL the user gives for that call; it is
the only network connection uncounted makes, and only when asked.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from uncounted import vault as store
from uncounted.errors import InputError, IntegrityError, NotFound
from uncounted.ledger import (
    COSIGNATURE_V1,
    ConsistencyBundle,
    LogPublicKey,
    MalformedNoteError,
    NoteSignature,
    SignedCheckpoint,
    SignedNote,
    VerifierKey,
)
from uncounted.messages import N_
from uncounted.vault import Action, LogCheck, StoredWitness, VaultSession

__all__ = [
    "ConsistencyProof",
    "Cosigned",
    "LogCheck",
    "PublishedHead",
    "StoredWitness",
    "accept_cosignatures",
    "add_witness",
    "check_ledger",
    "list_witnesses",
    "prove",
    "publish_head",
    "send_to_witness",
    "witness_request",
]

#: POST *body* to *url*; return the HTTP status and the response body (an injected transport).
Transport = Callable[[str, bytes], tuple[int, bytes]]

_CLOCK_TOLERANCE = 300


@dataclass(frozen=True)
class PublishedHead:
    """The current checkpoint with the key that verifies it."""

    head: SignedCheckpoint
    public_key: LogPublicKey

    @property
    def signed_at(self) -> int:
        """The organisation's own timestamp of the checkpoint (POSIX seconds)."""
        return self.head.log_time(self.public_key.raw) or 0

    def to_json(self) -> dict[str, Any]:
        """The document to publish (``uncounted ledger head --json``)."""
        checkpoint = self.head.checkpoint
        return {
            "origin": checkpoint.origin,
            "tree_size": checkpoint.tree_size,
            "root_hash": checkpoint.root_hash.hex(),
            "signed_at": self.signed_at,
            "checkpoint": self.head.encode(),
            "public_key": self.public_key.hex,
            "vkey": self.public_key.vkey,
            "key_fingerprint": self.public_key.fingerprint,
        }


@dataclass(frozen=True)
class ConsistencyProof:
    """RFC 9162 proof that the log of *old_size* entries is a prefix of the signed one."""

    old_size: int
    old_root: bytes
    current: PublishedHead
    proof: tuple[bytes, ...]

    @property
    def bundle(self) -> ConsistencyBundle:
        """The proof with the new checkpoint, as text anyone can check offline."""
        return ConsistencyBundle(self.old_size, self.proof, self.current.head)

    def to_json(self) -> dict[str, Any]:
        """The proof as JSON, hex for hashes."""
        return {
            "old_size": self.old_size,
            "old_root_hash": self.old_root.hex(),
            "head": self.current.to_json(),
            "proof": [node.hex() for node in self.proof],
            "bundle": self.bundle.encode(),
        }


@dataclass(frozen=True)
class Cosigned:
    """A witness cosignature taken back: who, on which size, at what time (its clock)."""

    witness: str
    tree_size: int
    timestamp: int


class BadProofRequest(InputError):
    """Raised when a consistency proof is asked from a size the log cannot prove from."""


class BadCosignature(IntegrityError):
    """Raised when a witness's answer holds no valid cosignature, or a forged one."""


def publish_head(vault: VaultSession) -> PublishedHead:
    """Sign the log's checkpoint as it is now (reusing the last one if nothing was added)."""
    head = store.sign_head(vault)
    return PublishedHead(head, _public_key(vault))


def _public_key(vault: VaultSession) -> LogPublicKey:
    key = store.log_public_key(vault.conn)
    if key is None:  # sign_head creates the key; absence means the database is damaged
        raise store.LogKeyUnavailable(N_("the vault holds no log key after signing"))
    return key


def prove(vault: VaultSession, from_size: int) -> ConsistencyProof:
    """Consistency proof from an earlier published size to a freshly signed checkpoint."""
    current = publish_head(vault)
    size = current.head.checkpoint.tree_size
    if not 0 < from_size <= size:
        raise BadProofRequest(
            N_("--from-size must be between 1 and {size}, the log's size"), size=size
        )
    tree = store.ledger_tree(vault.conn)
    return ConsistencyProof(
        from_size, tree.root(from_size), current, tuple(tree.consistency_proof(from_size, size))
    )


def check_ledger(vault: VaultSession) -> LogCheck:
    """Recompute the whole log and check every stored signed head against it.

    The access log (identity reads) is recomputed too, and checked against every anchor the
    vault's log holds of it; its entries are counted with the vault's.
    """
    changes = store.check_log(vault.conn)
    if changes.problem is not None:
        return changes
    reads = store.check_log(vault.access_conn)
    if reads.problem is not None:
        return replace(reads, heads=changes.heads, problem=f"access log: {reads.problem}")
    problem = store.check_anchors(vault.conn, vault.access_conn)
    return replace(changes, entries=changes.entries + reads.entries, problem=problem)


def add_witness(vault: VaultSession, vkey: str) -> StoredWitness:
    """Name a witness by its verifier key (``name+keyid+base64``, cosignature type 4)."""
    vault.require(Action.USERS_MANAGE)
    key = VerifierKey.parse(vkey)
    if key.kind != COSIGNATURE_V1:
        raise MalformedNoteError(N_("a witness key must be a cosignature key (type 4)"))
    if any(known.name == key.name for known in store.ledger_witnesses(vault.conn)):
        raise InputError(N_("a witness named {name} is already named"), name=key.name)
    store.add_ledger_witness(vault.conn, key.name, key.vkey)
    entry = store.AuditEntry(vault.user.name, "ledger.witness.add", key.name, {"vkey": key.vkey})
    store.record_audit(vault.conn, entry)
    return _witness(vault, key.name)


def list_witnesses(vault: VaultSession) -> list[StoredWitness]:
    """The witnesses the organisation named."""
    vault.require(Action.RECORDS_LIST)
    return store.ledger_witnesses(vault.conn)


def _witness(vault: VaultSession, name: str) -> StoredWitness:
    for known in store.ledger_witnesses(vault.conn):
        if known.name == name:
            return known
    raise NotFound(N_("no witness is named {name}"), name=name)


def witness_request(vault: VaultSession, name: str) -> ConsistencyBundle:
    """What witness *name* needs: a fresh checkpoint and the proof from what it last cosigned."""
    vault.require(Action.EVIDENCE_EXPORT)
    witness = _witness(vault, name)
    current = publish_head(vault)
    size = current.head.checkpoint.tree_size
    old = witness.cosigned_size
    proof: tuple[bytes, ...] = ()
    if 0 < old < size:
        proof = tuple(store.ledger_tree(vault.conn).consistency_proof(old, size))
    store.set_witness_sizes(vault.conn, name, requested=size)
    return ConsistencyBundle(old, proof, current.head)


def accept_cosignatures(vault: VaultSession, answer: str) -> list[Cosigned]:
    """Keep the valid cosignatures in a witness's *answer*; refuse it if none is valid.

    The answer is either the ``add-checkpoint`` response (cosignature lines alone, for the
    checkpoint last sent to that witness) or a checkpoint note carrying them.
    """
    vault.require(Action.EVIDENCE_EXPORT)
    known = {w.name: (w, VerifierKey.parse(w.vkey)) for w in store.ledger_witnesses(vault.conn)}
    taken: list[Cosigned] = []
    for signature, size in _answer_signatures(vault, answer, known):
        witness, key = known[signature.name]
        stored = store.ledger_checkpoint_at(vault.conn, size)
        if stored is None or not key.matches(signature):
            continue
        stamp = key.check(stored.note.text, signature)
        if stamp is None or stamp > time.time() + _CLOCK_TOLERANCE:
            raise BadCosignature(
                N_("the cosignature of witness {name} is not valid"), name=witness.name
            )
        note = SignedCheckpoint(stored.checkpoint, SignedNote(stored.note.text, (signature,)))
        store.add_cosignatures(vault.conn, note)
        store.set_witness_sizes(vault.conn, witness.name, cosigned=size)
        taken.append(Cosigned(witness.name, size, stamp))
    if not taken:
        raise BadCosignature(N_("the answer holds no cosignature by a witness you named"))
    return taken


def _answer_signatures(
    vault: VaultSession, answer: str, known: dict[str, tuple[StoredWitness, VerifierKey]]
) -> list[tuple[NoteSignature, int]]:
    if "\n\n" in answer:  # a whole checkpoint note: its size says which checkpoint
        signed = SignedCheckpoint.parse(answer)
        stored = store.ledger_checkpoint_at(vault.conn, signed.checkpoint.tree_size)
        if stored is None or stored.checkpoint != signed.checkpoint:
            raise BadCosignature(N_("the answer is for a checkpoint this log never signed"))
        size = signed.checkpoint.tree_size
        return [(s, size) for s in signed.note.signatures if s.name in known]
    lines = [line for line in answer.split("\n") if line]
    if not lines or len(lines) > 64:
        raise BadCosignature(N_("the answer holds no cosignature by a witness you named"))
    found = []
    for line in lines:
        signature = NoteSignature.parse(line)
        if signature.name in known:
            requested = known[signature.name][0].requested_size
            if requested is not None:
                found.append((signature, requested))
    return found


class WitnessUnavailable(IntegrityError):
    """Raised when a witness's HTTP endpoint refuses the checkpoint or cannot be reached."""


_STATUS = {
    400: N_("the witness refused the request as malformed (HTTP 400)"),
    403: N_("the witness does not trust this log's key (HTTP 403)"),
    404: N_("the witness does not follow this log (HTTP 404)"),
    409: N_("the witness has seen a different version of this log (HTTP 409)"),
    422: N_("the witness found the consistency proof invalid (HTTP 422)"),
}


def _http_post(url: str, body: bytes) -> tuple[int, bytes]:
    """The HTTP transport: one POST, 30 s at most, nothing else sent (no cookies, no agent)."""
    if not url.startswith(("https://", "http://")):
        raise WitnessUnavailable(N_("a witness URL must start with https:// or http://"))
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (scheme checked)
    request.add_header("Content-Type", "text/plain; charset=utf-8")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (as above)
            return int(response.status), bytes(response.read(1 << 20))
    except urllib.error.HTTPError as refused:
        return int(refused.code), bytes(refused.read(4096))
    except (urllib.error.URLError, TimeoutError, OSError):
        raise WitnessUnavailable(N_("the witness could not be reached at {url}"), url=url) from None


def send_to_witness(
    vault: VaultSession, name: str, prefix: str, post: Transport = _http_post
) -> list[Cosigned]:
    """Ask witness *name* at submission prefix *prefix* to cosign (c2sp.org/tlog-witness).

    When the witness answers 409 with the size it last cosigned, the request is made once more
    from that size, as the protocol intends for a client that lost track.
    """
    url = prefix.rstrip("/") + "/add-checkpoint"
    for attempt in range(2):
        bundle = witness_request(vault, name)
        status, body = post(url, bundle.encode().encode("utf-8"))
        if status == 200:
            return accept_cosignatures(vault, body.decode("utf-8", errors="replace"))
        size = body.decode("ascii", errors="replace").strip()
        known = int(size) if status == 409 and attempt == 0 and size.isdigit() else None
        if known is not None and known != bundle.old_size:
            if known > bundle.checkpoint.checkpoint.tree_size:  # it saw a larger log than ours
                raise WitnessUnavailable(_STATUS[409])
            store.set_witness_sizes(vault.conn, name, cosigned=known, exact=True)
            continue
        raise WitnessUnavailable(
            _STATUS.get(status, N_("the witness answered HTTP {status}")), status=status
        )
    raise WitnessUnavailable(_STATUS[409])
