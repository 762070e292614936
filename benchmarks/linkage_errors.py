"""The errors of one random setting, pair by pair: which true pairs were missed and why,
which false pairs were clustered, with the (synthetic) records and their name keys.

Each missed true pair is put in one class (``not_proposed`` by any blocking key,
``scored_low``: proposed but below the threshold, ``clustering``: above it, left apart)
with tags: surname keys equal (``sn=``) or not, given names equal (``gn=``), only the
initials' sound equal (``gn~``), a birth missing on one side (``nobirth``), both records
of one list (``samesrc``). Each false pair inside a cluster is tagged the same way. Counts
per class and tag close each part. For tuning settings only: reading the errors of a
report setting makes it no longer held out.

    python benchmarks/linkage_errors.py --setting 1004 --show 30

The records are read by the intake from each list's CSV file, as a user's are
(``uncounted.intake.synthetic.read_as_uploaded``; places are shown as the gazetteer codes the intake
stored); ``--direct`` links the generator's frame instead.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_random import true_pairs

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.linkage._blocking import proposed
from uncounted.synth import (
    describe_setting,
    generate_world,
    random_world_config,
)


def _tags(a: pd.Series, b: pd.Series, same_source: bool) -> str:
    tags = ["sn=" if a.sn == b.sn else "sn!"]
    tags.append("gn=" if a.gn == b.gn else ("gn~" if a.gi == b.gi else "gn!"))
    if pd.isna(a.by_lo) or pd.isna(b.by_lo):
        tags.append("nobirth")
    if same_source:
        tags.append("samesrc")
    return " ".join(tags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setting", type=int, required=True)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--show", type=int, default=25, help="pairs printed per part")
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the files read"
    )
    args = parser.parse_args()
    setting = random_world_config(args.setting, args.people)
    world = generate_world(setting)
    records = read_as_uploaded(world, direct=args.direct).records
    config = LinkConfig(seed=0)
    result = link_records(records, config)
    linked = result.records.merge(world.truth, on=["source", "record_id"])
    features = build_features(linked[records.columns.tolist()], config.extra_columns)
    person = linked["person_id"].to_numpy()
    labels = linked["cluster_id"].to_numpy()
    sources = linked["source"].to_numpy()
    left, right = true_pairs(person)
    missed = labels[left] != labels[right]
    hit = proposed(features, left, right, same_source=config.within_source)
    scored = result.pairs
    pair_keys = zip(scored["left"].tolist(), scored["right"].tolist(), strict=True)
    probability = dict(zip(pair_keys, scored["match_probability"].tolist(), strict=True))

    def chance(a: int, b: int) -> float:
        return float(probability.get((a, b), probability.get((b, a), 0.0)))

    def show(i: int) -> str:
        r, f = linked.iloc[i], features.iloc[i]
        return (
            f"   {r.source} | {r['name']} | {r.birth_date or r.age} | {r.sex} | {r.place} "
            f"| {r.event_date} [sn={f.sn} gn={f.gn} gi={f.gi} pn={f.pn}]"
        )

    print(f"{describe_setting(setting)}; {len(linked):,} records")
    print(f"missed true pairs: {int(missed.sum())}")
    classes: collections.Counter[str] = collections.Counter()
    for k in np.flatnonzero(missed).tolist():
        a, b = int(left[k]), int(right[k])
        p = chance(a, b)
        kind = (
            "not_proposed"
            if not hit[k]
            else ("scored_low" if p < config.threshold else "clustering")
        )
        tags = _tags(features.iloc[a], features.iloc[b], sources[a] == sources[b])
        classes[f"{kind} {tags}"] += 1
        if sum(classes.values()) <= args.show:
            print(f"{kind} p={p:.3f} {tags}\n{show(a)}\n{show(b)}")
    for name, count in classes.most_common():
        print(f"{count:5d} {name}")
    false: collections.Counter[str] = collections.Counter()
    for members in linked.groupby("cluster_id").indices.values():
        for i, a in enumerate(members.tolist()):
            for b in members[i + 1 :].tolist():
                if person[a] == person[b]:
                    continue
                tags = _tags(features.iloc[a], features.iloc[b], sources[a] == sources[b])
                false[tags] += 1
                if sum(false.values()) <= args.show:
                    print(f"false p={chance(a, b):.3f} {tags}\n{show(a)}\n{show(b)}")
    print(f"false pairs in clusters: {sum(false.values())}")
    for name, count in false.most_common():
        print(f"{count:5d} {name}")


if __name__ == "__main__":
    main()
