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
  size and root are appended to it (``ledger_store.anchor``), so a published head also fixes
  every identity read up to then, and rewriting them is caught against the anchor
  (``ledger_store.check_anchors``).

This module only makes and opens the file; the anchoring lives with the log it is written to
(``ledger_store``), so that the session, which opens this file, sits below both.
"""

from __future__ import annotations

from pathlib import Path

from uncounted.vault import keys
from uncounted.vault.database import Connection, open_database, transaction

#: The key of ``access.db`` is derived from the vault key for this purpose (16 bytes at most).
KEY_PURPOSE = b"access-log"

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
