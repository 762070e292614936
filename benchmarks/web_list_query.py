"""Benchmark: the records list's query, warm and after another session's commit (cold cache).

    .venv/bin/python benchmarks/web_list_query.py --vault DIR [--repeat 20]

DIR is a vault made by ``benchmarks/web_load.py`` (100,000 synthetic records, fast KDF). Each
commit by another connection empties this connection's page cache, and SQLCipher then decrypts
every page it reads again; every identity shown in the web app commits an audit entry, so under
load most list requests start cold. Measured in the same run, on the same filter (event type
and district, 51 rows):

- uncounted's query (``uncounted.vault.records``): each filter's rowids from its own index,
  intersected by SQLite, then only the rows shown read from the table, in rowid order;
- the peer, the query uncounted used before 2026-12-04: the filters as plain ``WHERE`` terms
  (SQLite picks one index and checks the other filter row by row in the table) and
  ``ORDER BY created_at, rowid`` (a sort of every matching row).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from uncounted.services import vaults
from uncounted.vault import records
from uncounted.vault.database import transaction

ADMIN, ADMIN_PASS = "admin", "benchmark admin passphrase"
USER, USER_PASS = "bench", "benchmark caseworker passphrase"
FILTER = records.RecordFilter(event_type="killing", district="ru-ce-grozny")
BEFORE = (
    records._SELECT  # the same columns; only the WHERE and ORDER BY differ
    + " WHERE r.event_type = ? AND r.district = ? ORDER BY r.created_at, r.rowid LIMIT 51"
)


def timed(run: Callable[[], object], before_each: Callable[[], None], repeat: int) -> float:
    """Median milliseconds of *run*, each time just after *before_each*."""
    times = []
    for _ in range(repeat):
        before_each()
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    where, values = records._where(FILTER)  # the query the list runs
    now = records._SELECT + where + " ORDER BY r.rowid LIMIT 51"
    with (
        vaults.unlock(args.vault, USER, USER_PASS) as reader,
        vaults.unlock(args.vault, ADMIN, ADMIN_PASS) as other,
    ):

        def commit_elsewhere() -> None:  # what an audit entry of another session does
            with transaction(other.conn):
                other.conn.execute("CREATE TABLE IF NOT EXISTS bench_touch (x)")
                other.conn.execute("INSERT INTO bench_touch VALUES (1)")

        try:
            queries = {
                "uncounted (index intersection, rowid order)": (now, values),
                "before (one index, rows checked, sorted by created_at)": (
                    BEFORE,
                    [FILTER.event_type, FILTER.district],
                ),
            }
            print("| query | cold ms (median) | warm ms (median) |")
            print("|---|---|---|")
            for name, (sql, params) in queries.items():
                run = lambda sql=sql, params=params: reader.conn.execute(sql, params).fetchall()  # noqa: E731
                run()
                cold = timed(run, commit_elsewhere, args.repeat)
                warm = timed(run, lambda: None, args.repeat)
                print(f"| {name} | {cold:.1f} | {warm:.1f} |")
        finally:
            with transaction(other.conn):
                other.conn.execute("DROP TABLE IF EXISTS bench_touch")


if __name__ == "__main__":
    main()
