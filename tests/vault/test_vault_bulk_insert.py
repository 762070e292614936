"""A large import rebuilds the records indexes inside its transaction: afterwards the dashboard
counts and the filtered lists are right and every index is back, and a crash mid-rebuild leaves
the vault exactly as it was. Synthetic records only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN, ADMIN_ENV, Vault, synthetic_rows, write_csv

from uncounted.services import records as record_service
from uncounted.vault import records
from uncounted.vault.database import Connection
from uncounted.vault.field_counts import field_counts

EVENT_TYPES = ("detention", "torture", "disappearance")
DISTRICTS = ("Grozny", "Argun", "Gudermes", None)


def drafts(count: int, start: int = 0) -> Iterator[records.RecordDraft]:
    """*count* synthetic drafts spread over cases, sources, event types, months and districts."""
    for i in range(start, start + count):
        yield records.RecordDraft(
            case=f"case-{i % 3}",
            source=f"list-{i % 4}",
            source_record_id=f"r{i}",
            event_type=EVENT_TYPES[i % 3],
            event_month=f"2017-{1 + i % 12:02d}",
            district=DISTRICTS[i % 4],
            analytic={"sex": "male" if i % 2 else "female"},
            identity={"name": f"Testname{i} Syntheticov", "birth_date": "1990-01-01"},
        )


def indexes(conn: Connection) -> list[tuple[object, ...]]:
    """Every index of records as SQLite lists it, with the statement that made it."""
    listed = sorted(tuple(row[1:]) for row in conn.execute("PRAGMA index_list(records)"))
    made = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    return [(*row, made.get(row[0])) for row in listed]


def test_large_import_keeps_counts_filters_and_indexes(
    vault: Vault, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with vault.unlock() as session:
        records.insert_records(session, drafts(30))  # a few records already there
        before = indexes(session.conn)
    assert {"ix_records_event_type", "ix_records_event_month", "ix_records_district"} <= {
        row[0] for row in before
    }

    rebuilt: list[int] = []
    original = records._drop_indexes

    def spy(conn: Connection) -> list[tuple[str, str]]:
        dropped = original(conn)
        rebuilt.append(len(dropped))
        return dropped

    monkeypatch.setattr(records, "_drop_indexes", spy)
    count = records.REBUILD_AFTER + 2 * records.BATCH + 7
    with vault.unlock() as session:
        ids = records.insert_records(session, drafts(count, start=30), action="records.import")
    assert len(ids) == count and rebuilt == [len(before) - 1]  # all but the primary key's

    # the importer's own path too: a CSV through the CLI, small enough to keep the indexes
    listing = write_csv(tmp_path / "more.csv", list(synthetic_rows(25, start=900_000)))
    assert cli("import", vault.path, listing, "--source", "more", env=ADMIN_ENV).code == 0
    assert rebuilt == [len(before) - 1]

    expected = list(drafts(30 + count))
    with vault.unlock() as session:
        conn = session.conn
        assert indexes(conn) == before
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT district, count(*) FROM records GROUP BY district"
            )
        )
        assert "COVERING INDEX ix_records_district" in plan

        counts = field_counts(conn)
        assert counts.total == len(expected) + 25
        assert counts.by_source == {**Counter(d.source for d in expected), "more": 25}
        conn.execute(
            "DELETE FROM records WHERE source_id = (SELECT id FROM sources WHERE name = 'more')"
        )
        counts = field_counts(conn)  # the drafts' records alone: every count exact
        assert counts.by_event_type == Counter(d.event_type for d in expected)
        assert counts.by_district == Counter(d.district for d in expected)
        assert counts.by_month == Counter(d.event_month for d in expected)

        shown = record_service.list_records(
            session, records.RecordFilter(event_type="torture", district="Argun", case="case-1")
        )
        wanted = [
            d
            for d in expected
            if (d.event_type, d.district, d.case) == ("torture", "Argun", "case-1")
        ]
        assert len(shown) == len(wanted) > 0
        assert sorted(v.identity["name"] for v in shown if v.identity) == sorted(
            d.identity["name"] for d in wanted
        )


def test_an_insert_smaller_than_the_table_updates_the_indexes_in_place(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "REBUILD_AFTER", 40)
    monkeypatch.setattr(records, "BATCH", 10)
    calls: list[int] = []
    original = records._drop_indexes
    monkeypatch.setattr(records, "_drop_indexes", lambda conn: calls.append(1) or original(conn))
    with vault.unlock() as session:
        records.insert_records(session, drafts(200))  # into an empty table: rebuilt
        assert len(calls) == 1
        records.insert_records(session, drafts(150, start=200))  # fewer than the 200 there
        assert len(calls) == 1
        records.insert_records(session, drafts(39, start=350))  # fewer than REBUILD_AFTER
        assert len(calls) == 1
        assert field_counts(session.conn).total == 389
        assert session.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


KILL_DURING_REBUILD = """
import os, signal, sys
from pathlib import Path
sys.path[:0] = [sys.argv[2], str(Path(sys.argv[2]).parent)]  # tests/vault, tests
from test_vault_bulk_insert import drafts
from uncounted.services import vaults
from uncounted.vault import records

records.REBUILD_AFTER, records.BATCH = 200, 50
build = records._build_indexes

def build_some_then_die(conn, indexes):
    build(conn, indexes[:2])  # two indexes built again, the others not yet
    print("rebuilding", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

records._build_indexes = build_some_then_die
with vaults.unlock(Path(sys.argv[1]), "{user}", os.environ["UNCOUNTED_PASSPHRASE"]) as session:
    records.insert_records(session, drafts(1000, start=100), action="records.import")
"""


@pytest.mark.slow
def test_kill_9_during_the_index_rebuild_leaves_the_vault_as_it_was(vault: Vault) -> None:
    with vault.unlock() as session:
        records.insert_records(session, drafts(100))
        before = indexes(session.conn)
        shown = [v.to_json() for v in record_service.list_records(session)]
        counts = field_counts(session.conn)

    env = {**os.environ, **ADMIN_ENV}
    script = KILL_DURING_REBUILD.replace("{user}", ADMIN)
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", script, str(vault.path), here],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout == "rebuilding\n"
    assert (vault.path / "vault.db-wal").exists()  # killed with the database open (WAL mode)

    with vault.unlock() as session:
        assert indexes(session.conn) == before
        assert session.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert [v.to_json() for v in record_service.list_records(session)] == shown
        assert field_counts(session.conn) == counts
    wal = vault.path / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # closing checkpointed and emptied it
