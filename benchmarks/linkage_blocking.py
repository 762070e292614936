"""Blocking alone at scale: how many true pairs the keys propose, and at what cost.

The common-name world of ``benchmarks/linkage_scale.py`` (Zipf given names, 6 lists) is
made for a record count, its comparison table built (every blocking key, capped), and
then, without any scoring:

- ``completeness``: the share of true pairs some key proposes (sex not conflicting);
- ``lost_to_cap``: true pairs no key proposes that some key would without the size cap;
  ``lost_to_cap_by_dates``: those by what the two records' dates let the cap's refinement
  do (``linkage_misses.cap_dates``);
- ``key_pairs``: pairs the keys make, summed over keys (a pair two keys propose counts
  twice), and per record; with ``--distinct``, the distinct pairs (what Splink compares);
- ``records_per_name``, ``share_in_names_over_cap``: how crowded the names are;
- ``features_seconds`` and the process's peak resident memory.

Prints one JSON object. Scoring the same world takes minutes to hours at a million records;
this takes the generation's time and a little more, so the cap's effect on recall can be
read at every size.

    python benchmarks/linkage_blocking.py --records 100000 --zipf 1.1
    python benchmarks/linkage_blocking.py --records 1000000 --zipf 1.1 --cap 80
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_misses import CAP_DATES, cap_dates
from linkage_random import true_pairs

from uncounted.linkage import build_features
from uncounted.linkage._blocking import DEFAULT_CAP, block_keys, key_columns, proposed
from uncounted.synth import WorldConfig, generate_world


def _distinct_pairs(features: pd.DataFrame) -> int:
    """Distinct pairs agreeing on one key or more, sex not conflicting (DuckDB)."""
    import duckdb

    columns = key_columns(features)
    table = features[["unique_id", "sex", *columns]].astype(
        {column: "float64" for column in columns}
    )
    connection = duckdb.connect(":memory:")
    connection.register("f", table)
    union = " union ".join(
        f"select l.unique_id as a, r.unique_id as b from f l join f r on l.{c} = r.{c} "
        "and l.unique_id < r.unique_id "
        "where l.sex is null or r.sex is null or l.sex = r.sex"
        for c in columns
    )
    found = connection.execute(f"select count(*) from ({union})").fetchone()
    connection.close()
    return int(found[0]) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument("--cap", type=int, default=DEFAULT_CAP)
    parser.add_argument("--distinct", action="store_true", help="count distinct pairs (DuckDB)")
    args = parser.parse_args()
    world = generate_world(WorldConfig.of_records(args.records, args.seed, args.zipf))
    records = world.records.astype(object).where(world.records.notna(), "").astype(str)
    started = time.perf_counter()
    features = build_features(records, block_cap=args.cap)
    seconds = time.perf_counter() - started
    person = records.merge(world.truth, on=["source", "record_id"], how="left")["person_id"]
    left, right = true_pairs(person.to_numpy())
    hit = proposed(features, left, right)
    sexes = features["sex"].to_numpy(dtype=object)
    conflict = pd.notna(sexes[left]) & pd.notna(sexes[right]) & (sexes[left] != sexes[right])
    uncapped = block_keys(features, cap=10**9)
    would = np.zeros(len(left), dtype=bool)
    for column in key_columns(uncapped):
        values = uncapped[column].to_numpy(dtype=np.float64, na_value=np.nan)
        would |= (values[left] == values[right]) & ~np.isnan(values[left])
    lost = ~hit & ~conflict & would
    dates = cap_dates(features, left[lost], right[lost])
    per_key = {}
    for column in key_columns(features):
        sizes = features[column].value_counts().to_numpy(dtype=np.float64)
        per_key[column] = int((sizes * (sizes - 1) / 2).sum())
    key_pairs = sum(per_key.values())
    names = features["name_key"].dropna()
    held = names.map(names.value_counts())
    found = {
        "records": len(records),
        # How crowded the names are: records per distinct full name, and the share of
        # records whose exact full name more than `cap` records hold.
        "records_per_name": round(len(names) / max(names.nunique(), 1), 2),
        "share_in_names_over_cap": round(float((held > args.cap).mean()), 4),
        "seed": args.seed,
        "cap": args.cap,
        "features_seconds": round(seconds, 1),
        "true_pairs": len(left),
        "completeness": round(float(hit[~conflict].mean()), 5),
        "not_proposed": int((~hit & ~conflict).sum()),
        "lost_to_cap": int(lost.sum()),
        "lost_to_cap_by_dates": {kind: int((dates == kind).sum()) for kind in CAP_DATES},
        "key_pairs": key_pairs,
        "key_pairs_per_record": round(key_pairs / len(records), 1),
        "largest_key_pairs": dict(sorted(per_key.items(), key=lambda kv: -kv[1])[:6]),
    }
    if args.distinct:
        distinct = _distinct_pairs(features)
        found["distinct_pairs"] = distinct
        found["distinct_pairs_per_record"] = round(distinct / len(records), 1)
    found["peak_rss_gib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
