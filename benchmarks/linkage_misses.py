"""Where the true pairs that linkage misses are lost: blocking, scoring or clustering.

For one world (a random setting by seed, or the common-name world of
``benchmarks/linkage_scale.py`` by record count) every true pair the clusters split is put
in one class:

- ``not_proposed``: no blocking key proposes it; ``capped`` among them: a key would have
  proposed it without the block-size cap;
- ``scored_low``: proposed, but its match probability is below the threshold;
- ``clustering``: scored at or above the threshold, yet the records end in two clusters.

Prints one JSON object with the counts (and the per-key counts of capped pairs).

    python benchmarks/linkage_misses.py --setting 1004
    python benchmarks/linkage_misses.py --records 100000 --zipf 1.1

The records are read by the intake from each list's CSV file, as a user's are
(``uncounted.intake.synthetic.read_as_uploaded``); ``--direct`` links the generator's frame instead.
Reading is timed apart (``read_seconds``); ``seconds`` is the link.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_random import true_pairs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import ReadRecords, read_as_uploaded
from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.linkage._blocking import block_keys, key_columns, proposed
from uncounted.synth import (
    WorldConfig,
    generate_world,
    random_world_config,
)


def _world(args: argparse.Namespace) -> tuple[ReadRecords, pd.DataFrame]:
    """The records of the world *args* name (as the intake reads them unless ``--direct``)
    and its truth."""
    if args.setting is not None:
        world = generate_world(random_world_config(args.setting, args.people))
    else:
        probe = WorldConfig(people=1000, seed=args.seed)
        people = int(args.records / probe.expected_records_per_person())
        world = generate_world(
            WorldConfig(people=people, seed=args.seed, given_name_zipf=args.zipf)
        )
    return read_as_uploaded(world, direct=args.direct), world.truth


def add_world_options(parser: argparse.ArgumentParser) -> None:
    """The options :func:`_world` reads."""
    parser.add_argument("--setting", type=int, default=None, help="random setting seed")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the files read"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_world_options(parser)
    args = parser.parse_args()
    read, truth = _world(args)
    records = read.records
    # Pairs down to 0.001 are kept (not only the review band's 0.1), so the weights of the
    # scored-low pairs can be read; the clustering is the same (it uses the threshold).
    config = LinkConfig(review_band=(0.001, 0.9))
    started = time.perf_counter()
    result = link_records(records, config)
    seconds = time.perf_counter() - started
    person = records.merge(truth, on=["source", "record_id"], how="left")["person_id"].to_numpy()
    left, right = true_pairs(person)
    labels = result.records["cluster_id"].to_numpy()
    score = pairwise_score(result.records.merge(truth, on=["source", "record_id"]), "person_id")
    missed = labels[left] != labels[right]
    features = build_features(records, config.extra_columns, config.block_cap)
    hit = proposed(features, left, right, same_source=config.within_source)
    pairs = result.pairs
    probability = dict(
        zip(
            zip(pairs["left"].to_numpy().tolist(), pairs["right"].to_numpy().tolist(), strict=True),
            pairs["match_probability"].to_numpy().tolist(),
            strict=True,
        )
    )
    scored = np.array(
        [probability.get((a, b), 0.0) for a, b in zip(left.tolist(), right.tolist(), strict=True)]
    )
    # Bits of evidence a scored-low pair lacked (0.5 is 0 bits; below 0.001 counted as more
    # than 10): a prior k times larger lifts the pairs within log2(k) bits.
    short = -np.log2(np.maximum(scored, 1e-300) / np.maximum(1.0 - scored, 1e-300))
    not_proposed = missed & ~hit
    scored_low = missed & hit & (scored < config.threshold)
    clustering = missed & hit & (scored >= config.threshold)
    uncapped = block_keys(features, cap=10**9)
    capped_by_key: dict[str, int] = {}
    any_uncapped = np.zeros(len(left), dtype=bool)
    for column in key_columns(uncapped):
        values = uncapped[column].to_numpy(dtype=np.float64, na_value=np.nan)
        agree = (values[left] == values[right]) & ~np.isnan(values[left])
        any_uncapped |= agree
        capped_by_key[column] = int((agree & not_proposed).sum())
    sexes = features["sex"].to_numpy(dtype=object)
    sex_conflict = pd.notna(sexes[left]) & pd.notna(sexes[right]) & (sexes[left] != sexes[right])
    same_source = records["source"].to_numpy()[left] == records["source"].to_numpy()[right]
    no_birth = features["by_lo"].isna().to_numpy()
    name_key = features["name_key"].to_numpy(dtype=object)
    same_name = pd.notna(name_key[left]) & (name_key[left] == name_key[right])
    bits = {}
    for low, high in ((0, 1), (1, 2), (2, 3), (3, 5), (5, 10), (10, np.inf)):
        inside = scored_low & (short > low) & (short <= high) & (scored > 0)
        bits[f"{low}-{high}"] = int(inside.sum())
    bits["not kept"] = int((scored_low & (scored == 0)).sum())
    print(
        json.dumps(
            {
                "records": len(records),
                "read_by": "direct" if args.direct else "intake",
                "read_seconds": round(read.seconds, 2),
                "seconds": round(seconds, 1),
                "cpu_seconds": result.summary["cpu_seconds"],
                "pairs_compared": result.summary["pairs_compared"],
                "pairs_per_record": round(result.summary["pairs_compared"] / len(records), 1),
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
                "true_pairs": len(left),
                "missed": int(missed.sum()),
                "not_proposed": int(not_proposed.sum()),
                "not_proposed_capped": int((not_proposed & any_uncapped).sum()),
                "not_proposed_same_source": int((not_proposed & same_source).sum()),
                "not_proposed_sex_conflict": int((not_proposed & sex_conflict).sum()),
                "capped_by_key": {k: v for k, v in capped_by_key.items() if v},
                "scored_low": int(scored_low.sum()),
                "scored_low_below_0.1": int((scored_low & (scored < 0.1)).sum()),
                "scored_low_a_birth_missing": int(
                    (scored_low & (no_birth[left] | no_birth[right])).sum()
                ),
                "scored_low_same_source": int((scored_low & same_source).sum()),
                "scored_low_same_name": int((scored_low & same_name).sum()),
                "scored_low_same_name_a_birth_missing": int(
                    (scored_low & same_name & (no_birth[left] | no_birth[right])).sum()
                ),
                "scored_low_bits_short": bits,
                "clustering": int(clustering.sum()),
                "clustering_same_source": int((clustering & same_source).sum()),
                "model": {
                    k: v for k, v in result.summary["model"].items() if not isinstance(v, dict)
                },
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
