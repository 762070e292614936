"""The access log: who was shown which identities, in a tamper-evident log of its own file.

Every identity a page or command shows is recorded before it is shown (``identity.read``, see
``uncounted.vault.records``). Those entries used to be committed to ``vault.db`` like every
change. But SQLite empties a connection's whole page cache whenever another connection has
committed to the same file, and with SQLCipher every page read again is decrypted and checked
again: with twenty caseworkers, each page one of them opened made the next page of every other
one start cold, about a quarter of the server's work on the records list
(docs/benchmarks/web.md). Reads change nothing, so nothing has to commit atomically with them,
and they now go to ``access.db`` beside ``vault.db``:

- encrypted by SQLCipher like the vault, under a key derived from the vault key (so ``panic``,
  which destroys the keys, makes it as unreadable as the vault);
- an audit table and a Merkle log with the same layout as the vault's (``ledger_store`` works
  on either), checked entry by entry by ``uncounted ledger check``;
- anchored in the vault's log: before a head of the vault's log is signed, the access log's
  size and root are appended to it (:func:`anchor`), so a published head also fixes every
  identity read up to then, and rewriting them is caught against the anchor
  (:func:`check_anchors`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from uncounted.ledger import MerkleTree, leaf_hash
from uncounted.vault import keys, ledger_store
from uncounted.vault.database import Connection, open_database, transaction

#: The key of ``access.db`` is derived from the vault key for this purpose (16 bytes at most).
KEY_PURPOSE = b"access-log"
#: The kind of the vault log entry that fixes the access log's size and root.
ANCHOR_KIND = "access-log.anchor"

#: The access log's tables: DDL compiled from ``schema.access_metadata``, the one declaration
#: (a test compiles it again and compares), kept as text so opening the log needs no SQLAlchemy.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS audit (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,"
    " at TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,"
    " detail TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ledger_entries (seq INTEGER NOT NULL, kind TEXT NOT NULL,"
    " salt BLOB NOT NULL, content_hash BLOB NOT NULL, commitment BLOB NOT NULL,"
    " root_after BLOB NOT NULL, payload BLOB, created_at TEXT NOT NULL, PRIMARY KEY (seq))",
    "CREATE TABLE IF NOT EXISTS ledger_heads (tree_size INTEGER NOT NULL,"
    " timestamp_ms INTEGER NOT NULL, root_hash BLOB NOT NULL, signature BLOB NOT NULL,"
    " PRIMARY KEY (tree_size))",
    "CREATE TABLE IF NOT EXISTS ledger_key (id INTEGER NOT NULL, public_key BLOB NOT NULL,"
    " wrapped_seed BLOB NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (id))",
    "CREATE TABLE IF NOT EXISTS ledger_state (id INTEGER NOT NULL, size INTEGER NOT NULL,"
    " frontier BLOB NOT NULL, PRIMARY KEY (id))",
)


def open_access_log(path: Path | str, vault_key: bytes) -> Connection:
    """A keyed connection to the access log at *path*, created (owner-only) when missing."""
    conn = open_database(path, keys.subkey(vault_key, KEY_PURPOSE))
    try:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] < len(_SCHEMA):
            with transaction(conn):
                for statement in _SCHEMA:
                    conn.execute(statement)
    except BaseException:
        conn.close()
        raise
    return conn


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
    current = ledger_store.frontier_of(access_conn)
    if current.size == 0:
        return None
    latest = latest_anchor(vault_conn)
    if latest is not None and latest.size == current.size:
        return None
    made = Anchor(current.size, current.root())
    ledger_store.append_entry(vault_conn, ANCHOR_KIND, made.payload())
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
    rows = access_conn.execute("SELECT commitment FROM ledger_entries ORDER BY seq")
    tree = MerkleTree.from_leaf_hashes(leaf_hash(bytes(value)) for (value,) in rows)
    for fixed in anchors(vault_conn):
        if fixed.size > tree.size:
            return f"access log entry {tree.size} is missing (the vault's log fixed {fixed.size})"
        if tree.root(fixed.size) != fixed.root:
            return (
                f"the access log no longer matches what the vault's log fixed at {fixed.size}"
                " entries: an identity read before it was rewritten"
            )
    return None
