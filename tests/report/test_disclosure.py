"""The differencing attacker: every published relation, solved as a linear programme.

The attacker here is written from the published cells alone (it rebuilds the relations from
the cells' names: every row and column of a table adds up to its margin, every margin to the
total, counts never negative) and asks, for each small cell, the smallest and largest value
it can take. Published small cells, or an interval narrower than the protection width or
wholly below the threshold, fail. Two reports a month apart are attacked together, the
attacker assuming every cell whose figure did not change is the same unknown in both.
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from uncounted.report.disclosure import Case, Cell, Publication, Rules, coarsen, publish, tables

VIOLATIONS = ("detention", "torture", "killing", "disappearance", "threat")


def _equations(cells: dict[Cell, int | None]) -> list[tuple[Cell, list[Cell]]]:
    """Every additive relation a reader sees in the published tables."""
    groups: dict[tuple[str, Cell], list[Cell]] = defaultdict(list)
    for cell in cells:
        if len(cell) == 3:
            row, column = cell[0].split("×")
            groups[(cell[0], (row, cell[1]))].append(cell)
            groups[(cell[0], (column, cell[2]))].append(cell)
        elif cell[0] == "month":
            year = cell[1][:4] if cell[1] != "unknown" else "unknown"
            groups[("month", ("year", year))].append(cell)
        elif len(cell) == 2:
            groups[("", ("all",))].append(cell)
    out = []
    for (_table, whole), parts in groups.items():
        if whole == ("all",):
            for dimension in {p[0] for p in parts}:
                out.append((whole, [p for p in parts if p[0] == dimension]))
        else:
            out.append((whole, parts))
    return out


def attack(
    reports: list[tuple[Publication, dict[Cell, int]]], targets: set[Cell]
) -> dict[Cell, tuple[float, float]]:
    """Bounds on each target cell of the last report, from all *reports* together.

    Each report's hidden cell is an unknown; a hidden cell of an earlier report whose true
    figure equals the last report's is the same unknown (the attacker's best guess), and a
    published figure is a constant."""
    last_truth = reports[-1][1]
    names: dict[tuple[int, Cell], Cell | tuple[int, Cell]] = {}
    for number, (publication, truth) in enumerate(reports):
        for cell, value in publication.cells.items():
            if value is None:
                same = cell in last_truth and truth[cell] == last_truth[cell]
                names[(number, cell)] = cell if same else (number, cell)
    variables = sorted(set(names.values()), key=repr)
    index = {name: i for i, name in enumerate(variables)}
    rows, right = [], []
    for number, (publication, _truth) in enumerate(reports):
        for whole, parts in _equations(publication.cells):
            vector, constant = np.zeros(len(variables)), 0.0
            for cell, sign in [(whole, -1.0)] + [(p, 1.0) for p in parts]:
                value = publication.cells[cell]
                if value is None:
                    vector[index[names[(number, cell)]]] += sign
                else:
                    constant += sign * value
            if vector.any():
                rows.append(vector)
                right.append(-constant)
            else:
                assert constant == 0, f"published figures disagree: {whole}"
    bounds = {}
    for cell in targets:
        objective = np.zeros(len(variables))
        objective[index[cell]] = 1.0
        low = linprog(objective, A_eq=np.array(rows), b_eq=np.array(right), method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=np.array(right), method="highs")
        assert low.status == 0, "the true figures must be feasible"
        bounds[cell] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return bounds


def check_safe(reports: list[tuple[Publication, dict[Cell, int]]], rules: Rules) -> None:
    publication, truth = reports[-1]
    for cell, value in publication.cells.items():
        assert value is None or value == truth[cell], f"{cell} published wrong"
        assert value is None or not 0 < value < rules.threshold, f"{cell} small and shown"
    small = {cell for cell, value in truth.items() if 0 < value < rules.threshold}
    for cell, (low, high) in attack(reports, small).items():
        assert low <= truth[cell] + 1e-6 <= high + 2e-6
        assert high - low >= rules.width - 1e-6, f"{cell} narrowed to [{low}, {high}]"
        assert high >= rules.threshold - 1e-6, f"{cell} shown to be small: [{low}, {high}]"


def truth_of(cases: list[Case], rules: Rules) -> dict[Cell, int]:
    return tables(coarsen(cases, rules))[0]


def synthetic(seed: int, size: int, districts: int, months: int) -> list[Case]:
    rng = random.Random(seed)
    weights = [rng.random() ** 2 for _ in range(districts)]
    return [
        Case(
            rng.choices(VIOLATIONS, weights=(8, 4, 1, 2, 3))[0],
            f"{rng.choice((2017, 2019))}-{rng.randint(1, months):02d}-{rng.randint(1, 28):02d}",
            rng.choices([f"district {i}" for i in range(districts)], weights=weights)[0],
        )
        for _ in range(size)
    ]


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    size=st.integers(1, 160),
    districts=st.integers(1, 9),
    months=st.integers(1, 6),
    threshold=st.integers(2, 6),
)
def test_no_differencing_narrows_a_small_cell(
    seed: int, size: int, districts: int, months: int, threshold: int
) -> None:
    rules = Rules(threshold=threshold)
    cases = synthetic(seed, size, districts, months)
    check_safe([(publish(cases, rules), truth_of(cases, rules))], rules)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(20, 120), added=st.integers(1, 12))
def test_two_reports_a_month_apart_reveal_nothing_together(
    seed: int, size: int, added: int
) -> None:
    rules = Rules()
    before = synthetic(seed, size, 5, 4)
    rng = random.Random(seed + 1)
    late = [
        Case(rng.choice(VIOLATIONS), f"2019-{rng.choice((4, 5, 5, 5)):02d}-02", "district 0")
        for _ in range(added)
    ]
    first = publish(before, rules)
    second = publish(before + late, rules, previous=first)
    check_safe([(first, truth_of(before, rules)), (second, truth_of(before + late, rules))], rules)


def test_one_subtraction_no_longer_recovers_a_cell() -> None:
    """The case issue 13 names: 3 killings in one district, the district's total shown."""
    cases = [Case("detention", "2017-03-01", "north") for _ in range(30)]
    cases += [Case("killing", "2017-03-01", "north") for _ in range(3)]
    cases += [Case("detention", "2017-04-01", "south") for _ in range(20)]
    cases += [Case("killing", "2017-04-01", "south") for _ in range(9)]
    rules = Rules()
    publication = publish(cases, rules)
    assert publication.cells[("district×violation", "north", "killing")] is None
    assert publication.cells[("all",)] == 62, "the total stays when the cells around give cover"
    check_safe([(publication, truth_of(cases, rules))], rules)


def test_dates_become_months_and_small_districts_merge() -> None:
    cases = [Case("detention", "2017-03-14", "north") for _ in range(12)]
    cases += [Case("detention", "2017-03-15", f"village {i}") for i in range(6)]
    cases += [Case("detention", "2017", "south") for _ in range(11)]
    cells, _ = tables(coarsen(cases, Rules()))
    assert ("district", "other districts") in cells and ("district", "village 1") not in cells
    assert cells[("month", "2017-03")] == 18 and cells[("month", "unknown")] == 11
    assert cells[("year", "2017")] == 18
    assert not any("14" in part for cell in cells for part in cell[1:])
