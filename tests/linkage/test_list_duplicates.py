"""Duplicates inside one list need their own evidence (issue 12, item 4): a list's habit.

Some lists name a person twice (one record in ten), others never. The model scores a pair
of one list as it scores a pair of two lists; in a list that shows hardly any duplicates the
pairs it scored 0.7-0.9 were namesakes, so there a duplicate must reach 0.9.
"""

from __future__ import annotations

import numpy as np
import pytest

from uncounted.linkage import LinkConfig, ScoredPairs, link_records
from uncounted.linkage._clustering import UNSHOWN_DUPLICATE_THRESHOLD, duplicate_bars
from uncounted.synth import generate_world, random_world_config


@pytest.mark.slow
def test_namesakes_of_one_list_without_duplicates_are_not_joined_and_real_ones_are() -> None:
    # Setting 1000: lists 2 and 3 name 5% and 11% of their people twice, lists 1 and 4 nobody.
    world = generate_world(random_world_config(1000, 3000))
    records = world.records.astype(object).where(world.records.notna(), "").astype(str)
    linked = link_records(records, LinkConfig()).records
    linked = linked.merge(world.truth, on=["source", "record_id"])
    same_list = {True: 0, False: 0}
    for _, group in linked.groupby(["cluster_id", "source"]):
        people = group["person_id"].tolist()
        for i, person in enumerate(people):
            for other in people[i + 1 :]:
                same_list[person == other] += 1
    # Before: 8 pairs of namesakes in one list joined as duplicates, 63 true duplicates.
    assert same_list[False] == 0
    assert same_list[True] >= 63


def test_a_list_that_shows_duplicates_keeps_the_threshold_one_that_shows_none_is_strict() -> None:
    # List a: 100 records, 10 pairs at 0.75 (20% of its records paired); list b: 100
    # records, one pair at 0.75 (2%).
    source = np.array(["a"] * 100 + ["b"] * 100, dtype=object)
    left = np.array([*range(0, 20, 2), 100], dtype=np.int64)
    right = left + 1
    probability = np.full(len(left), 0.75)
    pairs = ScoredPairs(left, right, probability, np.zeros(len(left)))
    bars = duplicate_bars(source, pairs, np.ones(len(left), dtype=bool), 0.7)
    assert bars.tolist() == [0.7] * 10 + [UNSHOWN_DUPLICATE_THRESHOLD]


def test_a_user_threshold_stricter_than_the_list_rule_is_kept() -> None:
    source = np.array(["a", "a"], dtype=object)
    pairs = ScoredPairs(np.array([0]), np.array([1]), np.array([0.5]), np.zeros(1))
    assert duplicate_bars(source, pairs, np.array([True]), 0.95).tolist() == [0.95]
