"""Benchmark: importing 100,000 sealed records versus plain sqlite3, and unlock time.

    .venv/bin/python benchmarks/vault_import.py [--rows 100000] [--repeat 3]

Both sides start from the same parsed rows (the intake's validated ``Record`` objects):

- vault: ``records.insert_records`` into a fresh SQLCipher vault: per record a random data key
  wrapped under the case key, the sealed fields encrypted, one transaction;
- plain: the same rows (identity in plaintext) into a plain ``sqlite3`` file with the same
  columns and index, one transaction, ``executemany``.

Parsing the CSV is timed once and reported apart (it is the same for both). Unlock is timed
with the default Argon2id parameters (libsodium MODERATE). Synthetic rows only.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("UNCOUNTED_INSECURE_FAST_KDF", "1")  # vault creation only; see unlock below

from uncounted.intake import read_records  # imported after the KDF setting on purpose
from uncounted.services import vaults
from uncounted.services.records import _SEALED_FIELDS as SEALED_FIELDS
from uncounted.services.records import draft_from_record
from uncounted.vault import kdf, keyring, keys, records

COLUMNS = [
    "record_id",
    "name",
    "name_original",
    "birth_date",
    "sex",
    "place",
    "event_date",
    "event_type",
    "testimony",
]


def write_list(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            writer.writerow(
                [
                    f"h{i}",
                    f"Testname{i} Syntheticov",
                    f"Тестимя{i} Синтетиков",
                    f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}",
                    "male" if i % 2 else "female",
                    "Grozny",
                    f"2017-0{1 + i % 9}-0{1 + i % 9}",
                    "detention",
                    f"Synthetic statement number {i} about a detention.",
                ]
            )


def plain_insert(path: Path, drafts: list[records.RecordDraft]) -> float:
    """The same rows into plain sqlite3: one column per field, identity in plaintext."""
    conn = sqlite3.connect(path, isolation_level=None)
    identity_columns = ", ".join(f"{name} TEXT" for name in SEALED_FIELDS)
    conn.execute(
        "CREATE TABLE records (id TEXT PRIMARY KEY, case_name TEXT, source TEXT,"
        " source_record_id TEXT, event_type TEXT, event_month TEXT, district TEXT,"
        f" sex TEXT, role TEXT, {identity_columns}, created_at TEXT)"
    )
    conn.execute("CREATE INDEX ix_records_case ON records (case_name)")
    marks = ", ".join("?" * (10 + len(SEALED_FIELDS)))
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO records VALUES ({marks})",
        (
            (
                os.urandom(16).hex(),
                d.case,
                d.source,
                d.source_record_id,
                d.event_type,
                d.event_month,
                d.district,
                d.analytic.get("sex"),
                d.analytic.get("role"),
                *(d.identity.get(name) for name in SEALED_FIELDS),
                "2026-01-01T00:00:00+00:00",
            )
            for d in drafts
        ),
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def vault_insert(path: Path, drafts: list[records.RecordDraft]) -> float:
    vaults.init_vault(path, "bench", "bench passphrase")
    with vaults.unlock(path, "bench", "bench passphrase") as session:
        started = time.perf_counter()
        records.insert_records(session, drafts, action="records.import")
        return time.perf_counter() - started


def unlock_time(repeat: int) -> tuple[float, kdf.KdfParams]:
    params = kdf.MODERATE
    secrets = keyring.UserSecrets(keys.random_key(), keys.new_key_pair()[0])
    entry = keyring.KeyringEntry.create("bench", "admin", secrets, "bench passphrase", params)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert entry.unwrap("bench passphrase") == secrets
        times.append(time.perf_counter() - started)
    return statistics.median(times), params


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uncounted-bench-") as work:
        root = Path(work)
        listing = root / "list.csv"
        write_list(listing, args.rows)
        started = time.perf_counter()
        parsed = read_records(listing, source="bench")
        parse = time.perf_counter() - started
        started = time.perf_counter()
        drafts = [draft_from_record(r) for r in parsed.records]
        convert = time.perf_counter() - started
        vault_times, plain_times = [], []
        for run in range(args.repeat):
            plain_times.append(plain_insert(root / f"plain{run}.db", drafts))
            vault_times.append(vault_insert(root / f"vault{run}", drafts))
        unlock, params = unlock_time(args.repeat)
    vault_median = statistics.median(vault_times)
    plain_median = statistics.median(plain_times)
    print(f"rows: {args.rows}  repeats: {args.repeat}  cores: {os.cpu_count()}")
    print(f"parse CSV (intake, same for both): {parse:.2f} s; Record -> draft: {convert:.2f} s")
    print(f"vault insert (sealed, SQLCipher): median {vault_median:.2f} s  runs {vault_times}")
    print(f"plain sqlite3 insert:             median {plain_median:.2f} s  runs {plain_times}")
    print(f"ratio vault/plain (insert): {vault_median / plain_median:.2f}x")
    total_vault = parse + convert + vault_median
    total_plain = parse + convert + plain_median
    print(f"ratio including parse + convert: {total_vault / total_plain:.2f}x")
    print(
        f"unlock (Argon2id opslimit={params.opslimit}, memlimit={params.memlimit // 2**20} MiB):"
        f" median {unlock:.2f} s"
    )


if __name__ == "__main__":
    main()
