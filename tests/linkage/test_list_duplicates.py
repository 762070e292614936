"""Duplicates inside one list need their own evidence (issue 12, item 4): a list's habit.

Some lists name a person twice (one record in ten), others never. The model scores a pair
of one list as it scores a pair of two lists; in a list that shows hardly any duplicates the
pairs it scored 0.7-0.9 were namesakes, so there a duplicate must reach 0.9.
"""

from __future__ import annotations

import numpy as np
import pytest

from uncounted.intake.synthetic import as_text
from uncounted.linkage import LinkConfig, ScoredPairs, cluster, link_records
from uncounted.linkage._clustering import (
    UNSHOWN_DUPLICATE_THRESHOLD,
    UNSHOWN_RECORDS,
    duplicate_bars,
    lists_with_duplicates,
)
from uncounted.synth import generate_world, random_world_config


@pytest.mark.slow
def test_namesakes_of_one_list_without_duplicates_are_not_joined_and_real_ones_are() -> None:
    # Setting 1000: lists 2 and 3 name 5% and 11% of their people twice, lists 1 and 4 nobody.
    world = generate_world(random_world_config(1000, 3000))
    records = as_text(world.records)
    linked = link_records(records, LinkConfig()).records
    linked = linked.merge(world.truth, on=["source", "record_id"])
    same_list = {True: 0, False: 0}
    for _, group in linked.groupby(["cluster_id", "source"]):
        people = group["person_id"].tolist()
        for i, person in enumerate(people):
            for other in people[i + 1 :]:
                same_list[person == other] += 1
    # Before: 8 pairs of namesakes in one list joined as duplicates, 63 true duplicates.
    # One pair sits on the bar of a list that shows none (0.9): Ali Tsakasuev and
    # Tsakasuev A. of list 1, events 15 days apart, 0.8998 on main 454e3c6 and 0.9009 once
    # the name's slips were scored apart (seventh pass, linkmodel2: EM's m of "31 d" moved
    # 0.1168 -> 0.1182); which side of the bar it falls on is not what this test is about.
    assert same_list[False] <= 1
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


def test_a_long_list_that_shows_no_duplicates_asks_more_of_a_pair() -> None:
    # List a: 10,000 records, list b: 100, each with one pair at 0.95 (neither shows
    # duplicates). Namesakes inside a list grow as the square of its length: in a list
    # five times UNSHOWN_RECORDS the bar is at odds 9 x 5 (0.978), in a short one 0.9.
    source = np.array(["a"] * 10_000 + ["b"] * 100, dtype=object)
    pairs = ScoredPairs(np.array([0, 10_000]), np.array([1, 10_001]), np.full(2, 0.95), np.zeros(2))
    bars = duplicate_bars(source, pairs, np.ones(2, dtype=bool), 0.7)
    assert UNSHOWN_RECORDS == 2000
    assert bars.tolist() == pytest.approx([45 / 46, UNSHOWN_DUPLICATE_THRESHOLD])
    clusters = cluster(list(source), pairs, 0.5, duplicate_threshold=0.7)
    assert clusters.labels[0] != clusters.labels[1]
    assert clusters.labels[10_000] == clusters.labels[10_001]
    assert clusters.lists_with_duplicates == ()


def test_a_long_list_that_shows_duplicates_asks_more_of_a_pair_too() -> None:
    # Lists a (6,000 records) and b (1,000) each name 10% of their records twice (pairs at
    # 0.99: both show duplicates) and hold one more pair at 0.8. In the short list it is a
    # duplicate; in the long one, three times UNSHOWN_RECORDS, the bar is at odds 7/3 x 3
    # (0.875), as namesakes grow as the square of a list's length: two people.
    source = np.array(["a"] * 6000 + ["b"] * 1000, dtype=object)
    left = np.array([*range(0, 600, 2), *range(6000, 6100, 2), 1000, 6500], dtype=np.int64)
    probability = np.array([0.99] * 350 + [0.8, 0.8])
    pairs = ScoredPairs(left, left + 1, probability, np.log2(probability / (1 - probability)))
    bars = duplicate_bars(source, pairs, np.ones(len(left), dtype=bool), 0.7)
    assert bars[[0, -2, -1]].tolist() == pytest.approx([0.875, 0.875, 0.7])
    clusters = cluster(list(source), pairs, 0.5, duplicate_threshold=0.7)
    assert clusters.lists_with_duplicates == ("a", "b")
    assert clusters.labels[0] == clusters.labels[1]
    assert clusters.labels[1000] != clusters.labels[1001]
    assert clusters.labels[6500] == clusters.labels[6501]


def test_the_lists_that_show_duplicates_are_told_with_the_clusters() -> None:
    # The clustering's answer is the one the review reads (LinkResult.lists_with_duplicates).
    source = np.array(["a"] * 100 + ["b"] * 100, dtype=object)
    left = np.array([*range(0, 20, 2), 100], dtype=np.int64)
    pairs = ScoredPairs(left, left + 1, np.full(len(left), 0.75), np.zeros(len(left)))
    same = np.ones(len(left), dtype=bool)
    assert lists_with_duplicates(source, pairs, same, 0.7) == ("a",)
    assert cluster(list(source), pairs, 0.5, duplicate_threshold=0.7).lists_with_duplicates == (
        "a",
    )
    assert cluster(list(source), pairs, 0.5).lists_with_duplicates == ()


def test_a_user_threshold_stricter_than_the_list_rule_is_kept() -> None:
    source = np.array(["a", "a"], dtype=object)
    pairs = ScoredPairs(np.array([0]), np.array([1]), np.array([0.5]), np.zeros(1))
    assert duplicate_bars(source, pairs, np.array([True]), 0.95).tolist() == [0.95]


def _scored(edges: list[tuple[int, int, float]]) -> ScoredPairs:
    left = np.array([a for a, _, _ in edges], dtype=np.int64)
    right = np.array([b for _, b, _ in edges], dtype=np.int64)
    probability = np.array([p for _, _, p in edges], dtype=np.float64)
    return ScoredPairs(left, right, probability, np.log2(probability / (1 - probability)))


def _with_list_b_showing_duplicates(
    edges: list[tuple[int, int, float]], shows: bool
) -> tuple[list[str], ScoredPairs]:
    # Records 0 (list a), 1 and 2 (list b), 3 (list c); then 20 more records of list b,
    # paired as duplicates at 0.95 when the list shows duplicates.
    sources = ["a", "b", "b", "c"] + ["b"] * 20
    more = [(4 + 2 * i, 5 + 2 * i, 0.95 if shows else 0.2) for i in range(10)]
    return sources, _scored(edges + more)


def test_two_records_of_one_list_under_its_bar_are_one_person_when_a_strong_link_joins_them() -> (
    None
):
    # 1 and 2 (list b) scored 0.65 as duplicates, under the bar 0.7; 0 (list a) links to 1,
    # 3 (list c) links to 2, and 0 and 3 link strongly (0.9): one person in three lists.
    edges = [(1, 2, 0.65), (0, 1, 0.95), (2, 3, 0.95), (0, 3, 0.9)]
    sources, pairs = _with_list_b_showing_duplicates(edges, shows=True)
    labels = cluster(sources, pairs, 0.5, duplicate_threshold=0.7).labels
    assert len(set(labels[:4].tolist())) == 1
    # Before: two clusters, {0, 1} and {2, 3} (the link 0-3 was refused: both hold list b).


def test_twins_stay_apart_without_a_strong_link_or_in_a_list_without_duplicates() -> None:
    weak = [(1, 2, 0.65), (0, 1, 0.95), (2, 3, 0.95), (0, 3, 0.7)]
    sources, pairs = _with_list_b_showing_duplicates(weak, shows=True)
    labels = cluster(sources, pairs, 0.5, duplicate_threshold=0.7).labels
    assert labels[0] == labels[1] != labels[2] == labels[3]
    strong = [(1, 2, 0.65), (0, 1, 0.95), (2, 3, 0.95), (0, 3, 0.9)]
    sources, pairs = _with_list_b_showing_duplicates(strong, shows=False)
    labels = cluster(sources, pairs, 0.5, duplicate_threshold=0.7).labels
    assert labels[0] == labels[1] != labels[2] == labels[3]
