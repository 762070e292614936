"""Blocking proposes the pair whatever single error one record's name carries (item 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.linkage import build_features
from uncounted.linkage._blocking import phonetic, proposed
from uncounted.synth._typos import LATIN, typo

SURNAMES = ["Isaev", "Dudaev", "Khasukhanov", "Abdurakhmanov", "Tsuev", "Elmurzaev", "Gataev"]
GIVEN = ["Magomed", "Adam", "Rustam", "Zelimkhan", "Isa", "Kheda", "Ibragim"]


def _pair_proposed(left: dict[str, str], right: dict[str, str], *others: dict[str, str]) -> bool:
    frame = pd.DataFrame([left, right, *others]).fillna("")
    features = build_features(frame)
    return bool(proposed(features, np.array([0]), np.array([1]))[0])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SURNAMES),
    st.sampled_from(GIVEN),
    st.tuples(st.floats(0, 0.999), st.floats(0, 0.999), st.floats(0, 0.999)),
    st.booleans(),
    st.booleans(),
)
def test_one_typo_anywhere_even_in_the_first_letters_still_proposes_the_pair(
    surname: str, given_name: str, draws: tuple[float, ...], head: bool, swap: bool
) -> None:
    clean = f"{given_name} {surname}"
    written = typo(f"{surname} {given_name}" if swap else clean, LATIN, np.array(draws), head)
    left = {"source": "a", "record_id": "1", "name": clean}
    right = {"source": "b", "record_id": "1", "name": written}
    assert _pair_proposed(left, right), (clean, written)


def test_initials_and_a_vowel_variant_still_propose_the_pair() -> None:
    assert _pair_proposed(
        {"source": "a", "record_id": "1", "name": "Ахмадов Ислам"},
        {"source": "b", "record_id": "1", "name": "Akhmedov Islam"},
    )
    assert _pair_proposed(
        {"source": "a", "record_id": "1", "name": "Исаев А.М."},
        {"source": "b", "record_id": "1", "name": "Adam Isaev"},
    )


def test_conflicting_sex_is_never_proposed() -> None:
    assert not _pair_proposed(
        {"source": "a", "record_id": "1", "name": "Adam Isaev", "sex": "M"},
        {"source": "b", "record_id": "1", "name": "Adam Isaev", "sex": "F"},
    )


def test_a_common_name_block_is_capped() -> None:
    # 500 records of one name with no other field: no key may hold more than the cap.
    frame = pd.DataFrame(
        {
            "source": ["a", "b"] * 250,
            "record_id": [str(i) for i in range(500)],
            "name": ["Magomed Magomedov"] * 500,
        }
    )
    features = build_features(frame, block_cap=40)
    keys = features[[c for c in features.columns if c.startswith("bk_")]]
    largest = max(int(keys[c].value_counts().max()) if keys[c].notna().any() else 0 for c in keys)
    assert largest <= 40


def test_phonetic_code_merges_vowel_variants() -> None:
    assert phonetic("ahmadov") == phonetic("ahmedov")
    assert phonetic("umarov") == phonetic("omarov")


def test_an_initial_only_record_with_a_typo_in_the_surname_is_proposed() -> None:
    for left, right in (
        ("A. Solaev", "SULAEV ALI"),  # a vowel
        ("Rsutamow I.", "Islam Rustamov"),  # two letters swapped
        ("Dadaesh N.", "Dadaev Nurdi"),  # the ending
        ("K. Abmaef", "Khasan Abmaev"),  # the ending, and the initial written otherwise
    ):
        assert _pair_proposed(
            {"source": "a", "record_id": "1", "name": left},
            {"source": "b", "record_id": "1", "name": right},
        ), (left, right)


def test_typos_in_both_surname_letters_still_meet_on_the_initial_and_the_day() -> None:
    assert _pair_proposed(
        {"source": "a", "record_id": "1", "name": "Muslim Hamzetov", "event_date": "2018-12-30"},
        {"source": "b", "record_id": "1", "name": "CAHMSATOW M.", "event_date": "2018-12-30"},
    )
    # Three other men named M. whose surnames sort between the two, read forward and
    # backward: an initial-only record also meets the two nearest surnames' records of
    # its initial (the sorted neighbourhoods), which in a list of two is the other one.
    between = [
        {"source": "c", "record_id": str(n), "name": f"Musa {surname}"}
        for n, surname in enumerate(["Kabetov", "Madetov", "Maretov"])
    ]
    assert not _pair_proposed(
        {"source": "a", "record_id": "1", "name": "Muslim Hamzetov", "event_date": "2018-12-30"},
        {"source": "b", "record_id": "1", "name": "CAHMSATOW M.", "event_date": "2019-01-30"},
        *between,
    )


def test_a_capped_common_name_block_still_pairs_a_record_without_birth_year() -> None:
    # 200 Magomed Magomedovs born in 1990-1999; one list's record of the same event, a day
    # later, has no birth year. The name's block is capped and refined by birth year, which
    # the record lacks; the windows along the event's date still bring the two together.
    # (Its namesakes' events are spread over the days of a month: had 23 of them one day, as
    # before, the record meets the nearest of them, not all, since the windows of a block
    # five times the cap hold a quarter of the cap; each is as likely to be its person.)
    rows = [
        {
            "source": "ab"[i % 2],
            "record_id": str(i),
            "name": "Magomed Magomedov",
            "birth_date": str(1990 + i % 10),
            "event_date": f"20{10 + i % 9}-0{1 + i % 9}-{1 + i % 28:02d}",
        }
        for i in range(200)
    ]
    rows.append(
        {"source": "c", "record_id": "x", "name": "Magomedov Magomed", "event_date": "2010-01-02"}
    )
    frame = pd.DataFrame(rows).fillna("")
    features = build_features(frame, block_cap=40)
    assert bool(proposed(features, np.array([0]), np.array([200]))[0])
    keys = features[[c for c in features.columns if c.startswith("bk_")]]
    largest = max(int(keys[c].value_counts().max()) if keys[c].notna().any() else 0 for c in keys)
    assert largest <= 40
