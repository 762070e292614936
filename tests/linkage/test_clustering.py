"""Clustering never puts one source twice in a cluster and always obeys reviewers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scored_pairs import edges, scored_pairs

from uncounted.linkage import ConflictingDecisionsError, cluster


@settings(max_examples=60, deadline=None)
@given(edges, st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=4))
def test_no_cluster_holds_a_source_twice_and_non_matches_stay_apart(
    scored: list[tuple[int, int, float]], forbidden: list[tuple[int, int]]
) -> None:
    sources = [f"s{i % 4}" for i in range(12)]
    cannot = [(a, b) for a, b in forbidden if a != b and sources[a] != sources[b]]
    result = cluster(sources, scored_pairs(scored), 0.5, cannot_link=cannot)
    for label in np.unique(result.labels):
        members = [sources[i] for i in np.flatnonzero(result.labels == label)]
        assert len(members) == len(set(members))
    for a, b in cannot:
        assert result.labels[a] != result.labels[b]


def test_forced_match_joins_even_without_a_scored_pair() -> None:
    result = cluster(["a", "b", "c"], scored_pairs([]), 0.5, must_link=[(0, 2)])
    assert result.labels[0] == result.labels[2] != result.labels[1]
    assert result.probability[0] == 1.0


def test_strongest_link_wins_over_a_chain() -> None:
    # 0(a)-1(b) strong, 2(b)-0(a) weaker: 2 cannot join because source b is taken.
    result = cluster(["a", "b", "b"], scored_pairs([(0, 1, 0.99), (0, 2, 0.9)]), 0.5)
    assert result.labels[0] == result.labels[1] != result.labels[2]


def test_contradictory_decisions_are_refused() -> None:
    with pytest.raises(ConflictingDecisionsError):
        cluster(
            ["a", "b", "c"], scored_pairs([]), 0.5, must_link=[(0, 1), (1, 2)], cannot_link=[(0, 2)]
        )


def test_a_reviewers_match_does_not_cost_a_record_its_duplicate() -> None:
    # List b names one person twice (records 1 and 2, a duplicate at 0.95); a reviewer
    # confirms record 0 (list a) and record 1 are the same person. Both b records stay
    # with record 0: the match does not shut the duplicate out.
    sources = ["a", "b", "b"]
    scored = scored_pairs([(1, 2, 0.95), (0, 1, 0.6), (0, 2, 0.6)])
    result = cluster(sources, scored, 0.5, must_link=[(0, 1)], duplicate_threshold=0.7)
    assert len(set(result.labels.tolist())) == 1


def test_consistent_decisions_are_never_refused_because_of_a_wrong_duplicate() -> None:
    # List a's records 0 and 1 score as a duplicate (0.8) but are two people; a reviewer
    # says record 0 is record 2 (list b) and record 1 is not. The decisions agree with each
    # other: they were refused as contradicting (the duplicate was merged before them),
    # which stopped a perfect reviewer on random setting 1008.
    scored = scored_pairs([(0, 1, 0.8), (1, 2, 0.6)])
    result = cluster(
        ["a", "a", "b"],
        scored,
        0.5,
        must_link=[(0, 2)],
        cannot_link=[(1, 2)],
        duplicate_threshold=0.7,
    )
    labels = result.labels.tolist()
    assert labels[0] == labels[2] != labels[1]
