"""Disclosure control on report tables: the loss (cells and people hidden besides the small
cells), the time, and the attacker's narrowest interval.

For each size, random victims (five violations, two waves 2017 and 2019, districts of
unequal size) are tabulated and protected with the default rules (threshold 5), then
attacked with the same linear programmes the tests use: "narrowest" is the narrowest
interval any small cell is left with (it must be at least 5 wide). "Complementary" are the
cells hidden besides the small ones, "people in them" their figures added up (inner cells
only: a margin repeats its cells' people), "largest" the largest such cell; "totals hidden"
the violation totals hidden besides the small ones and "people" the largest of them (the
figure a reader reads first: stop 21 hid Detention's 120 for 2 abductions). ``--rare N``
adds N victims each of two rare violations (abduction, forced outing); ``--walk`` is the
walk's small case (30 detentions 2017/north, 12 killings 2019/south, 3 forced outings
2017/north), ``--demo`` a vault made by `uncounted demo`.

    python benchmarks/report_disclosure.py --sizes 200 1000 3000 --seeds 3 --rare 2
    python benchmarks/report_disclosure.py --walk --demo VAULT --add abduction:2

Run it with PYTHONPATH pointing at another checkout to measure that checkout's rule (the
script uses only ``publish``, ``intervals`` and ``merged_violations``; before 2026-12-07
there was no ``merged_violations``, read it as empty).
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
    intervals,
    merged_violations,
    publish,
)
from uncounted.report.disclosure import _equations as equations

VIOLATIONS = ("detention", "torture", "killing", "disappearance", "threat")


def world(seed: int, size: int, rare: int = 0) -> list[Case]:
    rng = random.Random(seed)
    districts = [f"district {i}" for i in range(15)]
    weights = [rng.random() ** 2 for _ in districts]
    kinds = [rng.choices(VIOLATIONS, weights=(8, 4, 1, 2, 3))[0] for _ in range(size)]
    kinds += ["abduction", "forced_outing"] * rare
    return [
        Case(
            kind,
            f"{rng.choice((2017, 2019))}-{rng.randint(1, 12):02d}",
            rng.choices(districts, weights=weights)[0],
        )
        for kind in kinds
    ]


WALK = (
    [Case("detention", "2017-03", "north")] * 30
    + [Case("killing", "2019-01", "south")] * 12
    + [Case("forced_outing", "2017-04", "north")] * 3
)


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
    cells, relations = publication.figures, publication.relations
    bounds = intervals(
        equations(relations, dict(publication.cells), {c: c for c in cells}), publication.primary
    )
    narrowest = min((hi - lo for lo, hi in bounds.values()), default=float("inf"))
    # a merged violation's own total is recoded, never published: not a complement
    merged = {("violation", v) for v in merged_violations(relations)}
    extra = publication.hidden - publication.primary - merged
    inner = [cells[c] for c in extra if len(c) == 3]
    totals = [cells[c] for c in extra if c[0] == "violation"]
    return (
        len(cells),
        len(publication.primary),
        len(extra),
        sum(inner),
        max((cells[c] for c in extra), default=0),
        len(totals),
        max(totals, default=0),
        seconds,
        narrowest,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--rare", type=int, default=0, help="victims of each rare violation")
    parser.add_argument("--walk", action="store_true", help="the walk's small case")
    parser.add_argument("--demo", type=Path, help="a vault made by `uncounted demo`")
    parser.add_argument(
        "--add", default="", help="VIOLATION:N victims added to the demo's (2017-03, one district)"
    )
    args = parser.parse_args()
    rules = Rules()
    print(
        "| victims x violations | cells | small | complementary | people in them | largest "
        "| totals hidden | people | seconds | narrowest |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    runs: list[tuple[str, list[list[Case]]]] = []
    if args.walk:
        runs.append(("walk's small case", [list(WALK)]))
    if args.demo:
        cases = demo_cases(args.demo)
        if args.add:
            kind, count = args.add.split(":")
            cases += [Case(kind, "2017-03", cases[0].district)] * int(count)
        runs.append((f"demo {args.demo.name} {args.add}".strip(), [cases]))
    if not runs:
        runs += [
            (
                f"{size}" + (f" + {args.rare}+{args.rare} rare" if args.rare else ""),
                [world(s, size, args.rare) for s in range(args.seeds)],
            )
            for size in args.sizes
        ]
    for label, worlds in runs:
        rows = [measure(cases, rules) for cases in worlds]
        med = [statistics.median(r[i] for r in rows) for i in range(9)]
        worst = max(r[6] for r in rows)
        print(
            f"| {label} | {med[0]:.0f} | {med[1]:.0f} | {med[2]:.0f} | {med[3]:.0f} "
            f"| {med[4]:.0f} | {med[5]:.0f} | {med[6]:.0f} (worst {worst:.0f}) "
            f"| {med[7]:.2f} | {med[8]:.1f} |"
        )


if __name__ == "__main__":
    main()
