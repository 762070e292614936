"""Disclosure control against the differencing attacker of ``disclosure_attacker`` (every
published relation, solved as a linear programme), on random synthetic case lists."""

from __future__ import annotations

import random

from disclosure_attacker import check_safe, truth_of
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.report.disclosure import Case, Rules, coarsen, publish, tables

VIOLATIONS = ("detention", "torture", "killing", "disappearance", "threat")


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
