"""The prior and the name frequencies the model scores with."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.linkage._model import (
    linkable_pairs,
    name_frequencies,
    prior_match_probability,
)
from uncounted.linkage._namesakes import same_person_chance

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


def _names(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    features = pd.DataFrame(rows, columns=["sn", "gn", "source"])
    features["name_key"] = features["sn"] + " " + features["gn"]
    return features


def _people(lists: str, copies: int = 1, prefix: str = "p") -> list[tuple[str, str, str]]:
    """Forty people with names nobody else has, each named by every list in *lists*."""
    return [
        (f"{prefix}sn{i}", f"{prefix}gn{i}", source)
        for i in range(40)
        for source in lists
        for _ in range(copies)
    ]


def test_a_name_nobody_else_has_in_two_lists_is_one_person() -> None:
    features = _names(_people("ab") + _people("bc", prefix="q") + [("tsuev", "zelim", "a")] * 1)
    features = pd.concat([features, _names([("tsuev", "zelim", "c")])], ignore_index=True)
    chance = same_person_chance(features)
    assert chance["tsuev zelim"] > 0.95


def test_four_records_of_one_name_in_one_list_are_several_people() -> None:
    features = _names(_people("ab") + [("x", "y", "a")] * 4 + [("x", "y", "b")])
    assert same_person_chance(features)["x y"] <= 0.5


def test_common_parts_make_a_namesake_likelier() -> None:
    # "isaev magomed" and "tsuev zelim" are each one person in two lists, but other people
    # are called Isaev and Magomed: a namesake is likelier for the first.
    rows = [*_people("ab"), ("isaev", "magomed", "a"), ("isaev", "magomed", "b")]
    rows += [("isaev", f"g{i}", "a") for i in range(30)]
    rows += [(f"s{i}", "magomed", "b") for i in range(30)]
    rows += [("tsuev", "zelim", "a"), ("tsuev", "zelim", "b")]
    chance = same_person_chance(_names(rows))
    assert chance["isaev magomed"] < chance["tsuev zelim"] - 0.1


def test_a_name_in_every_list_scores_the_same_whatever_the_number_of_records() -> None:
    # One person named by all four lists: as likely one person among 200 records as among
    # 2,000 (the frequency of the name among records falls tenfold; nothing else changes).
    target = [("umarov", "said", source) for source in "abcd"]
    small = _names(_people("abcd") + target)
    large = _names([row for k in range(10) for row in _people("abcd", prefix=f"k{k}")] + target)
    a, b = same_person_chance(small)["umarov said"], same_person_chance(large)["umarov said"]
    assert a > 0.9
    assert abs(a - b) < 0.02


def test_a_list_that_writes_people_twice_makes_a_second_record_a_duplicate() -> None:
    # List a names one person in four twice; a name written twice there and once in b is
    # likelier one person than when list a never writes anybody twice.
    rows = [("x", "y", "a"), ("x", "y", "a"), ("x", "y", "b")]
    doubled = _people("ab") + [(f"psn{i}", f"pgn{i}", "a") for i in range(0, 40, 4)]
    with_duplicates = same_person_chance(_names(doubled + rows))["x y"]
    without = same_person_chance(_names(_people("ab") + rows))["x y"]
    assert with_duplicates > 0.95
    assert with_duplicates > without


def test_name_frequencies_make_an_exact_name_alone_score_its_same_person_chance() -> None:
    features = _names(_people("ab") + [("x", "y", "a")] * 4 + [("x", "y", "b")])
    prior, exact_m = 1e-3, 0.8
    table = name_frequencies(features, prior, exact_m).set_index("name_key")["tf_name_key"]
    chance = same_person_chance(features)
    for key in ("x y", "psn3 pgn3"):
        odds = prior / (1 - prior) * exact_m / table[key]
        expected = min(max(chance[key], 1e-4), 0.98)
        assert odds / (1 + odds) == pytest.approx(expected)


def test_the_fitted_prior_moves_the_assumed_one_only_upwards_and_within_bounds() -> None:
    from uncounted.linkage._model import PRIOR_RANGE, fitted_prior

    assumed, linkable = 1e-4, 1_000_000
    assert fitted_prior(assumed, None, linkable) == assumed
    assert fitted_prior(assumed, 250.0, linkable) == 2.5e-4  # many lists name the same people
    assert fitted_prior(assumed, 10.0, linkable) == assumed * PRIOR_RANGE[0]
    assert fitted_prior(assumed, 1e5, linkable) == assumed * PRIOR_RANGE[1]


def test_a_surname_only_one_name_carries_is_still_shared_when_its_given_name_is_common() -> None:
    # "isaev magomed" and "tsuev zelim" are each named by three lists of four and nobody
    # else is called Isaev or Tsuev; but a quarter of all records are called Magomed. Three
    # records with one surname may be two brothers both named Magomed (a Zipf-common name):
    # the name is not as sure as Zelim's (the namesakes are counted beside an average
    # person's records, not beside all three).
    rng = np.random.default_rng(3)
    rows = [
        (f"sn{i}", f"gn{i}", source) for i in range(300) for source in "abcd" if rng.random() < 0.5
    ]
    rows += [(f"s{i}", "magomed", "abcd"[i % 4]) for i in range(200)]
    rows += [("isaev", "magomed", source) for source in "abc"]
    rows += [("tsuev", "zelim", source) for source in "abc"]
    chance = same_person_chance(_names(rows))
    assert chance["isaev magomed"] < chance["tsuev zelim"] - 0.05
