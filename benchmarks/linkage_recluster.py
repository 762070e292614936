"""Re-cluster the same scored pairs: a clustering change read on fixed scores, setting by setting.

``score`` links a world once (a random setting by seed, or the common-name world of
``benchmarks/linkage_scale.py`` by record count) and keeps what the clustering reads:
record positions in linking order, their lists, the traits, the scored pairs (positions,
probabilities, weights) and the generator's person numbers. No names are kept.
``cluster`` clusters every kept world again with the code as it stands and prints pairwise
precision, recall and F1 per world, and median and worst.

    python benchmarks/linkage_recluster.py score --setting 1000 --out /tmp/pairs
    python benchmarks/linkage_recluster.py score --records 100000 --seed 2 --out /tmp/pairs
    python benchmarks/linkage_recluster.py cluster /tmp/pairs/*.npz

``score`` links the records as the intake reads the lists' files (``--direct``: the
generator's frame), as ``benchmarks/linkage_misses.py`` does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_misses import _world, add_world_options

from uncounted.linkage import LinkConfig, link_records
from uncounted.linkage._clustering import ScoredPairs, Traits, cluster
from uncounted.linkage._link import linking_order


def _pairs_count(labels: npt.NDArray[np.int64]) -> int:
    _, counts = np.unique(labels, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def pairwise(labels: npt.NDArray[np.int64], person: npt.NDArray[np.int64]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of *labels* against *person* (both per record)."""
    predicted = _pairs_count(labels)
    true = _pairs_count(person)
    both = _pairs_count(labels * (int(person.max()) + 1) + person)
    precision, recall = both / max(predicted, 1), both / max(true, 1)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def score(args: argparse.Namespace) -> None:
    read, truth = _world(args)
    records = read.records
    config = LinkConfig()
    result = link_records(records, config)
    order = linking_order(records)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    frame = records.iloc[order].reset_index(drop=True)
    person = frame.merge(truth, on=["source", "record_id"], how="left")["person_id"]
    scored = result.pairs
    traits = result.traits
    assert traits is not None
    name = f"setting-{args.setting}" if args.setting is not None else f"world-{args.seed}"
    Path(args.out).mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        Path(args.out) / f"{name}.npz",
        sources=np.array(frame["source"].tolist(), dtype=str),
        person=person.astype("category").cat.codes.to_numpy(dtype=np.int64),
        left=back[scored["left"].to_numpy(dtype=np.int64)],
        right=back[scored["right"].to_numpy(dtype=np.int64)],
        probability=scored["match_probability"].to_numpy(dtype=np.float64),
        weight=scored["match_weight"].to_numpy(dtype=np.float64),
        given=traits.given,
        birth_low=traits.birth_low,
        birth_high=traits.birth_high,
        threshold=config.threshold,
        duplicate_threshold=config.duplicate_threshold,
    )
    labels = result.records.iloc[order]["cluster_id"].to_numpy(dtype=np.int64)
    print(
        json.dumps(
            {"world": name, **pairwise(labels, person.astype("category").cat.codes.to_numpy())}
        )
    )


def recluster(path: Path) -> dict[str, float]:
    kept = np.load(path, allow_pickle=False)
    pairs = ScoredPairs(kept["left"], kept["right"], kept["probability"], kept["weight"])
    traits = Traits(kept["given"], kept["birth_low"], kept["birth_high"])
    started = time.process_time()
    clusters = cluster(
        list(kept["sources"]),
        pairs,
        float(kept["threshold"]),
        duplicate_threshold=float(kept["duplicate_threshold"]),
        traits=traits,
    )
    seconds = time.process_time() - started
    return {**pairwise(clusters.labels, kept["person"]), "cpu_seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    scoring = commands.add_parser("score")
    add_world_options(scoring)
    scoring.add_argument("--out", required=True)
    clustering = commands.add_parser("cluster")
    clustering.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args()
    if args.command == "score":
        score(args)
        return
    rows = {path.stem: recluster(path) for path in sorted(args.paths)}
    for name, row in rows.items():
        print(
            f"{name:16} P {row['precision']:.4f} R {row['recall']:.4f} F1 {row['f1']:.4f}"
            f" {row['cpu_seconds']:.1f} s"
        )
    f1 = [row["f1"] for row in rows.values()]
    print(f"median {statistics.median(f1):.4f} worst {min(f1):.4f} mean {statistics.fmean(f1):.4f}")


if __name__ == "__main__":
    main()
