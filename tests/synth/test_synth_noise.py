"""Each source makes the kinds of errors it is configured to, at about the configured rate.

Every check compares a noisy world with the same world made error-free: both draw the same
random numbers, so the two differ exactly where an error was made.
"""

from __future__ import annotations

import jellyfish
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from synth_helpers import with_noise, without_errors

from uncounted.synth import World, WorldConfig, default_sources, generate_world
from uncounted.synth._typos import LATIN, typo

NOISY = {
    "hotline": {
        "typo": 0.3,
        "missing_patronymic": 0.4,
        "missing_birth": 0.1,
        "birth_year_only": 0.3,
        "birth_month_only": 0.2,
        "event_date_shift": 0.3,
        "event_date_shift_days": 5,
        "missing_sex": 0.15,
    },
    "press_en": {"age_off_by_one": 0.25, "arabic_variant": 1.0, "missing_place": 0.3},
    "list_de": {"swapped_order": 0.25, "typo": 0.0},
    "scholar_iso9": {"initials": 0.3, "missing_patronymic": 0.0},
}


def _pair() -> tuple[World, World]:
    quiet = tuple(without_errors(spec) for spec in default_sources())
    noisy = tuple(with_noise(spec, **NOISY.get(spec.name, {})) for spec in quiet)
    return (
        generate_world(WorldConfig(people=6000, seed=21, sources=noisy)),
        generate_world(WorldConfig(people=6000, seed=21, sources=quiet)),
    )


@pytest.fixture(scope="module")
def pair() -> tuple[World, World]:
    return _pair()


def _source(world: World, name: str) -> pd.DataFrame:
    return world.records[world.records["source"] == name].reset_index(drop=True)


def test_noise_changes_fields_not_who_is_recorded(pair: tuple[World, World]) -> None:
    noisy, quiet = pair
    pd.testing.assert_frame_equal(noisy.truth, quiet.truth)


def test_typos_hit_the_configured_share_with_one_edit_each(pair: tuple[World, World]) -> None:
    noisy, quiet = (_source(w, "hotline") for w in pair)
    # compare whole names where the noisy source kept the patronymic
    kept = noisy["name"].str.count(" ") == quiet["name"].str.count(" ")
    written, true = noisy.loc[kept, "name"], quiet.loc[kept, "name"]
    assert (written != true).mean() == pytest.approx(0.3, abs=0.04)
    for one, other in zip(written.str.lower(), true.str.lower(), strict=True):
        assert jellyfish.damerau_levenshtein_distance(one, other) <= 1


def test_patronymics_go_missing_at_the_configured_rate(pair: tuple[World, World]) -> None:
    noisy = _source(pair[0], "hotline")
    without = (noisy["name"].str.count(" ") < 2).mean()
    assert without == pytest.approx(0.4, abs=0.04)


def test_birth_dates_lose_precision_at_the_configured_rates(pair: tuple[World, World]) -> None:
    noisy, quiet = (_source(w, "hotline") for w in pair)
    length = noisy["birth_date"].str.len()
    assert (length == 0).mean() == pytest.approx(0.1, abs=0.03)
    given = length > 0
    assert (length[given] == 4).mean() == pytest.approx(0.3, abs=0.04)
    assert (length[given] == 7).mean() == pytest.approx(0.2, abs=0.04)
    prefix_ok = [
        q.startswith(n) for n, q in zip(noisy["birth_date"], quiet["birth_date"], strict=True)
    ]
    assert all(prefix_ok)


def test_event_dates_shift_by_at_most_the_configured_days(pair: tuple[World, World]) -> None:
    noisy, quiet = (_source(w, "hotline") for w in pair)
    gap = (pd.to_datetime(noisy["event_date"]) - pd.to_datetime(quiet["event_date"])).dt.days
    assert (gap != 0).mean() == pytest.approx(0.3, abs=0.04)
    assert gap.abs().max() <= 5
    assert (gap < 0).any() and (gap > 0).any()


def test_sex_goes_missing_at_the_configured_rate(pair: tuple[World, World]) -> None:
    noisy = _source(pair[0], "hotline")
    assert (noisy["sex"] == "").mean() == pytest.approx(0.15, abs=0.03)


def test_press_ages_are_off_by_one_at_the_configured_rate(pair: tuple[World, World]) -> None:
    noisy, quiet = (_source(w, "press_en") for w in pair)
    off = (noisy["age"] - quiet["age"]).astype(float).to_numpy()
    assert set(np.unique(off)) <= {-1.0, 0.0, 1.0}
    assert (off != 0).mean() == pytest.approx(0.25, abs=0.05)
    assert (noisy["place"] == "").mean() == pytest.approx(0.3, abs=0.05)


def test_arabic_origin_variants_replace_the_russian_forms(pair: tuple[World, World]) -> None:
    noisy, quiet = (_source(w, "press_en") for w in pair)
    given_quiet = quiet["name"].str.split(" ").str[0]
    magomed = given_quiet == "Magomed"
    assert magomed.sum() > 5
    variants = noisy.loc[magomed, "name"].str.split(" ").str[0]
    assert set(variants) <= {"Mohammed", "Muhammad", "Mohamed", "Muhammed"}
    assert len(set(variants)) >= 2
    plain = given_quiet.isin(["Ramzan", "Ruslan", "Adam"])
    assert (noisy.loc[plain, "name"] == quiet.loc[plain, "name"]).all()


def test_name_order_is_swapped_at_the_configured_rate(pair: tuple[World, World]) -> None:
    noisy, quiet = (_source(w, "list_de") for w in pair)
    swapped = noisy["name"] != quiet["name"]
    assert swapped.mean() == pytest.approx(0.25, abs=0.05)
    reordered = [
        sorted(n.split()) == sorted(q.split())
        for n, q in zip(noisy["name"], quiet["name"], strict=True)
    ]
    assert all(reordered)


def test_initials_replace_given_name_and_patronymic(pair: tuple[World, World]) -> None:
    noisy = _source(pair[0], "scholar_iso9")
    initials = noisy["name"].str.contains(r"^\S+ \S\. \S\.$")
    assert initials.mean() == pytest.approx(0.3, abs=0.06)


def test_noise_scale_zero_makes_a_clean_world_and_two_a_noisier_one() -> None:
    quiet = tuple(without_errors(spec) for spec in default_sources())
    worlds = {
        scale: generate_world(WorldConfig(people=3000, seed=5, sources=default_sources(scale)))
        for scale in (0.0, 1.0, 2.0)
    }
    clean = generate_world(WorldConfig(people=3000, seed=5, sources=quiet))
    pd.testing.assert_frame_equal(worlds[0.0].records, clean.records)
    differing = {
        scale: (world.records["name"] != clean.records["name"]).mean()
        for scale, world in worlds.items()
    }
    assert differing[0.0] == 0.0
    assert 1.6 * differing[1.0] < differing[2.0]


@given(
    name=st.from_regex(r"[A-Z][a-z]{3,9} [A-Z][a-z]{2,8}( [A-Z]\.)?", fullmatch=True),
    draws=st.lists(st.floats(0, 0.999), min_size=3, max_size=3),
)
def test_a_typo_is_one_edit_in_the_source_alphabet_and_spares_initials(
    name: str, draws: list[float]
) -> None:
    written = typo(name, LATIN, np.array(draws))
    assert written != name
    assert jellyfish.damerau_levenshtein_distance(written.lower(), name.lower()) == 1
    assert set(written.lower()) <= set(LATIN) | {" ", "."}
    if name.endswith("."):
        assert written.endswith(name[-3:])
