"""A cluster is one person: it never holds records that contradict each other (issue 12).

Two brothers (same surname and patronymic, other given names) or two namesakes born thirty
years apart are each linked to a third record that fits both (an initial-only record, a
record with no birth year). Merging pair by pair joined all three; the clusters now keep the
two apart, whatever the third record does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scored_pairs import edges, scored_pairs

from uncounted.linkage import LinkConfig, build_features, cluster, link_records
from uncounted.linkage._clustering import BIRTH_SLACK, Traits, traits_of

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]


def _link(rows: list[tuple[str, ...]]) -> list[int]:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return link_records(frame, LinkConfig()).records["cluster_id"].tolist()


def test_brothers_linked_through_an_initial_only_record_stay_two_people() -> None:
    # Before: one cluster of three (Adam-A. and A.-Aslan both scored 0.9999).
    labels = _link(
        [
            ("a", "1", "Nataev Adam Ruslanovich", "1990", "m", "Grozny", "2001-03-04"),
            ("b", "1", "Nataev A. R.", "", "m", "Grozny", "2001-03-04"),
            ("c", "1", "Nataev Aslan Ruslanovich", "1984", "m", "Grozny", "2001-03-04"),
        ]
    )
    assert labels[0] != labels[2]


def test_namesakes_born_thirty_years_apart_are_not_joined_by_a_record_without_birth() -> None:
    # Before: one cluster (both pairs with the birthless record scored 0.82).
    labels = _link(
        [
            ("a", "1", "Nataev Adam", "1960", "m", "", ""),
            ("b", "1", "Nataev Adam", "", "m", "", ""),
            ("c", "1", "Nataev Adam", "1990", "m", "", ""),
        ]
    )
    assert labels[0] != labels[2]


def test_spellings_of_one_name_and_a_slip_of_age_are_no_contradiction() -> None:
    labels = _link(
        [
            ("a", "1", "Magomed Nataev", "1990", "m", "Grozny", "2001-03-04"),
            ("b", "1", "Mohammed Nataev", "", "m", "Grozny", "2001-03-04"),
            ("c", "1", "Магомед Натаев", "1988", "m", "Грозный", "2001-03-04"),
        ]
    )
    assert len(set(labels)) == 1


def test_traits_read_known_given_names_and_birth_years() -> None:
    frame = pd.DataFrame(
        [
            ("a", "1", "Magomed Nataev", "1990", "m", "", ""),
            ("b", "1", "Mohammed Nataev", "", "m", "", ""),
            ("c", "1", "Nataev A.", "", "m", "", ""),
            ("d", "1", "Nataev Xqzw", "1984-05-02", "m", "", ""),
        ],
        columns=COLUMNS,
    )
    traits = traits_of(build_features(frame))
    assert traits.given[0] == traits.given[1] >= 0
    assert traits.given[2] == traits.given[3] == -1  # an initial, a name nobody knows
    assert traits.birth_low[0] == traits.birth_high[0] == 1990
    assert np.isnan(traits.birth_low[1])


names = st.lists(st.integers(-1, 2), min_size=12, max_size=12)
births = st.lists(st.one_of(st.none(), st.integers(1950, 1990)), min_size=12, max_size=12)


@settings(max_examples=80, deadline=None)
@given(edges, names, births, st.booleans())
def test_no_cluster_holds_two_given_names_or_births_too_far_apart(
    scored: list[tuple[int, int, float]],
    given_names: list[int],
    born: list[int | None],
    duplicates: bool,
) -> None:
    sources = [f"s{i % 5}" for i in range(12)]
    year = np.array([np.nan if b is None else float(b) for b in born])
    traits = Traits(np.array(given_names, dtype=np.int64), year - 1, year)
    labels = cluster(
        sources,
        scored_pairs(scored),
        0.5,
        duplicate_threshold=0.7 if duplicates else None,
        traits=traits,
    ).labels
    # Births further apart may share a cluster only when linked directly (a typo in a date).
    direct = {
        (min(a, b), max(a, b))
        for a, b, p in scored
        if p >= (0.7 if sources[a] == sources[b] else 0.5)
    }
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label).tolist()
        known = {given_names[i] for i in members if given_names[i] >= 0}
        assert len(known) <= 1
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if abs(year[a] - year[b]) - 1 > BIRTH_SLACK:
                    assert (a, b) in direct


def test_births_apart_join_only_when_linked_directly() -> None:
    # 0 and 2 are born 30 years apart: a typo, if the model links them directly (0.95);
    # joined through 1 alone (no birth year), they stay apart.
    traits = Traits(
        np.full(3, -1), np.array([1960.0, np.nan, 1990.0]), np.array([1960.0, np.nan, 1990.0])
    )
    chained = cluster(["a", "b", "c"], scored_pairs([(0, 1, 0.9), (1, 2, 0.9)]), 0.5, traits=traits)
    assert chained.labels[0] != chained.labels[2]
    direct = cluster(["a", "b", "c"], scored_pairs([(0, 2, 0.95), (1, 2, 0.9)]), 0.5, traits=traits)
    assert len(set(direct.labels.tolist())) == 1


def test_a_reviewers_match_joins_even_records_that_contradict() -> None:
    traits = Traits(np.array([0, 1]), np.array([1960.0, 1990.0]), np.array([1960.0, 1990.0]))
    result = cluster(["a", "b"], scored_pairs([]), 0.5, must_link=[(0, 1)], traits=traits)
    assert result.labels[0] == result.labels[1]
