"""Linkage quality over many random world settings, so no figure comes from one tuned world.

Each setting is drawn by ``uncounted.synth.random_world_config`` from its own seed (seeds S,
S+1, ..., S+settings-1): lists, scripts and romanisations, fields, every kind of error,
within-list duplicates, siblings and common-name skew. Tune on one seed range, report on a
disjoint one (docs/benchmarks.md says which was which). Every setting runs in a fresh
process, so its peak memory is its own.

    python benchmarks/linkage_random.py --settings 30 --seed 5000
    python benchmarks/linkage_random.py --settings 30 --seed 5000 --direct   # the old way

The records are what a user's files give: each list written as a CSV file and read back by
the intake (``uncounted.intake.synthetic.read_as_uploaded``: places as gazetteer codes, sex
as codes),
as ``uncounted link`` and the register read them; ``--direct`` hands the generator's frame
to ``link_records`` instead, as before 2026-12-06. Reading is timed apart from linking.

Per setting and overall (median and worst): pairwise precision, recall and F1, pair
completeness of blocking (share of true pairs that any blocking key proposes), reduction
ratio (1 - pairs compared / all pairs), seconds linking, seconds reading the files, and
peak memory.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import multiprocessing
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.linkage._blocking import proposed
from uncounted.synth import (
    describe_setting,
    generate_world,
    random_world_config,
)


@dataclass(frozen=True)
class Row:
    seed: int
    setting: str
    records: int
    precision: float
    recall: float
    f1: float
    completeness: float
    reduction: float
    seconds: float
    read_seconds: float
    peak_mb: float


def true_pairs(person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of record positions about the same person."""
    left: list[int] = []
    right: list[int] = []
    order = pd.Series(np.arange(len(person))).groupby(person)
    for _, positions in order:
        for a, b in itertools.combinations(positions.to_list(), 2):
            left.append(a)
            right.append(b)
    return np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)


def run_setting(seed: int, people: int, config: LinkConfig, direct: bool = False) -> Row:
    setting = random_world_config(seed, people)
    world = generate_world(setting)
    read = read_as_uploaded(world, direct=direct)
    records = read.records
    started = time.perf_counter()
    result = link_records(records, config)
    seconds = time.perf_counter() - started
    clustered = result.records.merge(world.truth, on=["source", "record_id"])
    score = pairwise_score(clustered, "person_id")
    features = build_features(records, config.extra_columns, config.block_cap)
    person = records.merge(world.truth, on=["source", "record_id"])["person_id"].to_numpy()
    left, right = true_pairs(person)
    hit = proposed(features, left, right, same_source=config.within_source)
    n = len(records)
    all_pairs = n * (n - 1) / 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Row(
        seed=seed,
        setting=describe_setting(setting),
        records=n,
        precision=score.precision,
        recall=score.recall,
        f1=score.f1,
        completeness=float(hit.mean()) if len(hit) else 1.0,
        reduction=1.0 - result.summary["pairs_compared"] / max(all_pairs, 1),
        seconds=seconds,
        read_seconds=read.seconds,
        peak_mb=peak,
    )


def _fresh(seed: int, people: int, config: LinkConfig, direct: bool) -> Row:
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(run_setting, seed, people, config, direct).result()


def _summary(rows: list[Row]) -> None:
    print()
    print("| measure | median | worst | worst setting (seed) |")
    print("|---|---|---|---|")
    for name, worst in (
        ("f1", min),
        ("precision", min),
        ("recall", min),
        ("completeness", min),
        ("reduction", min),
        ("seconds", max),
        ("read_seconds", max),
        ("peak_mb", max),
    ):
        values = [getattr(row, name) for row in rows]
        bad = worst(rows, key=lambda row, n=name: getattr(row, n))
        print(
            f"| {name} | {statistics.median(values):.4f} | {getattr(bad, name):.4f} | {bad.seed} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", type=int, default=30)
    parser.add_argument("--seed", type=int, default=5000)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--cap", type=int, default=LinkConfig().block_cap)
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the files read"
    )
    args = parser.parse_args()
    config = LinkConfig(seed=0, block_cap=args.cap)
    print(
        "records: " + ("the generator's frame (--direct)" if args.direct else "read by the intake")
    )
    print(
        "| seed | setting | records | precision | recall | F1 | pair completeness "
        "| reduction ratio | seconds | read s | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    rows: list[Row] = []
    for seed in range(args.seed, args.seed + args.settings):
        row = _fresh(seed, args.people, config, args.direct)
        rows.append(row)
        print(
            f"| {row.seed} | {row.setting} | {row.records:,} | {row.precision:.4f} "
            f"| {row.recall:.4f} | {row.f1:.4f} | {row.completeness:.4f} | {row.reduction:.5f} "
            f"| {row.seconds:.1f} | {row.read_seconds:.2f} | {row.peak_mb:.0f} |",
            flush=True,
        )
    _summary(rows)


if __name__ == "__main__":
    main()
