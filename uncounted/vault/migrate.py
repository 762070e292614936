"""Bring a keyed vault database to the schema this code expects, through Alembic.

SQLAlchemy drives the already-keyed ``sqlcipher3`` connection (a ``creator`` that hands it
over), so Alembic never sees the vault key. The chain is linear; :data:`VAULT_HEAD` is the last
revision written by the vault itself (later revisions, e.g. the ledger's, build on it).

Unlocking only needs to know whether the database is at the head: that is read with plain SQL
and a scan of the revision files, so Alembic and SQLAlchemy (about a second to import) are
loaded only when a migration actually runs.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from uncounted.vault.database import Connection

if TYPE_CHECKING:
    import sqlalchemy
    from alembic.config import Config

VAULT_HEAD = "vault_0001"
_SCRIPTS = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r'^revision = "([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision = (?:None|"([^"]+)")', re.MULTILINE)


def _config(connection: sqlalchemy.Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def engine_over(conn: Connection) -> sqlalchemy.Engine:
    """A SQLAlchemy engine whose only connection is the keyed *conn*."""
    import sqlalchemy
    import sqlcipher3
    from sqlalchemy.pool import StaticPool

    return sqlalchemy.create_engine(
        "sqlite://", module=sqlcipher3.dbapi2, creator=lambda: conn, poolclass=StaticPool
    )


@cache
def head_revision() -> str:
    """The newest revision in the chain (the vault's or a later part's)."""
    revisions: dict[str, str | None] = {}
    for path in (_SCRIPTS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision and down:
            revisions[revision.group(1)] = down.group(1)
    heads = set(revisions) - {down for down in revisions.values() if down}
    if len(heads) != 1:
        raise RuntimeError("the vault's migrations do not form one linear chain")
    return heads.pop()


def current_revision(conn: Connection) -> str | None:
    """The revision the database at *conn* is at (None for an empty database)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


_alembic_guard = threading.Lock()
"""One Alembic run at a time in this process: Alembic binds ``alembic.op`` and
``alembic.context`` as module-level proxies for the run in progress, so two runs on two
threads (a vault being created while :func:`warm_fresh_schema` works in the background) undo
each other's bindings mid-migration ("KeyError: 'script'", "no such table")."""


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Apply migrations up to *revision*."""
    from alembic import command

    with _alembic_guard, engine_over(conn).begin() as connection:
        command.upgrade(_config(connection), revision)


def downgrade(conn: Connection, revision: str) -> None:
    """Undo migrations down to *revision* (``"base"`` for an empty database)."""
    from alembic import command

    with _alembic_guard, engine_over(conn).begin() as connection:
        command.downgrade(_config(connection), revision)


def ensure_current(conn: Connection) -> None:
    """Upgrade *conn* when it is behind the head; do nothing (and write nothing) otherwise."""
    if current_revision(conn) != head_revision():
        upgrade(conn)


_fresh: tuple[tuple[str, ...], str] | None = None
_fresh_guard = threading.Lock()


def fresh_schema() -> tuple[tuple[str, ...], str]:
    """The SQL that makes an empty database at the head revision (without running Alembic),
    and that revision.

    Worked out once per process (the migrations run on a throwaway in-memory database; the
    first call imports Alembic, about a second) and then replayed in milliseconds: the decoy
    vault of a duress sign-in is built from it, so that sign-in takes no longer than another.
    """
    global _fresh
    with _fresh_guard:
        if _fresh is None:
            from uncounted.vault.database import open_database  # this module is imported by it

            conn = open_database(":memory:", bytes(32))
            try:
                upgrade(conn)
                rows = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
                ).fetchall()
                version = current_revision(conn)
            finally:
                conn.close()
            _fresh = (tuple(str(row[0]) for row in rows), str(version))
        return _fresh


def warm_fresh_schema() -> None:
    """Work out :func:`fresh_schema` on a background thread, unless it is known already."""
    if _fresh is None:
        threading.Thread(target=fresh_schema, name="uncounted-fresh-schema", daemon=True).start()


def create_fresh(conn: Connection) -> None:
    """Make the empty database at *conn* what :func:`upgrade` would, from :func:`fresh_schema`."""
    statements, version = fresh_schema()
    for statement in statements:
        conn.execute(statement)
    conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (version,))
