"""The research histories: strata coarsened until no pattern cell is small, totals kept, and
the histories without strata when no split holds (property tests on random people)."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.report.disclosure import Rules
from uncounted.report.histories import histories_csv, research_histories

LISTS = ("hotline", "press", "partner")


def _people(seed: int, size: int, districts: int) -> list[tuple[frozenset[str], str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(size):
        named = frozenset(name for name in LISTS if rng.random() < 0.5) or frozenset(LISTS[:1])
        out.append((named, f"district {rng.randrange(districts)}"))
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    size=st.integers(1, 400),
    districts=st.integers(1, 12),
    threshold=st.integers(2, 6),
)
def test_no_stratum_has_a_small_pattern_cell_and_the_total_table_is_kept(
    seed: int, size: int, districts: int, threshold: int
) -> None:
    people = _people(seed, size, districts)
    histories = research_histories(people, LISTS, Rules(threshold=threshold))
    whole: Counter[tuple[int, ...]] = Counter()
    for counter in histories.counts.values():
        whole.update(counter)
    expected = Counter(tuple(int(n in named) for n in LISTS) for named, _ in people)
    assert whole == expected  # merging strata never changes the estimate's table
    if histories.stratified:
        assert len(histories.counts) > 1
        for counter in histories.counts.values():
            assert all(c == 0 or c >= threshold for c in counter.values())
    rows = list(csv.DictReader(io.StringIO(histories_csv(histories).decode())))
    assert sum(int(r["count"]) for r in rows) == size
    assert ("stratum" in rows[0]) == histories.stratified
    assert all("hotline" not in str(row) for row in rows)  # lists are letters


def test_a_large_even_world_keeps_its_strata() -> None:
    people = [(frozenset(LISTS[: 1 + i % 3]), f"district {i % 2}") for i in range(120)]
    histories = research_histories(people, LISTS, Rules())
    assert histories.stratified and set(histories.counts) == {"district 0", "district 1"}
    assert histories.letters == ("A", "B", "C")
