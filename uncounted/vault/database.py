"""The SQLCipher database: opened with the raw vault key, never with a passphrase.

Settings that keep plaintext off the disk and the file consistent after a crash:

- ``PRAGMA key = "x'…'"`` with the raw 256-bit vault key, so SQLCipher skips its own KDF;
- the write-ahead log (``journal_mode=WAL``, ``synchronous=FULL``), whose frames SQLCipher
  encrypts like every page: a ``kill -9`` mid-transaction leaves uncommitted frames that the
  next open ignores, every commit is on disk when it returns, and readers never wait for the
  writer (the web app's twenty sessions read while one of them records an identity read);
- ``secure_delete=ON`` so freed pages are zeroed, and ``temp_store=MEMORY`` so sorts and
  temporary tables never reach a temporary file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from uncounted.errors import AccessDenied
from uncounted.messages import N_

Connection = Any  # sqlcipher3 ships no type information; this alias names what is meant


class VaultBusy(AccessDenied):
    """Raised when the vault stayed busy with other users' changes for longer than we wait."""


BUSY = N_("the vault is busy with other changes; try again in a moment")


#: How long a change waits for the other writers of this process before giving up (seconds);
#: the same as SQLite's ``busy_timeout`` for writers in other processes.
WRITE_WAIT_SECONDS = 10.0

_write_locks: dict[str, threading.RLock] = {}
_write_locks_guard = threading.Lock()


class _KeyedConnection(sqlcipher3.Connection):  # type: ignore[misc]  # the module is untyped
    """A connection that knows the in-process lock its database's writers queue on.

    SQLite lets one writer in at a time and makes the others poll, sleeping up to 100 ms
    between tries; with twenty web sessions recording identity reads, that polling, not the
    writes, made the slowest page take seconds. Writers of this process therefore queue on one
    lock per database file and reach SQLite's write lock one after the other, woken at once.
    """

    write_lock: threading.RLock


def _write_lock_for(path: str) -> threading.RLock:
    """The writers' lock of the database file at *path* (its own for a throwaway database)."""
    if path == ":memory:":
        return threading.RLock()
    with _write_locks_guard:
        return _write_locks.setdefault(str(Path(path).resolve()), threading.RLock())


class DatabaseLocked(AccessDenied):
    """Raised when the vault key does not open the database (a wrong or damaged vault key)."""


def open_database(path: Path | str, vault_key: bytes) -> Connection:
    """A keyed connection to the database at *path* (``":memory:"`` for a throwaway one)."""
    if str(path) != ":memory:":
        _create_private(Path(path))
    conn = sqlcipher3.connect(
        str(path), isolation_level=None, check_same_thread=False, factory=_KeyedConnection
    )
    conn.write_lock = _write_lock_for(str(path))
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()  # no noise on the user's stderr
    conn.execute(f"PRAGMA key = \"x'{vault_key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise DatabaseLocked(N_("the vault key does not open {path}"), path=path) from error
    for pragma in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
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


#: Values bound in one ``IN (...)`` at most: under SQLite's limit on a statement's variables.
IN_BATCH = 500


def rows_where_in(conn: Connection, query: str, values: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows of *query* for all *values*, asked :data:`IN_BATCH` at a time: *query* is fixed
    text whose ``IN ({marks})`` receives each batch's placeholders (the values are bound, never
    written into the text). One way to ask about many records at once (a revision's records,
    an import's cases, the audit trail's pseudonyms), where each asked it in its own loop."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(values), IN_BATCH):
        batch = tuple(values[start : start + IN_BATCH])
        text = query.format(marks=", ".join("?" * len(batch)))
        rows.extend(tuple(row) for row in conn.execute(text, batch).fetchall())
    return rows


def write_stamp(conn: Connection) -> tuple[int, int]:
    """What changes whenever anything is written to the database, by anyone: the commits of
    other connections, other processes' too (``PRAGMA data_version``), and the rows this
    connection changed (``total_changes``, rolled back or not). The same stamp twice: nothing
    was written in between, so whatever was read from the database then is still true."""
    (version,) = conn.execute("PRAGMA data_version").fetchone()
    return int(version), int(conn.total_changes)


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """All statements inside commit together or not at all (nested calls use savepoints).

    SQLite rolls the whole transaction back itself on some failures (a full disk): rolling
    back again failed with "cannot rollback - no transaction is active", which hid the
    failure ("database or disk is full") from the user and the trail (keywait)."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO nested")
                conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    lock = getattr(conn, "write_lock", None)
    if lock is not None and not lock.acquire(timeout=WRITE_WAIT_SECONDS):
        raise VaultBusy(BUSY)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        if lock is not None:
            lock.release()
