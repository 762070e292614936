"""Every vault migration goes up and down with data in the tables; head matches the code."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from vault_helpers import Vault, add_record

from uncounted.vault import keys, migrate, schema
from uncounted.vault.database import open_database

VAULT_REVISIONS = ["vault_0001"]


def _script() -> ScriptDirectory:
    return ScriptDirectory(str(Path(migrate.__file__).parent / "migrations"))


def test_the_chain_is_linear_and_starts_with_the_vaults_revisions() -> None:
    script = _script()
    assert script.get_heads() == [migrate.head_revision()]
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert chain[: len(VAULT_REVISIONS)] == VAULT_REVISIONS
    assert VAULT_REVISIONS[-1] == migrate.VAULT_HEAD


def test_migrated_database_matches_the_declared_tables(vault: Vault) -> None:
    with vault.unlock() as session:
        engine = migrate.engine_over(session.conn)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    # Tables added by later parts (e.g. the ledger) are theirs to check, not the vault's.
    ours = [
        d
        for d in differences
        if not (d[0] == "remove_table" and d[1].name not in schema.OWN_TABLES)
    ]
    assert ours == []


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
        assert tables & schema.OWN_TABLES == set()
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
        assert set(sqlalchemy.inspect(engine).get_table_names()) >= schema.OWN_TABLES
    finally:
        conn.close()
