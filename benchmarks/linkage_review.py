"""How far a perfect reviewer lifts F1 when judging a small budget of the offered pairs.

One random world setting (``uncounted.synth.random_world_config(seed)``; use the hardest
setting of ``linkage_random.py``). The tool offers review pairs (``review_pairs``: those
whose decision changes the clustering most, never one already decided); a perfect
reviewer answers from the truth; the records are linked again with every decision so far.
The budget is a share of the number of records (0.02: 2% of records' worth of pairs),
spent over a few rounds (``--rounds``; as many rounds as pairs is one decision at a time, as
on the web's review page).

Decisions bind the clustering only, so each round re-clusters the scored pairs with the
decisions so far (``relink``: what ``link_records`` gives for the same records and
decisions, without training and scoring again); ``--full-relink`` links from scratch each
round instead, to check that. The last line gives an oracle's ceiling: F1 if the budget's
decisions were the best joins and splits (each fixing the most record pairs), with how many
decisions an oracle needs to put every error right.

    python benchmarks/linkage_review.py --seed 5012 --budget 0.02 --rounds 4
    python benchmarks/linkage_review.py --seed 5000 --settings 30   # median and worst

The records are read by the intake from each list's CSV file, as a user's are
(``uncounted.intake.synthetic.read_as_uploaded``); ``--direct`` links the generator's frame instead.

With ``--settings N``, settings ``seed`` .. ``seed + N - 1`` are run one after another and
a last table gives, per setting, F1 before and after the review, then the median and worst.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import (
    Decision,
    Decisions,
    LinkConfig,
    LinkResult,
    link_records,
    relink,
    review_pairs,
)
from uncounted.synth import (
    describe_setting,
    generate_world,
    random_world_config,
)


def oracle(result: LinkResult, person: pd.Series, budget: int) -> tuple[int, float]:
    """Decisions an oracle needs to put every error right, and F1 with the best *budget*.

    Each wrongly joined group of one person in a cluster is one split (fixing its pairs with
    the rest of the cluster); each pair of clusters holding one person is one join (fixing
    the record pairs across them). Decisions fixing more record pairs are taken first.
    """
    clusters = result.records["cluster_id"].to_numpy()
    people = person.to_numpy()
    fixes: list[tuple[int, str]] = []
    true_pairs = predicted = right = 0
    for group in pd.Series(people).groupby(people).indices.values():
        true_pairs += len(group) * (len(group) - 1) // 2
        held = collections.Counter(clusters[group].tolist())
        counts = sorted(held.values())
        for i, one in enumerate(counts):
            fixes.extend((one * other, "join") for other in counts[i + 1 :])
    for group in pd.Series(clusters).groupby(clusters).indices.values():
        predicted += len(group) * (len(group) - 1) // 2
        held = sorted(collections.Counter(people[group].tolist()).values())
        right += sum(count * (count - 1) // 2 for count in held)
        total = len(group)
        for count in held[:-1]:
            fixes.append((count * (total - count), "split"))
            total -= count
    chosen = sorted(fixes, reverse=True)[:budget]
    joined = sum(size for size, kind in chosen if kind == "join")
    split = sum(size for size, kind in chosen if kind == "split")
    hits = right + joined
    precision = hits / max(predicted - split + joined, 1)
    recall = hits / max(true_pairs, 1)
    return len(fixes), 2 * precision * recall / max(precision + recall, 1e-12)


def reach(result: LinkResult, config: LinkConfig, person: pd.Series) -> str:
    """How many of the clustering's wrong record pairs the review file can reach at all,
    before any decision: true pairs in two clusters the file offers a pair between, and
    false pairs in a cluster the file offers a pair inside (a budget can only spend itself
    on what the file holds)."""
    offered = review_pairs(
        result.records,
        result.pairs,
        config.review_band,
        near_misses=result.near_misses,
        given_names=result.given_names,
        lists_with_duplicates=result.lists_with_duplicates,
    )
    covered = {
        (min(x, y), max(x, y))
        for x, y in zip(offered["cluster_l"].tolist(), offered["cluster_r"].tolist(), strict=True)
    }
    both = pd.DataFrame(
        {"cluster": result.records["cluster_id"].to_numpy(), "person": person.to_numpy()}
    ).reset_index()
    missed = both.merge(both, on="person")
    missed = missed[
        (missed["index_x"] < missed["index_y"]) & (missed["cluster_x"] != missed["cluster_y"])
    ]
    false = both.merge(both, on="cluster")
    false = false[(false["index_x"] < false["index_y"]) & (false["person_x"] != false["person_y"])]
    sizes = both["cluster"].value_counts()
    missed_held = sum(
        (min(x, y), max(x, y)) in covered
        for x, y in zip(missed["cluster_x"].tolist(), missed["cluster_y"].tolist(), strict=True)
    )
    false_held = sum((x, x) in covered for x in false["cluster"].tolist())
    of_two = int((sizes[false["cluster"]].to_numpy() == 2).sum())
    return (
        f"the review file ({len(offered):,} pairs) reaches {missed_held} of {len(missed)} true "
        f"pairs the clustering missed and {false_held} of {len(false)} false pairs in its "
        f"clusters ({of_two} of them in a cluster of two)"
    )


def judge_offered(
    result: LinkResult,
    config: LinkConfig,
    truth: dict[tuple[str, str], str],
    decisions: list[Decision],
    budget: int,
    per_round: int,
    last_round: bool,
) -> pd.DataFrame:
    """One round of the perfect reviewer: the pairs the tool offers next (the last round
    spends what the rounds before left of the budget), each answered from the truth and
    appended to *decisions*. Returns the offered pairs."""
    left = budget - len(decisions) if last_round else per_round
    offered = review_pairs(
        result.records,
        result.pairs,
        config.review_band,
        Decisions(tuple(decisions)),
        min(left, budget - len(decisions)),
        near_misses=result.near_misses,
        given_names=result.given_names,
        lists_with_duplicates=result.lists_with_duplicates,
    )
    for row in offered.itertuples(index=False):
        a = (str(row.source_l), str(row.record_id_l))
        b = (str(row.source_r), str(row.record_id_r))
        decisions.append(Decision(a, b, truth[a] == truth[b]))
    return offered


def review(
    seed: int,
    people: int,
    budget_share: float,
    rounds: int,
    full: bool = False,
    direct: bool = False,
) -> tuple[float, float, float]:
    """F1 of setting *seed* before any decision, after a perfect reviewer's budget, and an
    oracle's with the same budget."""
    setting = random_world_config(seed, people)
    world = generate_world(setting)
    read = read_as_uploaded(world, direct=direct)
    records = read.records
    person = records.merge(world.truth, on=["source", "record_id"])["person_id"].astype(str)
    truth = dict(
        zip(zip(records["source"], records["record_id"], strict=True), person, strict=True)
    )
    config = LinkConfig(review_band=(0.02, 0.98))
    budget = int(budget_share * len(records))
    rounds = min(rounds, max(budget, 1))
    per_round = max(1, budget // rounds)
    print(
        f"setting {seed}: {describe_setting(setting)}; {len(records):,} records, "
        + ("the generator's frame" if direct else f"read by the intake in {read.seconds:.2f} s")
    )
    print(f"budget {budget} pairs ({budget_share:.1%} of records), {rounds} rounds")
    print("| round | pairs judged so far | precision | recall | F1 | seconds |")
    print("|---|---|---|---|---|---|")
    decisions: list[Decision] = []
    first = last = 0.0
    changed = 0  # decisions that said the clustering was wrong
    started = time.perf_counter()
    linked = link_records(records, config)
    print(
        f"linked in {time.perf_counter() - started:.1f} s; "
        f"{len(linked.near_misses) if linked.near_misses is not None else 0} near-misses "
        "found outside the blocking"
    )
    needed, ceiling = oracle(linked, person, budget)
    print(reach(linked, config, person))
    for round_number in range(rounds + 1):
        started = time.perf_counter()
        decided = Decisions(tuple(decisions))
        if full:
            result = link_records(records, config, decided if decisions else None)
        else:
            result = relink(linked, config, decided if decisions else None)
        seconds = time.perf_counter() - started
        clustered = result.records.assign(person=person.to_numpy())
        score = pairwise_score(clustered, "person")
        first, last = (score.f1 if round_number == 0 else first), score.f1
        print(
            f"| {round_number} | {len(decisions)} | {score.precision:.4f} | {score.recall:.4f} "
            f"| {score.f1:.4f} | {seconds:.1f} |",
            flush=True,
        )
        if round_number == rounds:
            break
        offered = judge_offered(
            result, config, truth, decisions, budget, per_round, round_number == rounds - 1
        )
        for row in offered.itertuples(index=False):
            same = (
                truth[(str(row.source_l), str(row.record_id_l))]
                == truth[(str(row.source_r), str(row.record_id_r))]
            )
            changed += (row.cluster_l == row.cluster_r) != same
    print(
        f"\ndecisions that changed the clustering: {changed} of {len(decisions)}; an oracle needs "
        f"{needed} decisions to put every error right; with {budget} its F1 is {ceiling:.4f}"
    )
    return first, last, ceiling


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--settings", type=int, default=1)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--budget", type=float, default=0.02)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--full-relink", action="store_true")
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the files read"
    )
    parser.add_argument("--seeds", type=int, nargs="*", help="these settings instead")
    args = parser.parse_args()
    found = [
        (
            seed,
            *review(seed, args.people, args.budget, args.rounds, args.full_relink, args.direct),
        )
        for seed in (args.seeds or range(args.seed, args.seed + args.settings))
    ]
    if len(found) > 1:
        print("\n| seed | F1 before review | F1 after review | oracle |\n|---|---|---|---|")
        for seed, before, after, best in found:
            print(f"| {seed} | {before:.4f} | {after:.4f} | {best:.4f} |")
        after = [row[2] for row in found]
        worst = min(found, key=lambda row: row[2])
        print(
            f"\nafter review: median F1 {statistics.median(after):.4f}, "
            f"worst {worst[2]:.4f} (setting {worst[0]})"
        )


if __name__ == "__main__":
    main()
