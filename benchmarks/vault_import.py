"""Benchmark: importing 100,000 sealed records versus plain sqlite3, and unlock time.

    .venv/bin/python benchmarks/vault_import.py [--rows 100000] [--repeat 3]

Both sides start from the same parsed rows (the intake's validated ``Record`` objects):

- vault: ``records.insert_records`` into a fresh SQLCipher vault: per record a random data key
  wrapped under the case key, the sealed fields encrypted, one transaction (with the audit entry
  and its ledger commitment), the records table's primary key and five indexes (case, and the
  dashboard's event type, month, district and source);
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

from uncounted.intake import read_records
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


def plain_insert(path: Path, drafts: list[records.RecordDraft]) -> tuple[float, float]:
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
    started, cpu = time.perf_counter(), time.process_time()
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
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return elapsed


def vault_insert(path: Path, drafts: list[records.RecordDraft]) -> tuple[float, float]:
    kdf.DEFAULT = kdf.INSECURE_FAST_FOR_TESTS  # vault creation is not timed; see unlock_time
    vaults.init_vault(path, "bench", "bench passphrase")
    with vaults.unlock(path, "bench", "bench passphrase") as session:
        started, cpu = time.perf_counter(), time.process_time()
        records.insert_records(session, drafts, action="records.import")
        return time.perf_counter() - started, time.process_time() - cpu


def per_call_microseconds(repeat: int = 20_000) -> dict[str, float]:
    """What one wrapping costs: the alternatives of the key hierarchy, measured here."""
    case_key, data_key = keys.random_key(), keys.random_key()
    _, public = keys.new_key_pair()
    label = b"0123456789abcdef0123456789abcdef\x1fdata-key\x1f1"
    timings = {}
    for name, call in (
        (
            "AEAD wrap of a data key (this vault)",
            lambda: keys.secret_wrap(case_key, data_key, label),
        ),
        ("SealedBox wrap to one X25519 key", lambda: keys.sealed_wrap(public, data_key)),
    ):
        count = repeat if "AEAD" in name else repeat // 10
        started = time.perf_counter()
        for _ in range(count):
            call()
        timings[name] = (time.perf_counter() - started) / count * 1e6
    return timings


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
    load_before = os.getloadavg()
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
        vault_runs, plain_runs = [], []
        for run in range(args.repeat):
            plain_runs.append(plain_insert(root / f"plain{run}.db", drafts))
            vault_runs.append(vault_insert(root / f"vault{run}", drafts))
        unlock, params = unlock_time(args.repeat)
        micro = per_call_microseconds()
    load_after = os.getloadavg()
    print(f"rows: {args.rows}  repeats: {args.repeat}  cores: {os.cpu_count()}")
    before, after = (" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    print(f"load average (1, 5, 15 min) before: {before}; after: {after}")
    print(f"parse CSV (intake, same for both): {parse:.2f} s; Record -> draft: {convert:.2f} s")
    for label, index in (("wall", 0), ("CPU", 1)):
        vault_median = statistics.median(run[index] for run in vault_runs)
        plain_median = statistics.median(run[index] for run in plain_runs)
        overall = (parse + convert + vault_median) / (parse + convert + plain_median)
        print(
            f"{label}: vault insert (sealed, SQLCipher) median {vault_median:.2f} s;"
            f" plain sqlite3 median {plain_median:.2f} s;"
            f" ratio {vault_median / plain_median:.2f}x;"
            f" with parse + convert {overall:.2f}x"
        )
    print(f"runs (wall, CPU) vault: {vault_runs}")
    print(f"runs (wall, CPU) plain: {plain_runs}")
    for name, microseconds in micro.items():
        print(f"{name}: {microseconds:.1f} us per call")
    print(
        f"unlock (Argon2id opslimit={params.opslimit}, memlimit={params.memlimit // 2**20} MiB):"
        f" median {unlock:.2f} s"
    )


if __name__ == "__main__":
    main()
