"""Disclosure control on report tables: the loss (cells and people hidden besides the small
cells), the time, and the attacker's narrowest interval.

For each size, random victims (five violations, two waves 2017 and 2019, districts of
unequal size) are tabulated and protected with the default rules (threshold 5), then
attacked with the same linear programmes the tests use: "narrowest" is the narrowest
interval any small cell is left with (it must be at least 5 wide). "Complementary" are the
cells hidden besides the small ones, "people in them" their figures added up (inner cells
only: a margin repeats its cells' people), "largest" the largest such cell.

    python benchmarks/report_disclosure.py --sizes 200 1000 3000 --seeds 3
    python benchmarks/report_disclosure.py --demo VAULT     # a vault made by `uncounted demo`

Run it with PYTHONPATH pointing at another checkout to measure that checkout's rule (the
script uses only ``publish``, ``tables``, ``coarsen`` and ``intervals``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from uncounted.report.disclosure import (
    Case,
    Publication,
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


def demo_cases(vault: Path) -> list[Case]:
    """The cases the demo vault's report is made of (its administrator's view)."""
    from uncounted.services import reports, vaults
    from uncounted.services.demo import DEMO_USERS

    name, _role, passphrase = DEMO_USERS[0]
    with vaults.unlock(vault, name, passphrase) as session:
        return list(reports.report_input(session).cases)


def measure(cases: list[Case], rules: Rules) -> tuple[float, ...]:
    started = time.process_time()
    publication: Publication = publish(cases, rules)
    seconds = time.process_time() - started
    cells, relations = tables(coarsen(cases, rules))
    bounds = intervals(
        equations(relations, dict(publication.cells), {c: c for c in cells}), publication.primary
    )
    narrowest = min((hi - lo for lo, hi in bounds.values()), default=float("inf"))
    extra = publication.hidden - publication.primary
    inner = [cells[c] for c in extra if len(c) == 3]
    return (
        len(cells),
        len(publication.primary),
        len(extra),
        sum(inner),
        max((cells[c] for c in extra), default=0),
        seconds,
        narrowest,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--demo", type=Path, help="a vault made by `uncounted demo`")
    args = parser.parse_args()
    rules = Rules()
    print(
        "| victims x violations | cells | small | complementary | people in them | largest "
        "| seconds | narrowest |"
    )
    print("|---|---|---|---|---|---|---|---|")
    runs: list[tuple[str, list[list[Case]]]] = []
    if args.demo:
        runs.append((f"demo {args.demo.name}", [demo_cases(args.demo)]))
    else:
        runs += [(str(size), [world(s, size) for s in range(args.seeds)]) for size in args.sizes]
    for label, worlds in runs:
        rows = [measure(cases, rules) for cases in worlds]
        med = [statistics.median(r[i] for r in rows) for i in range(7)]
        print(
            f"| {label} | {med[0]:.0f} | {med[1]:.0f} | {med[2]:.0f} | {med[3]:.0f} "
            f"| {med[4]:.0f} | {med[5]:.2f} | {med[6]:.1f} |"
        )


if __name__ == "__main__":
    main()
