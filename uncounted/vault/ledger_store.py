"""The vault's Merkle log: entries, tree state, log key, signed heads, access-log anchors.

Every audited action reaches the log through :func:`append_entry` (called by
``uncounted.vault.audit.record`` inside the caller's transaction), as does every evidence
commitment and custody action (:func:`append_commitment`). An entry is a salted commitment
(``uncounted.ledger.Commitment``), never the content itself: the content (an identity-free
payload) stays in the encrypted database, beside the salt that opens the commitment.

Appending keeps the RFC 9162 frontier in ``ledger_state`` so the root after each entry is
known in O(log n) and stored with the entry; :func:`check_log` recomputes everything from the
entries and names the first one that no longer fits. Tree heads are signed, as C2SP
checkpoints (``uncounted.ledger.SignedCheckpoint``), with the log's Ed25519 key, whose seed is
wrapped under a subkey of the vault key (so it is sealed twice: by that wrap and by SQLCipher),
and can therefore only be signed from an unlocked session. Heads signed in the legacy binary
format before checkpoints stay in ``ledger_heads`` and are checked as they were; each is
re-signed as a checkpoint the first time the log signs after the upgrade.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256

from uncounted.errors import IntegrityError
from uncounted.ledger import (
    Commitment,
    LogPublicKey,
    LogSigningKey,
    MerkleFrontier,
    MerkleTree,
    SignedCheckpoint,
    SignedTreeHead,
    TreeHead,
    WitnessedCheckpoint,
    commitment_value,
    leaf_hash,
)
from uncounted.ledger import MalformedCommitmentError as _BadKind
from uncounted.messages import N_
from uncounted.vault import keys
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.session import VaultSession

_KEY_PURPOSE = b"ledger-log-key"
_KEY_LABEL = b"uncounted/ledger/signing-key/v1"
_AUDIT_KIND = "audit"


class LogKeyUnavailable(IntegrityError):
    """Raised when the stored log key does not open under this vault's key (damaged vault)."""


@dataclass(frozen=True)
class StoredEntry:
    """One row of the log as stored."""

    seq: int
    kind: str
    salt: bytes
    content_hash: bytes
    commitment: bytes
    root_after: bytes
    payload: bytes | None
    created_at: str


@dataclass(frozen=True)
class LogCheck:
    """The outcome of recomputing the whole log: ``problem`` is None when everything holds."""

    entries: int
    heads: int
    problem: str | None
    entry: int | None = None


def append_entry(conn: Connection, kind: str, payload: bytes) -> int:
    """Commit *payload* (already free of identities) under *kind*; return its leaf index."""
    return append_commitment(conn, _commitment(kind, payload), payload)


def append_commitment(conn: Connection, commitment: Commitment, payload: bytes | None) -> int:
    """Append *commitment* (with its opening payload, if any) and return its leaf index."""
    return _append(conn, [(commitment, payload)])[0]


def append_entries(conn: Connection, kind: str, payloads: list[bytes]) -> list[int]:
    """:func:`append_entry` of each of *payloads* in order, one leaf each: the log's state read
    and written once for all of them (a re-import that revises thousands of records)."""
    if not payloads:
        return []
    return _append(conn, [(_commitment(kind, payload), payload) for payload in payloads])


def _commitment(kind: str, payload: bytes) -> Commitment:
    """*payload* committed under *kind*; an action with no kind of its own, as an audit entry."""
    try:
        return Commitment.of_bytes(kind, payload)
    except _BadKind:
        return Commitment.of_bytes(_AUDIT_KIND, payload)


def _append(conn: Connection, entries: list[tuple[Commitment, bytes | None]]) -> list[int]:
    """Append *entries* in order, one leaf each, in one transaction: the rows, then the new
    frontier; return their leaf indices."""
    stamp = now()
    with transaction(conn):
        frontier = _frontier(conn)
        rows = []
        for commitment, payload in entries:
            seq = frontier.append_leaf_hash(leaf_hash(commitment.value))
            rows.append(
                (
                    seq,
                    commitment.kind,
                    commitment.salt,
                    commitment.content_hash,
                    commitment.value,
                    frontier.root(),
                    payload,
                    stamp,
                )
            )
        conn.executemany(
            "INSERT INTO ledger_entries (seq, kind, salt, content_hash, commitment, root_after,"
            " payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute(
            "INSERT INTO ledger_state (id, size, frontier) VALUES (1, ?, ?) ON CONFLICT (id)"
            " DO UPDATE SET size = excluded.size, frontier = excluded.frontier",
            (frontier.size, frontier.encode()),
        )
    return [row[0] for row in rows]


def _frontier(conn: Connection) -> MerkleFrontier:
    row = conn.execute("SELECT size, frontier FROM ledger_state WHERE id = 1").fetchone()
    return MerkleFrontier() if row is None else MerkleFrontier.decode(row[0], bytes(row[1]))


def frontier_of(conn: Connection) -> MerkleFrontier:
    """The log's compact state as stored: its size and, through it, its current root."""
    return _frontier(conn)


def size(conn: Connection) -> int:
    """Number of entries in the log."""
    return _frontier(conn).size


def entry(conn: Connection, seq: int) -> StoredEntry:
    """The stored entry at leaf index *seq*."""
    row = conn.execute(f"{_SELECT} WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        raise IntegrityError(N_("ledger entry {seq} is missing from the vault"), seq=seq)
    return _entry(row)


_SELECT = (
    "SELECT seq, kind, salt, content_hash, commitment, root_after, payload, created_at"
    " FROM ledger_entries"
)


def _entry(row: tuple[object, ...]) -> StoredEntry:
    seq, kind, salt, content, value, root, payload, at = row
    return StoredEntry(
        int(seq),  # type: ignore[call-overload]  # sqlite returns int for INTEGER columns
        str(kind),
        bytes(salt),  # type: ignore[call-overload]  # and bytes for BLOB columns
        bytes(content),  # type: ignore[call-overload]
        bytes(value),  # type: ignore[call-overload]
        bytes(root),  # type: ignore[call-overload]
        None if payload is None else bytes(payload),  # type: ignore[call-overload]
        str(at),
    )


def entries(conn: Connection) -> Iterator[StoredEntry]:
    """Every stored entry in log order."""
    for row in conn.execute(f"{_SELECT} ORDER BY seq"):
        yield _entry(row)


def tree(conn: Connection) -> MerkleTree:
    """The whole tree rebuilt from the stored commitments (for proofs)."""
    rows = conn.execute("SELECT commitment FROM ledger_entries ORDER BY seq")
    return MerkleTree.from_leaf_hashes(leaf_hash(bytes(value)) for (value,) in rows)


def log_signing_key(session: VaultSession) -> LogSigningKey:
    """The log key, created (and its seed wrapped under the vault) on first use."""
    wrapping = keys.subkey(session.vault_key, _KEY_PURPOSE[:16])
    row = session.conn.execute("SELECT wrapped_seed FROM ledger_key WHERE id = 1").fetchone()
    if row is not None:
        try:
            return LogSigningKey(keys.secret_unwrap(wrapping, bytes(row[0]), _KEY_LABEL))
        except keys.UnwrapFailed:
            raise LogKeyUnavailable(
                N_("the vault's log key does not open: the vault is damaged")
            ) from None
    key = LogSigningKey.generate()
    with transaction(session.conn):
        session.conn.execute(
            "INSERT OR IGNORE INTO ledger_key (id, public_key, wrapped_seed, created_at)"
            " VALUES (1, ?, ?, ?)",
            (key.public_key.raw, keys.secret_wrap(wrapping, key.seed, _KEY_LABEL), now()),
        )
    return log_signing_key(session)  # another session may have created it first


def log_public_key(conn: Connection) -> LogPublicKey | None:
    """The log's public key, or None before any head was signed."""
    row = conn.execute("SELECT public_key FROM ledger_key WHERE id = 1").fetchone()
    return None if row is None else LogPublicKey(bytes(row[0]))


def sign_head(session: VaultSession) -> SignedCheckpoint:
    """Sign (and store) a checkpoint of the log as it is now; reuse it if the log did not grow.

    The access log's size and root are appended first when it grew, so the checkpoint also
    fixes every identity read up to now (:func:`anchor`).
    """
    conn = session.conn
    key = log_signing_key(session)
    _resign_legacy_heads(conn, key)
    with transaction(conn):
        anchor(conn, session.access_conn)
    frontier = _frontier(conn)
    latest = latest_checkpoint(conn)
    if latest is not None and latest.checkpoint.tree_size == frontier.size:
        return latest
    _store_checkpoint(conn, key.checkpoint(frontier.size, frontier.root(), int(time.time())), key)
    stored = latest_checkpoint(conn)  # the same size signed by a concurrent session wins
    if stored is None:
        raise LogKeyUnavailable(N_("the vault holds no checkpoint after signing"))
    return stored


def _store_checkpoint(conn: Connection, signed: SignedCheckpoint, key: LogSigningKey) -> None:
    stamp = signed.log_time(key.public_key.raw) or 0
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO ledger_checkpoints (tree_size, note, signed_at)"
            " VALUES (?, ?, ?)",
            (signed.checkpoint.tree_size, signed.encode(), stamp),
        )


def _resign_legacy_heads(conn: Connection, key: LogSigningKey) -> None:
    """Re-sign every legacy head (same size, root and time) as a checkpoint, once."""
    done = {signed.checkpoint.tree_size for signed in checkpoints(conn)}
    for legacy in heads(conn):
        head = legacy.head
        if head.tree_size in done or not key.public_key.verifies(legacy):
            continue
        resigned = key.checkpoint(head.tree_size, head.root_hash, head.timestamp_ms // 1000)
        _store_checkpoint(conn, resigned, key)


def checkpoints(conn: Connection) -> list[SignedCheckpoint]:
    """Every stored checkpoint with the cosignatures taken back for it, oldest first."""
    if not _has_table(conn, "ledger_checkpoints"):
        return []
    rows = conn.execute("SELECT note FROM ledger_checkpoints ORDER BY tree_size")
    return [SignedCheckpoint.parse(str(note)) for (note,) in rows]


def checkpoint_at(conn: Connection, tree_size: int) -> SignedCheckpoint | None:
    """The stored checkpoint of *tree_size*, if the log signed one."""
    row = conn.execute(
        "SELECT note FROM ledger_checkpoints WHERE tree_size = ?", (tree_size,)
    ).fetchone()
    return None if row is None else SignedCheckpoint.parse(str(row[0]))


def latest_checkpoint(conn: Connection) -> SignedCheckpoint | None:
    """The most recent checkpoint, if any."""
    row = conn.execute(
        "SELECT note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1"
    ).fetchone()
    return None if row is None else SignedCheckpoint.parse(str(row[0]))


def add_cosignatures(conn: Connection, cosigned: SignedCheckpoint) -> None:
    """Keep *cosigned*'s signatures beside the stored checkpoint of the same size and root."""
    with transaction(conn):
        stored = checkpoint_at(conn, cosigned.checkpoint.tree_size)
        if stored is None:
            raise IntegrityError(
                N_("the log never signed a checkpoint of {size} entries"),
                size=cosigned.checkpoint.tree_size,
            )
        merged = stored.with_signatures(cosigned)
        conn.execute(
            "UPDATE ledger_checkpoints SET note = ? WHERE tree_size = ?",
            (merged.encode(), cosigned.checkpoint.tree_size),
        )


def witnessed_before(
    conn: Connection, tree_: MerkleTree, size: int, entry: int
) -> tuple[WitnessedCheckpoint, ...]:
    """For each witness, its latest cosigned checkpoint below *size* holding *entry*, with the
    proof that the checkpoint of *size* extends it (16 checkpoints at most, latest first)."""
    rows = conn.execute(
        "SELECT note FROM ledger_checkpoints WHERE tree_size > ? AND tree_size < ?"
        " ORDER BY tree_size DESC",
        (entry, size),
    )
    found: list[WitnessedCheckpoint] = []
    covered: set[str] = set()
    for (note,) in rows:
        signed = SignedCheckpoint.parse(str(note))
        names = {s.name for s in signed.note.signatures} - {signed.checkpoint.origin}
        if names - covered and len(found) < 16:
            old = signed.checkpoint.tree_size
            found.append(WitnessedCheckpoint(signed, tuple(tree_.consistency_proof(old, size))))
            covered |= names
    return tuple(found)


def _has_table(conn: Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def heads(conn: Connection) -> list[SignedTreeHead]:
    """Every stored legacy signed head (made before checkpoints), oldest first."""
    rows = conn.execute(
        "SELECT tree_size, timestamp_ms, root_hash, signature FROM ledger_heads ORDER BY tree_size"
    )
    return [
        SignedTreeHead(TreeHead(size, stamp, bytes(root)), bytes(signature))
        for size, stamp, root, signature in rows
    ]


def check_log(conn: Connection) -> LogCheck:
    """Recompute the whole log from its entries and check every stored head against it."""
    tree_ = MerkleTree()
    for stored in entries(conn):
        if stored.seq != tree_.size:
            return LogCheck(tree_.size, 0, f"ledger entry {tree_.size} is missing", tree_.size)
        problem = _entry_problem(stored)
        if problem is None:
            tree_.append_leaf_hash(leaf_hash(stored.commitment))
            if tree_.root() != stored.root_after:
                problem = "does not fit the log as it was when appended"
        if problem is not None:
            return LogCheck(stored.seq, 0, f"ledger entry {stored.seq} {problem}", stored.seq)
    count = tree_.size
    recorded = size(conn)
    if recorded != count:
        return LogCheck(count, 0, f"ledger entry {count} is missing ({recorded} recorded)", count)
    return _check_heads(conn, tree_)


def _entry_problem(stored: StoredEntry) -> str | None:
    try:
        opens = commitment_value(stored.kind, stored.salt, stored.content_hash) == stored.commitment
    except _BadKind:
        opens = False
    if not opens:
        return "was altered: its commitment no longer opens"
    if stored.payload is not None and sha256(stored.payload).digest() != stored.content_hash:
        return "was altered: its content no longer matches its commitment"
    return None


def _check_heads(conn: Connection, tree_: MerkleTree) -> LogCheck:
    legacy, signed = heads(conn), checkpoints(conn)
    key = log_public_key(conn)
    count = len(legacy) + len(signed)
    sizes_roots = [(h.head.tree_size, h.head.root_hash, "signed head") for h in legacy]
    sizes_roots += [(c.checkpoint.tree_size, c.checkpoint.root_hash, "checkpoint") for c in signed]
    for head_size, root, what in sizes_roots:
        if head_size > tree_.size:
            message = f"ledger entry {tree_.size} is missing (a {what} covers {head_size})"
            return LogCheck(tree_.size, count, message, tree_.size)
        if tree_.root(head_size) != root:
            message = (
                f"the {what} of {head_size} entries no longer matches the log: an entry"
                f" before {head_size} was rewritten"
            )
            return LogCheck(tree_.size, count, message)
    for legacy_head in legacy:
        if key is None or not key.verifies(legacy_head):
            message = (
                f"the signed head of {legacy_head.head.tree_size} entries has an invalid signature"
            )
            return LogCheck(tree_.size, count, message)
    for checkpoint in signed:
        if key is None or not checkpoint.log_signature_valid(key.raw):
            message = (
                f"the checkpoint of {checkpoint.checkpoint.tree_size} entries has an invalid"
                " signature"
            )
            return LogCheck(tree_.size, count, message)
    return LogCheck(tree_.size, count, None)


@dataclass(frozen=True)
class StoredWitness:
    """A witness the organisation named: its key, what it last cosigned, what it was sent."""

    name: str
    vkey: str
    cosigned_size: int
    requested_size: int | None


def add_witness(conn: Connection, name: str, vkey: str) -> None:
    """Name a witness (its verifier key); nothing is sent anywhere."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO ledger_witnesses (name, vkey, cosigned_size, requested_size, added_at)"
            " VALUES (?, ?, 0, NULL, ?)",
            (name, vkey, now()),
        )


def witnesses(conn: Connection) -> list[StoredWitness]:
    """Every named witness, by name."""
    rows = conn.execute(
        "SELECT name, vkey, cosigned_size, requested_size FROM ledger_witnesses ORDER BY name"
    )
    return [StoredWitness(str(n), str(v), int(c), r) for n, v, c, r in rows]


def set_witness_sizes(
    conn: Connection,
    name: str,
    *,
    requested: int | None = None,
    cosigned: int | None = None,
    exact: bool = False,
) -> None:
    """Record the size last sent to witness *name*, or the size it last cosigned.

    A cosigned size only grows, unless *exact* (the witness itself said what it last cosigned).
    """
    with transaction(conn):
        if requested is not None:
            conn.execute(
                "UPDATE ledger_witnesses SET requested_size = ? WHERE name = ?", (requested, name)
            )
        if cosigned is not None:
            update = "?" if exact else "max(cosigned_size, ?)"
            conn.execute(
                f"UPDATE ledger_witnesses SET cosigned_size = {update} WHERE name = ?",  # noqa: S608 (one of two fixed texts)
                (cosigned, name),
            )


# Anchoring the access log (``access.db``, see ``uncounted.vault.access_log``) in this log.

#: The kind of the vault log entry that fixes the access log's size and root.
ANCHOR_KIND = "access-log.anchor"


@dataclass(frozen=True)
class Anchor:
    """The access log's size and Merkle root as fixed in the vault's log."""

    size: int
    root: bytes

    def payload(self) -> bytes:
        body = {"access_log_size": self.size, "access_log_root": self.root.hex()}
        return json.dumps(body).encode()

    @classmethod
    def of_payload(cls, payload: bytes) -> Anchor:
        """The anchor a vault log entry of kind :data:`ANCHOR_KIND` holds."""
        body = json.loads(payload)
        return cls(int(body["access_log_size"]), bytes.fromhex(body["access_log_root"]))


def anchor(vault_conn: Connection, access_conn: Connection) -> Anchor | None:
    """Append the access log's current size and root to the vault's log, if it grew since.

    Returns the new anchor, or None when the last one still holds.
    """
    current = frontier_of(access_conn)
    if current.size == 0:
        return None
    latest = latest_anchor(vault_conn)
    if latest is not None and latest.size == current.size:
        return None
    made = Anchor(current.size, current.root())
    append_entry(vault_conn, ANCHOR_KIND, made.payload())
    return made


def anchors(vault_conn: Connection) -> list[Anchor]:
    """Every anchor in the vault's log, oldest first."""
    rows = vault_conn.execute(
        "SELECT payload FROM ledger_entries WHERE kind = ? ORDER BY seq", (ANCHOR_KIND,)
    )
    return [Anchor.of_payload(bytes(payload)) for (payload,) in rows]


def latest_anchor(vault_conn: Connection) -> Anchor | None:
    """The most recent anchor, if any."""
    row = vault_conn.execute(
        "SELECT payload FROM ledger_entries WHERE kind = ? ORDER BY seq DESC LIMIT 1",
        (ANCHOR_KIND,),
    ).fetchone()
    return None if row is None else Anchor.of_payload(bytes(row[0]))


def check_anchors(vault_conn: Connection, access_conn: Connection) -> str | None:
    """What no longer matches between the access log and its anchors, or None if all do."""
    access_tree = tree(access_conn)
    for fixed in anchors(vault_conn):
        if fixed.size > access_tree.size:
            return (
                f"access log entry {access_tree.size} is missing"
                f" (the vault's log fixed {fixed.size})"
            )
        if access_tree.root(fixed.size) != fixed.root:
            return (
                f"the access log no longer matches what the vault's log fixed at {fixed.size}"
                " entries: an identity read before it was rewritten"
            )
    return None
