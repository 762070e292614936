"""Disclosure control on synthetic report tables: time, cells hidden, attacker's narrowest
interval.

For each size, random victims (five violations, two waves 2017 and 2019, districts of
unequal size) are tabulated and protected with the default rules (threshold 5), then
attacked with the same linear programmes the tests use: the figure printed is the narrowest
interval any small cell is left with (it must be at least 5 wide).

    python benchmarks/report_disclosure.py --sizes 200 1000 3000 --seeds 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from uncounted.report.disclosure import (
    Case,
    Rules,
    coarsen,
    intervals,
    publish,
    tables,
)
from uncounted.report.disclosure import _equations as equations

VIOLATIONS = ("detention", "torture", "killing", "disappearance", "threat")


def world(seed: int, size: int) -> list[Case]:
    rng = random.Random(seed)
    districts = [f"district {i}" for i in range(15)]
    weights = [rng.random() ** 2 for _ in districts]
    return [
        Case(
            rng.choices(VIOLATIONS, weights=(8, 4, 1, 2, 3))[0],
            f"{rng.choice((2017, 2019))}-{rng.randint(1, 12):02d}",
            rng.choices(districts, weights=weights)[0],
        )
        for _ in range(size)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    rules = Rules()
    print("| victims x violations | cells | small | hidden | seconds (median) | narrowest |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        timings, rows = [], []
        for seed in range(args.seeds):
            cases = world(seed, size)
            started = time.process_time()
            publication = publish(cases, rules)
            timings.append(time.process_time() - started)
            cells, relations = tables(coarsen(cases, rules))
            shown = dict(publication.cells)
            bounds = intervals(
                equations(relations, shown, {c: c for c in cells}), publication.primary
            )
            narrowest = min((hi - lo for lo, hi in bounds.values()), default=float("inf"))
            rows.append((len(cells), len(publication.primary), len(publication.hidden), narrowest))
        cells, small, hidden, narrow = (statistics.median(r[i] for r in rows) for i in range(4))
        print(
            f"| {size} | {cells:.0f} | {small:.0f} | {hidden:.0f} | "
            f"{statistics.median(timings):.2f} | {narrow:.1f} |"
        )


if __name__ == "__main__":
    main()
