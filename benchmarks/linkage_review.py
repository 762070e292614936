"""How far a perfect reviewer lifts F1 when judging a small budget of the offered pairs.

One random world setting (``uncounted.synth.random_world_config(seed)``; use the hardest
setting of ``linkage_random.py``). The tool offers review pairs (``review_pairs``: those
whose decision changes the clustering most, never one already decided); a perfect
reviewer answers from the truth; the records are linked again with every decision so far.
The budget is a share of the number of records (0.02: 2% of records' worth of pairs),
spent over a few rounds.

    python benchmarks/linkage_review.py --seed 5012 --budget 0.02 --rounds 4
    python benchmarks/linkage_review.py --seed 5000 --settings 30   # median and worst

With ``--settings N``, settings ``seed`` .. ``seed + N - 1`` are run one after another and
a last table gives, per setting, F1 before and after the review, then the median and worst.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.linkage import Decision, Decisions, LinkConfig, link_records, review_pairs
from uncounted.synth import describe_setting, generate_world, random_world_config


def review(seed: int, people: int, budget_share: float, rounds: int) -> tuple[float, float]:
    """F1 of setting *seed* before any decision and after a perfect reviewer's budget."""
    setting = random_world_config(seed, people)
    world = generate_world(setting)
    records = world.records.astype(object).where(world.records.notna(), "").astype(str)
    person = records.merge(world.truth, on=["source", "record_id"])["person_id"].astype(str)
    truth = dict(
        zip(zip(records["source"], records["record_id"], strict=True), person, strict=True)
    )
    config = LinkConfig(review_band=(0.02, 0.98))
    budget = int(budget_share * len(records))
    per_round = max(1, budget // rounds)
    print(f"setting {seed}: {describe_setting(setting)}; {len(records):,} records")
    print(f"budget {budget} pairs ({budget_share:.1%} of records), {rounds} rounds")
    print("| round | pairs judged so far | precision | recall | F1 | seconds |")
    print("|---|---|---|---|---|---|")
    decisions: list[Decision] = []
    first = last = 0.0
    for round_number in range(rounds + 1):
        started = time.perf_counter()
        decided = Decisions(tuple(decisions))
        result = link_records(records, config, decided if decisions else None)
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
        # the last round spends what the rounds before left of the budget
        left = budget - len(decisions) if round_number == rounds - 1 else per_round
        offered = review_pairs(result.records, result.pairs, config.review_band, decided, left)
        for row in offered.itertuples(index=False):
            a = (str(row.source_l), str(row.record_id_l))
            b = (str(row.source_r), str(row.record_id_r))
            decisions.append(Decision(a, b, truth[a] == truth[b]))
    return first, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--settings", type=int, default=1)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--budget", type=float, default=0.02)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    found = [
        (seed, *review(seed, args.people, args.budget, args.rounds))
        for seed in range(args.seed, args.seed + args.settings)
    ]
    if len(found) > 1:
        print("\n| seed | F1 before review | F1 after review |\n|---|---|---|")
        for seed, before, after in found:
            print(f"| {seed} | {before:.4f} | {after:.4f} |")
        after = [row[2] for row in found]
        worst = min(found, key=lambda row: row[2])
        print(
            f"\nafter review: median F1 {statistics.median(after):.4f}, "
            f"worst {worst[2]:.4f} (setting {worst[0]})"
        )


if __name__ == "__main__":
    main()
