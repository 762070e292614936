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

"Totals hidden" counts every total hidden besides the small ones (a cell others add up to:
the grand total, a violation's, a year's, an area's; a merged violation's or district's own
total is recoded, never published, and not counted), "people" the largest of them.
``--second N`` measures a second report a month later, N new victims (random violation,
district and month, as the world's) added and audited together with the first, as
publishing does; "earlier" is then the cells hidden only because of the first report.
``--total-cost`` runs every measure once per weight of a total (``TOTAL_COST``);
``--apart`` keeps every violation apart (``Rules(violation_minimum=1)``, no recoding), where
a small violation's total needs a complement among the totals.

    python benchmarks/report_disclosure.py --sizes 200 1000 3000 --seeds 3 --rare 2
    python benchmarks/report_disclosure.py --walk --demo VAULT --add abduction:2
    python benchmarks/report_disclosure.py --sizes 300 1000 --seeds 5 --second 3 \
        --total-cost 1 3 10 30 100
    python benchmarks/report_disclosure.py --refused 0 3

``--refused`` makes stop 24's known leak (the vault of tests/report/test_report_unprotectable.py
as cases) with ``COARSER`` 0 (no coarser grouping: refused) or more, asked ``--asks`` times
(the draft, then Publish), and prints each ask's protections and seconds.

Run it with PYTHONPATH pointing at another checkout to measure that checkout's rule (the
script uses ``publish``, ``intervals`` and ``merged_violations``, and ``merged_members``
and ``Publication.earlier`` where they exist; before 2026-12-07 there was no
``merged_violations``, read it as empty).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from uncounted.report import disclosure
from uncounted.report.disclosure import (
    Case,
    Publication,
    Relation,
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


def _merged(relations: list[Relation]) -> set[tuple[str, ...]]:
    """The merged violations' and districts' own totals (recoded, never published)."""
    members = getattr(disclosure, "merged_members", None)
    if members is None:
        return {("violation", v) for v in merged_violations(relations)}
    return {(d, v) for d in ("violation", "district") for v in members(relations, d)}


def later(cases: list[Case], seed: int, count: int) -> list[Case]:
    """*cases* a month later: *count* new victims, each with the violation, month and
    district of a random earlier one's, but a month of its own when the dice say so."""
    rng = random.Random(seed + 7919)
    new = []
    for _ in range(count):
        like = rng.choice(cases)
        month = like.month
        if len(month) == 7 and rng.random() < 0.5:  # a month of its own in the same year
            month = f"{month[:5]}{rng.randint(1, 12):02d}"
        new.append(Case(like.violation, month, like.district))
    return cases + new


def measure(cases: list[Case], rules: Rules, first: list[Case] | None) -> tuple[float, ...]:
    previous = publish(first, rules) if first is not None else None
    started = time.process_time()
    publication: Publication = publish(cases, rules, previous)
    seconds = time.process_time() - started
    cells, relations = publication.figures, publication.relations
    bounds = intervals(
        equations(relations, dict(publication.cells), {c: c for c in cells}), publication.primary
    )
    narrowest = min((hi - lo for lo, hi in bounds.values()), default=float("inf"))
    # a merged violation's or district's own total is recoded, never published: not a complement
    extra = publication.hidden - publication.primary - _merged(relations)
    inner = [cells[c] for c in extra if len(c) == 3]
    wholes = {relation.whole for relation in relations}
    totals = [cells[c] for c in extra if c in wholes]
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
        len(getattr(publication, "earlier", ())),
    )


#: Stop 24's known leak (tests/report/test_report_unprotectable.py): report No. 1 of these,
#: then the abductions corrected to detentions.
LEAK = (
    [Case("detention", "2017-03", "vedeno")] * 30
    + [Case("killing", "2019-01", "argun")] * 12
    + [Case("forced_outing", "2017-04", "vedeno")] * 3
    + [Case("abduction", "2019-02", "argun")] * 2
)


def refused(coarser: int, asks: int) -> None:
    """Stop 24's leak with *coarser* more members allowed per merged group: the time of each
    of *asks* asks (the draft, then Publish) and how many protections each ran, from a
    fresh process's memory (``disclosure._MADE`` empty)."""
    disclosure.COARSER = coarser
    first = publish(list(LEAK), Rules())
    first.number = 1
    after = [
        Case("detention", c.month, c.district) if c.violation == "abduction" else c for c in LEAK
    ]
    getattr(disclosure, "_MADE", {}).clear()
    real, counted = disclosure.protect, []

    def protect(*args: object) -> Publication:
        counted.append(1)
        return real(*args)  # type: ignore[arg-type]

    disclosure.protect = protect  # type: ignore[assignment]
    print("| COARSER | ask | outcome | protections | seconds |")
    print("|---|---|---|---|---|")
    for ask in range(1, asks + 1):
        counted.clear()
        started = time.perf_counter()
        try:
            made = publish(after, Rules(), first)
            outcome = f"published ({len(made.hidden)} hidden)"
        except disclosure.ReportUnprotectable:
            outcome = "refused"
        seconds = time.perf_counter() - started
        print(f"| {coarser} | {ask} | {outcome} | {len(counted)} | {seconds:.2f} |")
    disclosure.protect = real  # type: ignore[assignment]


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
    parser.add_argument("--second", type=int, default=0, help="victims added a month later")
    parser.add_argument("--total-cost", type=int, nargs="+", default=[disclosure.TOTAL_COST])
    parser.add_argument(
        "--apart", action="store_true", help="every violation kept apart (no recoding)"
    )
    parser.add_argument(
        "--refused",
        type=int,
        nargs="+",
        metavar="COARSER",
        help="stop 24's leak with COARSER 0 (refused) ...: each ask's protections and time",
    )
    parser.add_argument("--asks", type=int, default=2, help="asks of --refused (draft, Publish)")
    args = parser.parse_args()
    if args.refused:
        for coarser in args.refused:
            refused(coarser, args.asks)
        return
    rules = Rules(violation_minimum=1) if args.apart else Rules()
    print(
        "| victims x violations | TOTAL_COST | cells | small | complementary | people in them "
        "| largest | totals hidden | people | seconds | narrowest | earlier |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
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
        if args.second:
            label += f", then +{args.second}"
        for cost in args.total_cost:
            disclosure.TOTAL_COST = cost  # read by protect at each call
            rows = [
                measure(later(cases, seed, args.second), rules, cases)
                if args.second
                else measure(cases, rules, None)
                for seed, cases in enumerate(worlds)
            ]
            med = [statistics.median(r[i] for r in rows) for i in range(10)]
            worst = [max(r[i] for r in rows) for i in range(10)]
            print(
                f"| {label} | {cost} | {med[0]:.0f} | {med[1]:.0f} | {med[2]:.0f} "
                f"| {med[3]:.0f} (worst {worst[3]:.0f}) | {med[4]:.0f} "
                f"| {med[5]:.0f} (worst {worst[5]:.0f}) | {med[6]:.0f} (worst {worst[6]:.0f}) "
                f"| {med[7]:.2f} | {med[8]:.1f} | {med[9]:.0f} (worst {worst[9]:.0f}) |"
            )


if __name__ == "__main__":
    main()
