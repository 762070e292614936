"""Time and peak memory of ``uncounted link`` on about 1,000,000 synthetic records.

Generates a world, writes its records CSV, then runs the real command in a child process
and reads the child's wall time and peak resident memory; scores the clusters against the
truth. Prints one JSON object: ``link_seconds`` is the linking (the 1,000,000-record target
is for that), ``read_seconds`` reading and checking the file by the intake, as for any
user's file, and ``link_wall_seconds`` the whole command (start, reading, linking, writing).

    .venv/bin/python benchmarks/linkage_scale.py --records 1000000
    .venv/bin/python benchmarks/linkage_scale.py --records 1000000 --zipf 1.1   # common names
    .venv/bin/python benchmarks/linkage_scale.py --records 100000 --zipf 1.1 --direct

``--direct`` links the generator's records as they are (the child reads the CSV as text with
pandas and calls ``link_records``, as the other linkage benchmarks did before 2026-12-06),
to compare with what the intake makes of them.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.synth import WorldConfig, generate_world

_DIRECT = """
import json, sys
import pandas as pd
from uncounted.linkage import LinkConfig, link_records
records = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
result = link_records(records, LinkConfig(backend=sys.argv[3]))
result.records.to_csv(sys.argv[2], index=False)
# into a file: DuckDB's progress bar for a long query is printed on this stdout
with open(sys.argv[4], "w", encoding="utf-8") as summary:
    json.dump({**result.summary, "read_seconds": None}, summary, default=str)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--backend", default="duckdb")
    parser.add_argument(
        "--zipf",
        type=float,
        default=0.0,
        help="given names drawn 1/rank^s (a common-name world, e.g. 1.1); 0: the table's",
    )
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the file read"
    )
    parser.add_argument(
        "--threshold", type=float, default=None, help="link at this probability (default: 0.5)"
    )
    args = parser.parse_args()
    if args.direct and args.threshold is not None:
        parser.error("--threshold is passed to `uncounted link`; --direct links without it")
    started = time.perf_counter()
    config = WorldConfig.of_records(args.records, args.seed, args.zipf)
    world = generate_world(config)
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="uncounted-bench-") as folder:
        written = world.write(Path(folder))
        clusters = Path(folder) / "clusters.csv"
        command = [
            sys.executable,
            "-m",
            "uncounted",
            "link",
            str(written.records),
            "-o",
            str(clusters),
            "--json",
            "--backend",
            args.backend,
        ]
        if args.threshold is not None:
            command += ["--threshold", str(args.threshold)]
        summary_file = Path(folder) / "summary.json"
        if args.direct:
            command = [sys.executable, "-c", _DIRECT, str(written.records), str(clusters)]
            command += [args.backend, str(summary_file)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            sys.exit(done.stderr)
        summary = json.loads(summary_file.read_text() if args.direct else done.stdout)
        linked = pd.read_csv(clusters, dtype=str, usecols=["source", "record_id", "cluster_id"])
    truth = world.truth.astype(str)
    score = pairwise_score(linked.merge(truth, on=["source", "record_id"]), "person_id")
    print(
        json.dumps(
            {
                "records": summary["records"],
                "read_by": "direct" if args.direct else "intake",
                "people": config.people,
                "sources": summary["sources"],
                "clusters": summary["clusters"],
                "pairs_compared": summary["pairs_compared"],
                "generate_seconds": round(generated, 1),
                "read_seconds": summary.get("read_seconds"),
                "link_seconds": summary["seconds"],
                "link_wall_seconds": round(seconds, 1),
                "link_peak_rss_gib": round(peak_kib / 2**20, 2),
                "link_cpu_seconds": summary.get("cpu_seconds"),
                # Whether EM's model was believed: at 991,149 records it was not, and the
                # default model scored every 1M figure before anyone saw it (eighth pass).
                "model_trained": summary.get("model", {}).get("trained"),
                "warnings": summary.get("warnings", []),
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
