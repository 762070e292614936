"""The prior and the name frequencies the model scores with."""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.linkage._model import (
    NAME_FLOOR_RECORDS,
    linkable_pairs,
    name_frequencies,
    prior_match_probability,
)

_RECORD = st.tuples(st.sampled_from("abcd"), st.sampled_from(["m", "f", None]))


@settings(max_examples=150, deadline=None)
@given(st.lists(_RECORD, max_size=25))
def test_linkable_pairs_counts_pairs_of_other_sources_without_sex_conflict(
    rows: list[tuple[str, str | None]],
) -> None:
    features = pd.DataFrame(rows, columns=["source", "sex"])
    expected = sum(
        1
        for (source_a, sex_a), (source_b, sex_b) in itertools.combinations(rows, 2)
        if source_a != source_b and not (sex_a and sex_b and sex_a != sex_b)
    )
    assert linkable_pairs(features) == expected


def test_prior_spreads_about_one_match_per_record_over_linkable_pairs() -> None:
    # Two lists of 100 records, no sex known: 10,000 linkable pairs, about 100 matches.
    features = pd.DataFrame({"source": ["a"] * 100 + ["b"] * 100, "sex": [None] * 200})
    assert prior_match_probability(features) == 100 / 10_000


def test_a_single_list_falls_back_to_one_over_n() -> None:
    features = pd.DataFrame({"source": ["a"] * 50, "sex": [None] * 50})
    assert prior_match_probability(features) == 1 / 50


def test_name_frequencies_count_other_people_not_other_records() -> None:
    features = pd.DataFrame(
        {
            # One person in two lists; four namesakes in one list; a name in three lists.
            "name_key": ["isaev magomed"] * 2 + ["x y"] * 4 + ["rare one"] * 3 + [None],
            "source": ["a", "b"] + ["a"] * 4 + ["a", "b", "c", "a"],
        }
    )
    table = name_frequencies(features).set_index("name_key")["tf_name_key"]
    total = 9
    # A name each list holds once is one person's as far as the records show: nobody else
    # is seen with it; without the parts to say how rare it is, half a record is credited
    # to other people.
    assert table["isaev magomed"] == 0.5 / total
    assert table["rare one"] == 0.5 / total
    # Four records of one list are four people: a pair agrees by chance through the other 3.
    assert table["x y"] == 3 / total


def test_a_name_nobody_else_has_is_as_likely_by_chance_as_its_parts_together() -> None:
    # "isaev magomed" is one person in two lists, but 'isaev' and 'magomed' are common: a
    # namesake is likelier than for "tsuev zelimhan", whose parts nobody else has.
    rows = [("isaev", "magomed", "a"), ("isaev", "magomed", "b")]
    rows += [("isaev", f"g{i}", "a") for i in range(8)]
    rows += [(f"s{i}", "magomed", "b") for i in range(8)]
    rows += [("tsuev", "zelimhan", "a"), ("tsuev", "zelimhan", "b")]
    features = pd.DataFrame(rows, columns=["sn", "gn", "source"])
    features["name_key"] = features["sn"] + " " + features["gn"]
    table = name_frequencies(features).set_index("name_key")["tf_name_key"]
    total = len(rows)
    # Ten records with the surname, ten with the given name: 5 records by the parts, a
    # common name, shared in proportion to its records (2 / (20 records / 18 names) people).
    people = 2 / (total / 18)
    assert table["isaev magomed"] == 2 * (1 - 1 / people) / total
    assert table["tsuev zelimhan"] == 2 * 2 / total / total
    assert NAME_FLOOR_RECORDS / total <= table["tsuev zelimhan"]
    assert table["tsuev zelimhan"] < table["isaev magomed"]


def test_the_fitted_prior_moves_the_assumed_one_only_upwards_and_within_bounds() -> None:
    from uncounted.linkage._model import PRIOR_RANGE, fitted_prior

    assumed, linkable = 1e-4, 1_000_000
    assert fitted_prior(assumed, None, linkable) == assumed
    assert fitted_prior(assumed, 250.0, linkable) == 2.5e-4  # many lists name the same people
    assert fitted_prior(assumed, 10.0, linkable) == assumed * PRIOR_RANGE[0]
    assert fitted_prior(assumed, 1e5, linkable) == assumed * PRIOR_RANGE[1]
