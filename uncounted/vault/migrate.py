"""Bring a keyed vault database to the schema this code expects, through Alembic.

SQLAlchemy drives the already-keyed ``sqlcipher3`` connection (a ``creator`` that hands it
over), so Alembic never sees the vault key. The chain is linear; :data:`VAULT_HEAD` is the last
revision written by the vault itself (later revisions, e.g. the ledger's, build on it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy
import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.pool import StaticPool

from uncounted.vault.database import Connection

VAULT_HEAD = "vault_0001"
_SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config(connection: sqlalchemy.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def engine_over(conn: Connection) -> sqlalchemy.Engine:
    """A SQLAlchemy engine whose only connection is the keyed *conn*."""
    return sqlalchemy.create_engine(
        "sqlite://", module=sqlcipher3.dbapi2, creator=lambda: conn, poolclass=StaticPool
    )


@cache
def head_revision() -> str:
    """The newest revision in the chain (the vault's or a later part's)."""
    head = ScriptDirectory(str(_SCRIPTS)).get_current_head()
    if head is None:
        raise RuntimeError("the vault has no migrations")
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database at *conn* is at (None for an empty database)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Apply migrations up to *revision*."""
    with engine_over(conn).begin() as connection:
        command.upgrade(_config(connection), revision)


def downgrade(conn: Connection, revision: str) -> None:
    """Undo migrations down to *revision* (``"base"`` for an empty database)."""
    with engine_over(conn).begin() as connection:
        command.downgrade(_config(connection), revision)


def ensure_current(conn: Connection) -> None:
    """Upgrade *conn* when it is behind the head; do nothing (and write nothing) otherwise."""
    if current_revision(conn) != head_revision():
        upgrade(conn)
