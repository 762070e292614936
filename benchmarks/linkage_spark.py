"""The Spark backend against DuckDB on the same small world: time and identical clusters.

.venv/bin/python benchmarks/linkage_spark.py --people 2000

Prints the clusters of each, whether the partitions are the same, whether the output
records are the same byte for byte (cluster ids and probabilities), whether the trained
models are equal, and the largest difference in match probability over records and over
scored pairs.
"""

from __future__ import annotations

import argparse
import json
import time

import pandas as pd

from uncounted.intake.synthetic import as_text
from uncounted.linkage import LinkConfig, link_records
from uncounted.synth import WorldConfig, generate_world


def _partition(records: pd.DataFrame) -> set[frozenset[tuple[str, str]]]:
    return {
        frozenset(zip(group["source"], group["record_id"], strict=True))
        for _, group in records.groupby("cluster_id")
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    world = generate_world(WorldConfig(people=args.people, seed=args.seed))
    records = as_text(world.records)
    results = {}
    for backend in ("duckdb", "spark"):
        started = time.perf_counter()
        result = link_records(records, LinkConfig(backend=backend))  # type: ignore[arg-type]
        results[backend] = (time.perf_counter() - started, result)
    duck, spark = results["duckdb"][1], results["spark"][1]
    same = _partition(duck.records) == _partition(spark.records)
    probability_gap = (duck.records["match_probability"] - spark.records["match_probability"]).abs()
    pairs = duck.pairs.merge(spark.pairs, on=["left", "right"], how="outer")
    pair_gap = (pairs["match_probability_x"] - pairs["match_probability_y"]).abs()
    print(
        json.dumps(
            {
                "records": len(records),
                "duckdb_seconds": round(results["duckdb"][0], 1),
                "spark_seconds": round(results["spark"][0], 1),
                "duckdb_clusters": duck.clusters,
                "spark_clusters": spark.clusters,
                "identical_clusters": same,
                "identical_records_bytes": duck.records.to_csv(index=False)
                == spark.records.to_csv(index=False),
                "same_model": duck.summary["model"] == spark.summary["model"],
                "trained": duck.summary["model"].get("trained"),
                "max_match_probability_difference": round(float(probability_gap.max()), 6),
                "pairs_scored": [len(duck.pairs), len(spark.pairs)],
                "pairs_only_one_backend": int(pair_gap.isna().sum()),
                "max_pair_probability_difference": float(pair_gap.max()),
            }
        )
    )


if __name__ == "__main__":
    main()
