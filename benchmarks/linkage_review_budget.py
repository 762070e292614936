"""Where a review budget goes: which offered questions change the clustering, and what for.

Per random world setting (``uncounted.synth.random_world_config(seed)``), linked once with
no decision: the review's first *top* offered pairs (``review_pairs``, best first), each
answered from the truth. A question *changes the clustering* when the truth differs from
what the clustering does (a pair kept apart is one person, or a pair kept together is two
people); its *gain* is the F1 a clustering with that one decision has over the clustering
without it (``relink``). With a budget of 2% of records, four orders of the same offered
pairs are set side by side (sum of the single decisions' gains):

- ``ours``: the review's own order;
- ``fitted``: the chance of a change fitted to this very world's truth (a logistic
  regression on the pair's log odds, join or split, a cluster of two, the reasons of
  ``_review.DISCOUNTS``) times the record pairs the change moves: the best any order by the
  pair's score and those reasons could do, with its calibration known;
- ``known``: knowing which questions change the clustering (still weighed by the record
  pairs each moves);
- ``best``: the offered questions with the largest gains (what an oracle asks, among ours).

A last table gives, per kind of question (join or split, how it was found, score band),
how many were asked within the budget and how many of those and of all offered changed
the clustering.

    python benchmarks/linkage_review_budget.py --seeds 7009 7013 7016 7023 9015 9027
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_review import oracle

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import Decision, Decisions, LinkConfig, link_records, relink, review_pairs
from uncounted.linkage._review import _kept_apart
from uncounted.synth import generate_world, random_world_config

BANDS = (0.0, 0.02, 0.1, 0.2, 0.35, 0.5, 0.8, 1.0)


def f1(clusters: npt.NDArray[np.int64], people: npt.NDArray[np.object_]) -> float:
    """Pairwise F1 of *clusters* against *people* (from the counts of each cell)."""
    frame = pd.DataFrame({"c": clusters, "p": people})

    def pairs(sizes: npt.NDArray[np.integer]) -> int:
        return int((sizes * (sizes - 1) // 2).sum())

    hits = pairs(frame.groupby(["c", "p"]).size().to_numpy())
    precision = hits / max(pairs(frame.groupby("c").size().to_numpy()), 1)
    recall = hits / max(pairs(frame.groupby("p").size().to_numpy()), 1)
    return 2 * precision * recall / max(precision + recall, 1e-12)


def fitted_chance(features: npt.NDArray[np.float64], changed: npt.NDArray[np.bool_]) -> np.ndarray:
    """A logistic regression of *changed* on *features* (lightly regularised), its fit."""
    x = np.column_stack([np.ones(len(features)), features])
    y = changed.astype(np.float64)

    def loss(beta: npt.NDArray[np.float64]) -> float:
        z = x @ beta
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 1e-3 * beta @ beta)

    beta = minimize(loss, np.zeros(x.shape[1]), method="L-BFGS-B").x
    return np.asarray(1.0 / (1.0 + np.exp(-(x @ beta))))


def measure(seed: int, people: int, top: int) -> tuple[dict[str, float], pd.DataFrame]:
    """Gains of the four orders on setting *seed*, and every offered question's row."""
    world = generate_world(random_world_config(seed, people))
    records = read_as_uploaded(world).records
    person = records.merge(world.truth, on=["source", "record_id"])["person_id"].astype(str)
    people_of = person.to_numpy(dtype=object)
    config = LinkConfig(review_band=(0.02, 0.98))
    linked = link_records(records, config)
    budget = int(0.02 * len(records))
    clusters = linked.records["cluster_id"].to_numpy(dtype=np.int64)
    before = f1(clusters, people_of)
    offered = review_pairs(
        linked.records,
        linked.pairs,
        config.review_band,
        None,
        top,
        near_misses=linked.near_misses,
        given_names=linked.given_names,
        lists_with_duplicates=linked.lists_with_duplicates,
    )
    keys = zip(
        linked.records["source"].astype(str), linked.records["record_id"].astype(str), strict=True
    )
    position = {key: index for index, key in enumerate(keys)}
    left = np.array(
        [
            position[(str(s), str(r))]
            for s, r in zip(offered.source_l, offered.record_id_l, strict=True)
        ],
        dtype=np.int64,
    )
    right = np.array(
        [
            position[(str(s), str(r))]
            for s, r in zip(offered.source_r, offered.record_id_r, strict=True)
        ],
        dtype=np.int64,
    )
    probability = offered["match_probability"].to_numpy(dtype=np.float64)
    reasons = _kept_apart(
        linked.records,
        clusters,
        left,
        right,
        probability,
        linked.given_names,
        linked.lists_with_duplicates,
    )
    sizes = np.bincount(clusters)
    inside = clusters[left] == clusters[right]
    same = people_of[left] == people_of[right]
    changed = inside != same
    gain = np.zeros(len(offered))
    for index in np.flatnonzero(changed):
        a = (str(offered.source_l.iloc[index]), str(offered.record_id_l.iloc[index]))
        b = (str(offered.source_r.iloc[index]), str(offered.record_id_r.iloc[index]))
        again = relink(linked, config, Decisions((Decision(a, b, bool(same[index])),)))
        gain[index] = f1(again.records["cluster_id"].to_numpy(dtype=np.int64), people_of) - before
    moved = np.where(
        inside,
        np.maximum(sizes[clusters[left]] - 1, 1),
        sizes[clusters[left]] * sizes[clusters[right]],
    )
    score = np.clip(probability, 0.001, 1 - 1e-9)
    log_odds = np.log(score / (1 - score))
    features = np.column_stack(
        [
            np.where(inside, 0.0, log_odds),
            np.where(inside, log_odds, 0.0),
            inside,
            inside & (sizes[clusters[left]] <= 2),
            offered["found_by"].to_numpy() == "near-miss search",
            *reasons.values(),
        ]
    ).astype(np.float64)
    fitted = fitted_chance(features, changed) * moved

    def best_of(weight: npt.NDArray[np.float64]) -> float:
        order = np.lexsort((np.arange(len(weight)), -weight))[:budget]
        return float(gain[order].sum())

    found = {
        "before": before,
        "budget": float(budget),
        "ours": float(gain[:budget].sum()),
        "fitted": best_of(fitted),
        "known": best_of(changed * moved.astype(np.float64)),
        "best": best_of(gain),
        "oracle": oracle(linked, person, budget)[1],
        "asked changed": float(changed[:budget].sum()),
    }
    rows = pd.DataFrame(
        {
            "kind": np.where(inside, "split", "join"),
            "found_by": offered["found_by"].to_numpy(),
            "band": pd.cut(probability, [-0.01, *BANDS]).astype(str),
            "asked": np.arange(len(offered)) < budget,
            "changed": changed,
        }
    )
    return found, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[7009, 7013, 7016, 7023, 9015, 9027]
    )
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--top", type=int, default=800, help="offered pairs measured per setting")
    args = parser.parse_args()
    print(
        "| seed | F1 before | budget | asked that change | + ours | + fitted | + known "
        "| + best | oracle |\n|---|---|---|---|---|---|---|---|---|"
    )
    tables = []
    totals: collections.Counter[str] = collections.Counter()
    for seed in args.seeds:
        found, rows = measure(seed, args.people, args.top)
        tables.append(rows)
        totals.update({key: found[key] for key in ("ours", "fitted", "known", "best")})
        print(
            f"| {seed} | {found['before']:.4f} | {found['budget']:.0f} "
            f"| {found['asked changed']:.0f} | {found['ours']:.4f} | {found['fitted']:.4f} "
            f"| {found['known']:.4f} | {found['best']:.4f} | {found['oracle']:.4f} |",
            flush=True,
        )
    count = len(args.seeds)
    print(
        f"\nmean gain: ours {totals['ours'] / count:.4f}, fitted {totals['fitted'] / count:.4f}, "
        f"known {totals['known'] / count:.4f}, best {totals['best'] / count:.4f}"
    )
    every = pd.concat(tables, ignore_index=True)
    table = every.groupby(["kind", "found_by", "band"]).agg(
        offered=("changed", "size"),
        changed=("changed", "sum"),
        asked=("asked", "sum"),
        asked_changed=(
            "changed",
            lambda column: int(column[every.loc[column.index, "asked"]].sum()),
        ),
    )
    print("\n| kind | found by | score | offered | of them change | asked | of them change |")
    print("|---|---|---|---|---|---|---|")
    for key, row in table.iterrows():
        print(
            f"| {' | '.join(map(str, key))} | {row.offered} | {row.changed} "
            f"| {row.asked} | {row.asked_changed} |"
        )


if __name__ == "__main__":
    main()
