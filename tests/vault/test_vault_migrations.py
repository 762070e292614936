"""Every vault migration goes up and down with data in the tables; head matches the code.

"Matches" covers every table of both databases, ``vault.db`` and the access log's ``access.db``.
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.schema import CreateTable
from vault_helpers import Vault, add_record

from uncounted.vault import keys, migrate, schema
from uncounted.vault.access_log import open_access_log
from uncounted.vault.database import Connection, open_database

SQLITE = sqlite_dialect()

VAULT_REVISIONS = ["vault_0001"]


def _script() -> ScriptDirectory:
    return ScriptDirectory(str(Path(migrate.__file__).parent / "migrations"))


def test_the_chain_is_linear_and_starts_with_the_vaults_revisions() -> None:
    script = _script()
    assert script.get_heads() == [migrate.head_revision()]
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert chain[: len(VAULT_REVISIONS)] == VAULT_REVISIONS
    assert VAULT_REVISIONS[-1] == migrate.VAULT_HEAD


def _differences(conn: Connection, metadata: sqlalchemy.MetaData) -> list[object]:
    engine = migrate.engine_over(conn)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": _defaults_differ}
        )
        return list(compare_metadata(context, metadata))


def _defaults_differ(
    context: object,
    inspected_column: object,
    metadata_column: object,
    inspected_default: str | None,
    metadata_default: object,
    rendered_metadata_default: str | None,
) -> bool:
    """Server defaults compared as SQL text without quotes and parentheses.

    Alembic's own comparison reports SQLite's ``('')`` as differing from an empty default.
    """

    def bare(text: str | None) -> str | None:
        return None if text is None else text.strip("()'\"")

    return bare(inspected_default) != bare(rendered_metadata_default)


def test_migrated_database_matches_the_declared_tables(vault: Vault) -> None:
    with vault.unlock() as session:
        assert _differences(session.conn, schema.metadata) == []
        tables = {
            name
            for (name,) in session.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    assert tables == set(schema.metadata.tables) | {"alembic_version"}


def test_the_access_log_is_made_exactly_as_declared(tmp_path: Path) -> None:
    conn = open_access_log(tmp_path / "access.db", keys.random_key())
    try:
        assert _differences(conn, schema.access_metadata) == []
        made = {
            name: _normal(sql)
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'")
            if not name.startswith("sqlite_")
        }
    finally:
        conn.close()
    # SQLite keeps the DDL access_log ran: it must be the declaration's, compiled (SQLite keeps
    # it without IF NOT EXISTS), so neither can drift alone
    compiled = {
        table.name: _normal(str(CreateTable(table).compile(dialect=SQLITE)))
        for table in schema.access_metadata.sorted_tables
    }
    assert made == compiled


def _normal(sql: str) -> str:
    return re.sub(r"\s*([(),])\s*", r"\1", " ".join(sql.split()))


def test_each_vault_revision_upgrades_and_downgrades_with_data(vault: Vault) -> None:
    with vault.unlock() as session:
        add_record(session, "case-a", "Migrationname Testov")
        before = session.conn.execute("SELECT count(*) FROM records").fetchone()[0]
        assert before == 1
        key = session.vault_key
    conn = open_database(vault.path / "vault.db", key)
    try:
        head = migrate.head_revision()
        migrate.downgrade(conn, VAULT_REVISIONS[-1])
        assert migrate.current_revision(conn) == VAULT_REVISIONS[-1]
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
        migrate.downgrade(conn, "base")
        assert migrate.current_revision(conn) is None
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables & set(schema.metadata.tables) == set()
        migrate.upgrade(conn, VAULT_REVISIONS[-1])
        conn.execute("INSERT INTO sources (name) VALUES ('after-downgrade')")
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == head
        assert conn.execute("SELECT name FROM sources").fetchall() == [("after-downgrade",)]
    finally:
        conn.close()


def test_a_fresh_database_upgrades_to_head() -> None:
    conn = open_database(":memory:", keys.random_key())
    try:
        migrate.ensure_current(conn)
        assert migrate.current_revision(conn) == migrate.head_revision()
        engine = migrate.engine_over(conn)
        assert set(sqlalchemy.inspect(engine).get_table_names()) >= set(schema.metadata.tables)
    finally:
        conn.close()


def test_the_replayed_schema_a_decoy_is_built_from_is_the_migrated_one() -> None:
    """A duress sign-in's decoy is made from ``fresh_schema`` (no Alembic, so it takes no
    longer than another sign-in); it must be the very database the migrations make."""

    def objects(conn: object) -> list[tuple[str, str, str]]:
        rows = conn.execute(  # type: ignore[attr-defined]
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    migrated = open_database(":memory:", keys.random_key())
    replayed = open_database(":memory:", keys.random_key())
    try:
        migrate.upgrade(migrated)
        migrate.create_fresh(replayed)
        assert objects(replayed) == objects(migrated)
        assert migrate.current_revision(replayed) == migrate.head_revision()
    finally:
        migrated.close()
        replayed.close()


def test_migrations_on_two_threads_at_once_do_not_undo_each_other() -> None:
    """A vault created while the fresh schema is worked out in the background (the web app
    starts that thread) once failed with "KeyError: 'script'": Alembic's proxies are global."""
    import threading

    failures: list[BaseException] = []

    def migrate_some() -> None:
        for _ in range(3):
            conn = open_database(":memory:", keys.random_key())
            try:
                migrate.upgrade(conn)
                migrate.downgrade(conn, "base")
            except BaseException as error:  # collected for the assertion below
                failures.append(error)
            finally:
                conn.close()

    threads = [threading.Thread(target=migrate_some) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
