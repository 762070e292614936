"""Can a reviewer's decision teach the model about the pairs like it? (issue 12, item 5)

A decision binds its own pair in the clustering. This asks whether it could also weigh on
every pair of the same kind (the same agreement pattern, ``LinkResult.pairs["pattern"]``;
one list or two; with ``--bin B``, model weights within the same B bits), and measures,
per random setting (``uncounted.synth.random_world_config(seed)``, read by the intake as a
user's lists are):

1. calibration near the threshold: of the scored pairs at 0.2-0.8, the mean probability
   against the share that are one person;
2. the ceiling of any such teaching: F1 before review when every kind of pair with a pair
   at 0.1-0.9 is shifted (one shift of log2 odds per kind) to fit the truth of all its
   pairs, as if a reviewer had judged every pair;
3. a perfect reviewer at 2% of records' worth of pairs, 4 rounds (as
   ``linkage_review.py``), each round re-clustered with the decisions (``relink``), and the
   same with the decisions also shifting their kinds: each kind's shift the one that best
   explains its decided pairs given the model's scores of them, under a normal prior of
   spread ``--spread`` bits (a maximum a posteriori fit, from no shift);
4. what the plain review leaves wrong, in record pairs: false joins of namesakes (surname
   and given name read alike), of siblings (one family), other; misses never scored
   (no blocking key, or under the floor kept), scored under the threshold, or scored above
   it and kept apart by the clustering.

    python benchmarks/linkage_review_teach.py --seeds 1008 7009 7013 --spread 1 --bin 1

Deterministic: the same records and decisions give the same shifts and clusters.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import math
import statistics
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_review import judge_offered, oracle
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import (
    Decision,
    Decisions,
    LinkConfig,
    LinkResult,
    build_features,
    link_records,
    relink,
)
from uncounted.synth import generate_world, random_world_config

_LN2 = math.log(2.0)


def kinds_of(
    pairs: pd.DataFrame, sources: npt.NDArray[np.object_], bin_bits: float
) -> npt.NDArray[np.int64]:
    """Each scored pair's kind: its pattern, one list or two, and (bin_bits > 0) its model
    weight's bin."""
    left = pairs["left"].to_numpy(dtype=np.int64)
    right = pairs["right"].to_numpy(dtype=np.int64)
    same = (sources[left] == sources[right]).astype(np.int64)
    kinds = pairs["pattern"].to_numpy(dtype=np.int64) * 2 + same
    if bin_bits > 0:
        weight = pairs["match_weight"].to_numpy(dtype=np.float64)
        kinds = (
            kinds * 1000 + np.clip(np.floor(weight / bin_bits), -499, 499).astype(np.int64) + 500
        )
    return kinds


def fitted_shift(
    weights: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_], spread: float
) -> float:
    """The shift of log2 odds best explaining *labels* of pairs scored *weights*, under a
    normal prior of *spread* bits (Newton's method on a concave posterior)."""
    y = labels.astype(np.float64)
    shift = 0.0
    for _ in range(60):
        z = np.clip(_LN2 * (weights + shift), -60.0, 60.0)
        chance = 1.0 / (1.0 + np.exp(-z))
        gradient = _LN2 * float((y - chance).sum()) - shift / spread**2
        curvature = _LN2**2 * float((chance * (1.0 - chance)).sum()) + 1.0 / spread**2
        step = gradient / curvature
        shift += step
        if abs(step) < 1e-9:
            break
    return shift


def shifted(
    result: LinkResult, kinds: npt.NDArray[np.int64], shifts: dict[int, float]
) -> LinkResult:
    """*result* with each kind's shift added to its pairs' weights (probabilities to match)."""
    pairs = result.pairs
    if not shifts:
        return result
    add = np.array([shifts.get(int(kind), 0.0) for kind in kinds], dtype=np.float64)
    weight = pairs["match_weight"].to_numpy(dtype=np.float64) + add
    small = np.exp2(-np.abs(weight))
    probability = np.where(weight >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    moved = add != 0
    probability = np.where(moved, probability, pairs["match_probability"].to_numpy())
    return dataclasses.replace(
        result, pairs=pairs.assign(match_weight=weight, match_probability=probability)
    )


def taught_shifts(
    pairs: pd.DataFrame,
    kinds: npt.NDArray[np.int64],
    decided: list[Decision],
    spread: float,
) -> dict[int, float]:
    """Each decided kind's shift, from its decided scored pairs."""
    verdict = {frozenset((d.left, d.right)): d.match for d in decided}
    keys = [
        frozenset(((a, b), (c, d)))
        for a, b, c, d in zip(
            pairs["source_l"].astype(str),
            pairs["record_id_l"].astype(str),
            pairs["source_r"].astype(str),
            pairs["record_id_r"].astype(str),
            strict=True,
        )
    ]
    found: dict[int, tuple[list[float], list[bool]]] = {}
    weights = pairs["match_weight"].to_numpy(dtype=np.float64)
    for at, key in enumerate(keys):
        if key in verdict:
            w, y = found.setdefault(int(kinds[at]), ([], []))
            w.append(float(weights[at]))
            y.append(verdict[key])
    return {
        kind: fitted_shift(np.array(w), np.array(y, dtype=bool), spread)
        for kind, (w, y) in sorted(found.items())
    }


def review_loop(
    linked: LinkResult,
    config: LinkConfig,
    truth: dict[tuple[str, str], str],
    person: npt.NDArray[np.object_],
    budget: int,
    rounds: int,
    teach: tuple[float, float] | None,
) -> LinkResult:
    """The perfect reviewer's rounds; with *teach* (spread, bin), decisions shift kinds."""
    sources = linked.records["source"].to_numpy(dtype=object)
    decisions: list[Decision] = []
    result = linked
    per_round = max(1, budget // rounds)
    kinds = kinds_of(linked.pairs, sources, teach[1]) if teach else None
    for round_number in range(rounds):
        judge_offered(
            result, config, truth, decisions, budget, per_round, round_number == rounds - 1
        )
        base = linked
        if teach is not None and kinds is not None:
            base = shifted(linked, kinds, taught_shifts(linked.pairs, kinds, decisions, teach[0]))
        result = relink(base, config, Decisions(tuple(decisions)))
    return result


def ceiling(
    linked: LinkResult, config: LinkConfig, person: npt.NDArray[np.object_], bin_bits: float
) -> float:
    """F1 before review with every kind near the threshold fitted to the truth of its pairs."""
    sources = linked.records["source"].to_numpy(dtype=object)
    pairs = linked.pairs
    kinds = kinds_of(pairs, sources, bin_bits)
    same = person[pairs["left"].to_numpy()] == person[pairs["right"].to_numpy()]
    probability = pairs["match_probability"].to_numpy()
    weights = pairs["match_weight"].to_numpy(dtype=np.float64)
    shifts: dict[int, float] = {}
    for kind in np.unique(kinds):
        sel = kinds == kind
        if ((probability[sel] > 0.1) & (probability[sel] < 0.9)).any():
            shifts[int(kind)] = fitted_shift(weights[sel], same[sel], 100.0)
    again = relink(shifted(linked, kinds, shifts), config, None)
    return pairwise_score(again.records.assign(person=person), "person").f1


def errors_left(
    result: LinkResult,
    records: pd.DataFrame,
    person: npt.NDArray[np.object_],
    family: npt.NDArray[np.object_],
) -> dict[str, int]:
    """Record pairs the clustering gets wrong, by kind (see the module's item 4)."""
    features = build_features(records)
    sn = features["sn"].astype(str).to_numpy()
    gn = features["gn"].astype(str).to_numpy()
    clusters = result.records["cluster_id"].to_numpy()
    scored = {
        (int(a), int(b)): float(p)
        for a, b, p in zip(
            result.pairs["left"],
            result.pairs["right"],
            result.pairs["match_probability"],
            strict=True,
        )
    }
    counts: collections.Counter[str] = collections.Counter()
    for group in pd.Series(clusters).groupby(clusters).indices.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if person[a] != person[b]:
                    kind = (
                        "false join: siblings"
                        if family[a] == family[b]
                        else "false join: namesakes"
                        if sn[a] == sn[b] and gn[a] == gn[b] and gn[a] not in ("", "<NA>", "nan")
                        else "false join: other"
                    )
                    counts[kind] += 1
    for group in pd.Series(person).groupby(person).indices.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if clusters[a] != clusters[b]:
                    p = scored.get((min(a, b), max(a, b)))
                    kind = (
                        "miss: never scored"
                        if p is None
                        else "miss: under the threshold"
                        if p < 0.5
                        else "miss: kept apart by the clustering"
                    )
                    counts[kind] += 1
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--budget", type=float, default=0.02)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--spread", type=float, default=1.0)
    parser.add_argument("--bin", type=float, default=1.0)
    args = parser.parse_args()
    rows = []
    for seed in args.seeds:
        world = generate_world(random_world_config(seed, args.people))
        records = read_as_uploaded(world).records
        joined = records.merge(world.truth, on=["source", "record_id"])
        person = joined["person_id"].astype(str).to_numpy(dtype=object)
        family = (
            joined.merge(world.people[["person_id", "family_id"]], on="person_id", how="left")[
                "family_id"
            ]
            .astype(str)
            .to_numpy(dtype=object)
        )
        truth = dict(
            zip(zip(records["source"], records["record_id"], strict=True), person, strict=True)
        )
        config = LinkConfig(review_band=(0.02, 0.98))
        linked = link_records(records, config)
        budget = int(args.budget * len(records))
        before = pairwise_score(linked.records.assign(person=person), "person").f1
        pairs = linked.pairs
        p = pairs["match_probability"].to_numpy()
        same = person[pairs["left"].to_numpy()] == person[pairs["right"].to_numpy()]
        near = (p > 0.2) & (p < 0.8)
        top = ceiling(linked, config, person, args.bin)
        plain = review_loop(linked, config, truth, person, budget, args.rounds, None)
        taught = review_loop(
            linked, config, truth, person, budget, args.rounds, (args.spread, args.bin)
        )
        f1_plain = pairwise_score(plain.records.assign(person=person), "person").f1
        f1_taught = pairwise_score(taught.records.assign(person=person), "person").f1
        _, best = oracle(linked, pd.Series(person), budget)
        left = errors_left(plain, records, person, family)
        rows.append((seed, before, top, f1_plain, f1_taught, best))
        print(
            f"setting {seed}: {len(records):,} records; pairs at 0.2-0.8: {int(near.sum())}, "
            f"mean probability {p[near].mean():.3f}, one person {same[near].mean():.3f}; "
            f"F1 before review {before:.4f}, every kind fitted to the truth {top:.4f}; "
            f"after review {f1_plain:.4f}, taught {f1_taught:.4f}, oracle {best:.4f}",
            flush=True,
        )
        print("   left after review: " + ", ".join(f"{k} {v}" for k, v in sorted(left.items())))
    print(
        "\n| seed | F1 before review | every kind fitted to the truth | after review | "
        "after review, taught | oracle |\n|---|---|---|---|---|---|"
    )
    for seed, before, top, f1_plain, f1_taught, best in rows:
        print(
            f"| {seed} | {before:.4f} | {top:.4f} | {f1_plain:.4f} | {f1_taught:.4f} | {best:.4f} |"
        )
    for label, column in (("after review", 3), ("taught", 4)):
        values = [row[column] for row in rows]
        print(f"{label}: median {statistics.median(values):.4f}, worst {min(values):.4f}")


if __name__ == "__main__":
    main()
