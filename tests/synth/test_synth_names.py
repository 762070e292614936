"""Names vary as much as in a real population, yet common names and families still collide."""

from __future__ import annotations

import pandas as pd
import pytest

from uncounted.synth import World, WorldConfig, generate_world


@pytest.fixture(scope="module")
def large() -> World:
    """100,000 people and no sources: only the population is drawn."""
    return generate_world(WorldConfig(people=100_000, seed=13, sources=(), classes=(1.0,)))


def _full_names(people: pd.DataFrame) -> pd.Series:
    return people["surname"] + " " + people["given_name"] + " " + people["patronymic"]


def test_most_full_names_are_distinct_at_100000_people(large: World) -> None:
    full = _full_names(large.people)
    assert full.nunique() / len(full) >= 0.9


def test_common_names_still_collide(large: World) -> None:
    people = large.people
    assert _full_names(people).value_counts().iloc[0] >= 3
    assert (people["surname"] + " " + people["given_name"]).nunique() / len(people) < 0.8
    assert people["given_name"].value_counts().iloc[0] > 0.02 * len(people)


def test_siblings_share_surname_patronymic_and_district_but_not_given_name(large: World) -> None:
    people = large.people
    sizes = people["family_id"].value_counts()
    families = people[people["family_id"].isin(sizes[sizes > 1].index)]
    assert len(families) > 0.1 * len(people)
    stem = families["surname"].str.replace(r"а$", "", regex=True)
    father = families["patronymic"].str.replace(r"(ич|на)$", "", regex=True)
    per_family = families.assign(stem=stem, father=father).groupby("family_id")
    assert (per_family["stem"].nunique() == 1).all()
    assert (per_family["father"].nunique() == 1).all()
    assert (per_family["home_district"].nunique() == 1).all()
    same_sex = families.groupby(["family_id", "sex"])["given_name"]
    assert (same_sex.nunique() == same_sex.size()).all()


def test_there_are_men_and_women_and_plausible_ages(large: World) -> None:
    people = large.people
    assert 0.8 < (people["sex"] == "M").mean() < 0.9
    age = (pd.to_datetime(people["event_date"]) - pd.to_datetime(people["birth_date"])).dt.days
    years = age / 365.25
    assert years.min() >= 16 and years.max() < 71
    assert 24 < years.median() < 32


def test_events_cluster_in_the_2017_and_2018_2019_waves(large: World) -> None:
    dates = pd.to_datetime(large.people["event_date"])
    wave_2017 = dates.between("2017-02-15", "2017-05-31").mean()
    wave_2019 = dates.between("2018-12-01", "2019-04-30").mean()
    assert wave_2017 > 0.4 and wave_2019 > 0.3
