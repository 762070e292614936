"""A record that came into a cluster by an earlier, weaker-supported merge is taken back out
when the records of its own list's person arrive (issue 12: intruders at 100k), or when
the person's records of other lists arrive and contradict it (born years apart)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from uncounted.linkage import LinkConfig, ScoredPairs, cluster, link_records


def _pairs(rows: list[tuple[int, int, float]]) -> ScoredPairs:
    """Pairs given by their weights (log2 odds)."""
    weight = np.array([row[2] for row in rows], dtype=np.float64)
    return ScoredPairs(
        np.array([row[0] for row in rows], dtype=np.int64),
        np.array([row[1] for row in rows], dtype=np.int64),
        1.0 / (1.0 + np.exp2(-weight)),
        weight,
    )


def _groups(labels: np.ndarray) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(labels == label).tolist()) for label in np.unique(labels)}


# 0 (list a) and 1 (list c) are one person; 2 (list b) came in through a link to 0 alone;
# 3 (list b) and 4 (list d) are the same person as 0 and 1, and link to both of them.
SOURCES = ["a", "c", "b", "b", "d"]
ROWS = [(3, 4, 9.0), (0, 1, 8.0), (0, 2, 6.0), (0, 3, 5.0), (1, 3, 5.0), (0, 4, 4.0), (1, 4, 4.0)]


def test_the_record_fewer_of_its_cluster_vouch_for_is_taken_out() -> None:
    # Before: 2 joined 0 and 1 first (6 bits), and the links of 3 and 4 to 0 and 1 (4-5 bits
    # each) were refused because list b was already there. 0 votes for 2 (6 against 5),
    # 1 for 3 and 4 (5 against nothing): 2 goes.
    labels = cluster(SOURCES, _pairs(ROWS), 0.5).labels
    assert _groups(labels) == {frozenset({0, 1, 3, 4}), frozenset({2})}


def test_a_record_its_whole_cluster_vouches_for_stays() -> None:
    # 1 links to 2 as well: both records left behind would vote for 2, which stays.
    rows = [*ROWS, (1, 2, 7.0)]
    labels = cluster(SOURCES, _pairs(rows), 0.5).labels
    assert _groups(labels) == {frozenset({0, 1, 2}), frozenset({3, 4})}


def test_a_wrongly_merged_group_leaves_together() -> None:
    # 2 (list b) and 5 (list e) are one person, joined to 0 and 1 by one link 5-0. Taken
    # out alone, 2 would leave 5 behind; cut at the weakest link on the way from 0 to 2,
    # the two leave as one cluster.
    sources = ["a", "c", "b", "b", "d", "e"]
    rows = [
        (3, 4, 9.5),
        (2, 5, 9.0),
        (0, 1, 8.0),
        (0, 5, 6.0),
        (0, 3, 5.0),
        (1, 3, 5.0),
        (0, 4, 4.0),
        (1, 4, 4.0),
    ]
    labels = cluster(sources, _pairs(rows), 0.5).labels
    assert _groups(labels) == {frozenset({0, 1, 3, 4}), frozenset({2, 5})}


def test_the_same_pairs_in_any_order_give_the_same_clusters() -> None:
    pairs = _pairs(ROWS)
    first = cluster(SOURCES, pairs, 0.5)
    for seed in range(5):
        shuffled = np.random.default_rng(seed).permutation(len(ROWS))
        again = cluster(
            SOURCES,
            ScoredPairs(
                pairs.left[shuffled],
                pairs.right[shuffled],
                pairs.probability[shuffled],
                pairs.weight[shuffled],
            ),
            0.5,
        )
        assert again.labels.tolist() == first.labels.tolist()
        assert again.probability.tolist() == first.probability.tolist()


def test_a_reviewers_match_is_never_taken_apart() -> None:
    labels = cluster(SOURCES, _pairs(ROWS), 0.5, must_link=[(0, 2)]).labels
    assert _groups(labels) == {frozenset({0, 1, 2}), frozenset({3, 4})}


def test_a_group_holding_records_of_two_shared_lists_leaves_together() -> None:
    # 2 (list b) and 3 (list e) are one person, joined to 0 and 1 by one link 3-0; 4 (b),
    # 5 (e) and 6 (d) are 0's and 1's person. The clusters share two lists: the part
    # beyond the weakest link holds both of their records, and goes.
    sources = ["a", "c", "b", "e", "b", "e", "d"]
    rows = [
        (4, 5, 9.5),
        (5, 6, 9.5),
        (2, 3, 9.0),
        (0, 1, 8.0),
        (0, 3, 6.0),
        (0, 4, 5.0),
        (1, 4, 5.0),
        (0, 6, 4.0),
        (1, 6, 4.0),
    ]
    labels = cluster(sources, _pairs(rows), 0.5).labels
    assert _groups(labels) == {frozenset({0, 1, 4, 5, 6}), frozenset({2, 3})}


def test_a_record_tied_between_two_namesakes_of_a_long_list_joins_neither() -> None:
    # Record 0 (list a) links at 5 bits to 1 and 2 of list b; list b holds 2,100 records
    # (more than UNSHOWN_RECORDS) and shows no duplicates: two namesakes the evidence cannot
    # tell apart, so 0 joins neither. In a short list (100 records) it joins the first.
    for records, joined in ((2100, False), (100, True)):
        sources = ["a"] + ["b"] * records
        labels = cluster(sources, _pairs([(0, 1, 5.0), (0, 2, 5.0)]), 0.5).labels
        assert bool(labels[0] == labels[1]) is joined
        assert labels[0] != labels[2]


COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]
# List a names two brothers taken the same day: Vladimir, without a birth year, and
# "Chufolov V." born 1979. Lists b and c name Vladimir, born 1986.
BROTHERS = [
    ("a", "1", "Chufolov Vladimir", "", "m", "Grozny", "2001-03-04"),
    ("a", "2", "Chufolov V.", "1979", "m", "Grozny", "2001-03-04"),
    ("b", "1", "Vladimir Chufolov", "1986", "m", "Grozny", "2001-03-04"),
    ("c", "1", "Chufolov Vladimir", "1986", "m", "Grozny", "2001-03-04"),
]


def _people(rows: list[tuple[str, ...]]) -> set[frozenset[str]]:
    records = link_records(pd.DataFrame(rows, columns=COLUMNS), LinkConfig()).records
    names = records["source"] + records["record_id"]
    return {frozenset(names[records["cluster_id"] == label]) for label in records["cluster_id"]}


def test_a_brother_taken_for_a_duplicate_leaves_when_the_person_arrives() -> None:
    # Before: list a's two records were joined first as a duplicate (0.994: one name,
    # place and day), and Vladimir's records of lists b and c (0.9999 with a1) were kept
    # out, as 1979 and 1986 cannot be one man: two people, both wrong.
    assert _people(BROTHERS) == {frozenset({"a1", "b1", "c1"}), frozenset({"a2"})}


def test_a_duplicate_the_evidence_prefers_stays() -> None:
    # Lists b and c say nothing of the place and day: a1 is likelier a2's record (0.994)
    # than theirs (0.98), and the duplicate stays; 1986 stays apart from 1979.
    rows = [(*row[:5], "", "") if row[0] != "a" else row for row in BROTHERS]
    assert _people(rows) == {frozenset({"a1", "a2"}), frozenset({"b1", "c1"})}
