"""A vault as an earlier main made it, carried forward: what every migration's test does.

A schema change lands with a test that makes a vault as the previous main did (its database
stepped down to that main's newest migration, with data in it) and carries it forward to the
head (``docs/design.md``, "A new table or column"); these are the steps, in one place for
tests/vault, tests/web and tests/ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from uncounted.vault import migrate
from uncounted.vault.database import Connection, open_database


@contextmanager
def raw_database(vault_path: Path, key: bytes) -> Iterator[Connection]:
    """The vault's database opened directly with its *key*, past sessions and their upgrade:
    how a test steps the schema down to what an earlier main made, or reads what is stored."""
    conn = open_database(vault_path / "vault.db", key)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def previous_main(vault_path: Path, key: bytes, revision: str) -> Iterator[Connection]:
    """The vault's database as the main whose newest migration was *revision* made it: stepped
    down there and opened directly with the vault's *key* (as :func:`raw_database`), for the
    test to check what that schema lacks and to write what that main wrote. Every migration's
    test makes its vault so; it then carries it forward with :func:`carry_forward`, or leaves
    that to the next unlock, which upgrades as a new main does."""
    with raw_database(vault_path, key) as conn:
        migrate.downgrade(conn, revision)
        yield conn


def carry_forward(conn: Connection) -> None:
    """Upgrade *conn* (a vault of :func:`previous_main`) to the head, as the next main's
    unlock does, and check that it got there."""
    migrate.upgrade(conn)
    assert migrate.current_revision(conn) == migrate.head_revision()


def table_names(conn: Connection) -> set[str]:
    """The names of the database's tables."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
