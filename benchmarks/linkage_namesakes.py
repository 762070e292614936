"""How well the weight of an exact name follows the truth: a calibration table.

Every pair of records with the same folded full name (``name_key``) is put in a bin by
whether both records, one or neither give birth data, and by how many people the model
thinks hold the name (1 / the chance ``same_person_chance`` gives it: E[1/m] is what an
exact name alone scores, for a pair of two lists and, today, for a pair of one list). For
each bin: how many pairs, the model's chance (mean), the true share of pairs that are one
person, and, from the real linker's scored pairs, the share scored 0.5 or more, the share
of the true pairs among those (precision) and of the true pairs so scored (recall). Pairs
of two lists and pairs inside one list are counted apart. For tuning and looked-at
settings only: reading a report setting makes it no longer held out.

    python benchmarks/linkage_namesakes.py --setting 13001
    python benchmarks/linkage_namesakes.py --records 100000 --zipf 1.1 --seed 43

The records are read by the intake from each list's CSV file, as a user's are.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.linkage._link import linking_order
from uncounted.linkage._namesakes import same_person_chance
from uncounted.synth import WorldConfig, generate_world, random_world_config

# Bins of the people the model thinks hold a name (1 / chance).
_HOLDERS = (1.0, 1.25, 2.0, 4.0, 10.0, 30.0, np.inf)


def _world(args: argparse.Namespace) -> tuple[pd.DataFrame, pd.DataFrame]:
    if args.setting is not None:
        world = generate_world(random_world_config(args.setting, args.people))
    else:
        world = generate_world(WorldConfig.of_records(args.records, args.seed, args.zipf))
    return read_as_uploaded(world).records, world.truth


def name_pairs(features: pd.DataFrame) -> pd.DataFrame:
    """Every pair of records (positions, left < right) with the same ``name_key``."""
    keyed = features.loc[features["name_key"].notna(), ["name_key"]]
    keyed = keyed.assign(at=np.arange(len(features))[features["name_key"].notna().to_numpy()])
    pairs = keyed.merge(keyed, on="name_key", suffixes=("_l", "_r"))
    pairs = pairs.loc[pairs["at_l"] < pairs["at_r"]]
    return pairs.reset_index(drop=True)


def table(records: pd.DataFrame, truth: pd.DataFrame, link: bool = True) -> pd.DataFrame:
    """The calibration table of *records* (read by the intake) against *truth*."""
    order = linking_order(records)
    frame = records.iloc[order].reset_index(drop=True)
    person = frame.merge(truth, on=["source", "record_id"], how="left")["person_id"].to_numpy()
    features = build_features(frame)
    chance = same_person_chance(features)
    pairs = name_pairs(features)
    left, right = pairs["at_l"].to_numpy(), pairs["at_r"].to_numpy()
    birth = features["by_lo"].notna().to_numpy()
    sources = features["source"].to_numpy()
    both = birth[left].astype(int) + birth[right].astype(int)
    within = sources[left] == sources[right]
    model = chance.reindex(pairs["name_key"]).to_numpy()
    scored = np.zeros(len(pairs))
    if link:
        result = link_records(frame, LinkConfig(seed=0))
        found = result.pairs
        lookup = pd.Series(
            found["match_probability"].to_numpy(),
            index=pd.MultiIndex.from_arrays([found["left"], found["right"]]),
        )
        key = pd.MultiIndex.from_arrays([left, right])
        scored = lookup.reindex(key).fillna(0.0).to_numpy()
    frame_out = pd.DataFrame(
        {
            "within": within,
            "birth": np.array(["none", "one", "both"])[both],
            "holders": pd.cut(1.0 / model, _HOLDERS, right=False),
            "model": model,
            "truth": person[left] == person[right],
            "linked": scored >= 0.5,
        }
    )
    frame_out["true_linked"] = frame_out["truth"] & frame_out["linked"]
    grouped = frame_out.groupby(["within", "birth", "holders"], observed=True)
    out = grouped.agg(
        pairs=("truth", "size"),
        model=("model", "mean"),
        truth=("truth", "mean"),
        linked=("linked", "mean"),
        true_linked=("true_linked", "sum"),
        true_pairs=("truth", "sum"),
    )
    out["recall"] = out["true_linked"] / out["true_pairs"].clip(lower=1)
    out["precision"] = out["true_linked"] / (out["linked"] * out["pairs"]).clip(lower=1)
    return out.drop(columns=["true_linked"]).reset_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setting", type=int, help="a random setting (linkage_random.py)")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--records", type=int, default=100_000, help="a scale world's size")
    parser.add_argument("--seed", type=int, default=43, help="a scale world's seed")
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument("--no-link", action="store_true", help="the model's chance only")
    args = parser.parse_args()
    records, truth = _world(args)
    out = table(records, truth, link=not args.no_link)
    print(f"records: {len(records):,}")
    print(
        "| lists | birth | holders (model) | pairs | model chance | one person "
        "| scored >= 0.5 | precision | recall |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in out.itertuples():
        print(
            f"| {'one list' if row.within else 'two lists'} | {row.birth} | {row.holders} "
            f"| {row.pairs:,} | {row.model:.3f} | {row.truth:.3f} | {row.linked:.3f} "
            f"| {row.precision:.3f} | {row.recall:.3f} |"
        )


if __name__ == "__main__":
    main()
