"""Ledger actions: publish the signed head, prove the log only grew, check the whole log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.ledger import LogPublicKey, SignedTreeHead
from uncounted.messages import N_
from uncounted.vault import LogCheck, VaultSession

__all__ = ["ConsistencyProof", "LogCheck", "PublishedHead", "check_ledger", "prove", "publish_head"]


@dataclass(frozen=True)
class PublishedHead:
    """The current signed head with the key that verifies it."""

    head: SignedTreeHead
    public_key: LogPublicKey

    def to_json(self) -> dict[str, Any]:
        """The document to publish (``uncounted ledger head --json``)."""
        return {
            **self.head.to_json(),
            "public_key": self.public_key.hex,
            "key_fingerprint": self.public_key.fingerprint,
        }


@dataclass(frozen=True)
class ConsistencyProof:
    """RFC 9162 proof that the log of *old_size* entries is a prefix of the signed one."""

    old_size: int
    old_root: bytes
    current: PublishedHead
    proof: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        """The proof as JSON, hex for hashes."""
        return {
            "old_size": self.old_size,
            "old_root_hash": self.old_root.hex(),
            "head": self.current.to_json(),
            "proof": [node.hex() for node in self.proof],
        }


class BadProofRequest(InputError):
    """Raised when a consistency proof is asked from a size the log cannot prove from."""


def publish_head(vault: VaultSession) -> PublishedHead:
    """Sign the log's head as it is now (reusing the last one if nothing was added)."""
    head = store.sign_head(vault)
    key = store.log_public_key(vault.conn)
    if key is None:  # sign_head creates the key; absence means the database is damaged
        raise store.LogKeyUnavailable(N_("the vault holds no log key after signing"))
    return PublishedHead(head, key)


def prove(vault: VaultSession, from_size: int) -> ConsistencyProof:
    """Consistency proof from an earlier published size to a freshly signed head."""
    current = publish_head(vault)
    size = current.head.head.tree_size
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
