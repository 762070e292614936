"""Benchmark: what a revision costs. A re-import that updates every row (each a new revision,
the old kept, one ledger leaf per revision) against the first import of the same rows, and one
record edited by hand.

    .venv/bin/python benchmarks/vault_revisions.py [--rows 5000] [--edits 20]

The first import stores each row once (``records.insert_records``); the update copies each
current row into ``record_revisions``, seals the new revision under a fresh data key and
appends its ledger leaf. Synthetic rows only.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from pathlib import Path

from uncounted.services import imports, records, revisions, vaults

PASSPHRASE = "benchmark passphrase, synthetic vault"
COLUMNS = ["record_id", "name", "birth_date", "sex", "event_date", "event_type"]


def write_list(path: Path, rows: int, suffix: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            writer.writerow(
                [
                    f"h{i}",
                    f"Testname{i} Syntheticov{suffix}",
                    f"19{60 + i % 40}",
                    "male" if i % 2 else "female",
                    f"2017-0{1 + i % 9}",
                    "detention",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        first, second = root / "first.csv", root / "second.csv"
        write_list(first, options.rows, "")
        write_list(second, options.rows, "a")
        vaults.init_vault(root / "vault", "bench", PASSPHRASE)
        with vaults.unlock(root / "vault", "bench", PASSPHRASE) as session:
            started = time.perf_counter()
            imports.import_file(session, first, source="list")
            inserted = time.perf_counter() - started
            started = time.perf_counter()
            summary = imports.import_file(session, second, source="list", existing="update")
            updated = time.perf_counter() - started
            assert summary.updated == options.rows
            record = records.list_records(session, limit=1)[0].record_id
            times = []
            for i in range(options.edits):
                started = time.perf_counter()
                revisions.edit_record(session, record, {"age": str(20 + i)})
                times.append(time.perf_counter() - started)
    print(f"rows: {options.rows}")
    print(f"first import: {inserted:.2f} s ({options.rows / inserted:,.0f} rows/s)")
    rate = options.rows / updated
    print(f"re-import, every row a new revision: {updated:.2f} s ({rate:,.0f} rows/s)")
    print(f"one edit by hand: median {statistics.median(times) * 1000:.1f} ms over {options.edits}")


if __name__ == "__main__":
    main()
