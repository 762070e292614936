"""The SQLCipher database: opened with the raw vault key, never with a passphrase.

Settings that keep plaintext off the disk and the file consistent after a crash:

- ``PRAGMA key = "x'…'"`` with the raw 256-bit vault key, so SQLCipher skips its own KDF;
- the rollback journal (``journal_mode=DELETE``), encrypted by SQLCipher like every page,
  so a ``kill -9`` mid-transaction is rolled back on the next open;
- ``secure_delete=ON`` so freed pages are zeroed, and ``temp_store=MEMORY`` so sorts and
  temporary tables never reach a temporary file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from uncounted.errors import AccessDenied
from uncounted.messages import N_

Connection = Any  # sqlcipher3 ships no type information; this alias names what is meant


class DatabaseLocked(AccessDenied):
    """Raised when the vault key does not open the database (a wrong or damaged vault key)."""


def open_database(path: Path | str, vault_key: bytes) -> Connection:
    """A keyed connection to the database at *path* (``":memory:"`` for a throwaway one)."""
    if str(path) != ":memory:":
        _create_private(Path(path))
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()  # no noise on the user's stderr
    conn.execute(f"PRAGMA key = \"x'{vault_key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise DatabaseLocked(N_("the vault key does not open {path}"), path=path) from error
    for pragma in (
        "PRAGMA journal_mode = DELETE",
        "PRAGMA secure_delete = ON",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA foreign_keys = ON",
        "PRAGMA cache_size = -65536",
        "PRAGMA busy_timeout = 10000",  # another process (CLI beside the web app) may be writing
    ):
        conn.execute(pragma).fetchall()
    return conn


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (SQLite would follow the umask)."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """All statements inside commit together or not at all (nested calls use savepoints)."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
