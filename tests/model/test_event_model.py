"""The detention event model: several acts per victim, status over time, what each counts as."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncounted.model import (
    InvalidValue,
    PartialDate,
    StatusChange,
    counted_under,
    current_status,
    dated_codes_text,
    detention_days,
    load,
    parse_dated_codes,
)
from uncounted.model.vocabulary import COUNTED_AS, counted_as


def test_a_victim_arrested_and_beaten_counts_as_detained_and_tortured_once_each() -> None:
    assert counted_under("detention", ["arrest", "beating", "electric_shock"]) == {
        "detention",
        "torture",
    }


def test_the_event_type_counts_even_without_acts() -> None:
    assert counted_under("detention", []) == {"detention"}
    assert counted_under(None, []) == frozenset()


def test_dead_counts_as_killed_and_the_other_statuses_add_nothing() -> None:
    assert counted_under("detention", ["arrest"], "dead") == {"detention", "killing"}
    for status in ("detained", "released", "whereabouts_unknown", "left_region"):
        assert counted_under("detention", ["arrest"], status) == {"detention"}


def test_acts_counted_under_nothing_add_nothing() -> None:
    assert counted_under("detention", ["phone_seizure", "other"]) == {"detention"}


def test_forced_outing_is_an_act_counted_as_forced_outing() -> None:
    acts = load("act_types")
    assert acts.lookup("forced outing") == "outing_to_relatives"
    assert counted_as("act_types")["outing_to_relatives"] == "forced_outing"


@pytest.mark.parametrize("name", COUNTED_AS)
def test_every_counted_as_is_an_event_type(name: str) -> None:
    events = set(load("event_types").codes())
    assert set(counted_as(name).values()) <= events
    assert set(counted_as(name)) <= set(load(name).codes())


def test_the_acts_statuses_kinds_and_interventions_a_detention_needs_exist() -> None:
    assert {"arrest", "beating", "electric_shock", "extortion", "document_seizure"} <= set(
        load("act_types").codes()
    )
    assert {"outing_to_relatives", "threat_to_family"} <= set(load("act_types").codes())
    assert load("victim_statuses").codes() == (
        "detained",
        "released",
        "dead",
        "whereabouts_unknown",
        "left_region",
    )
    kinds = load("location_types")
    assert {"police_station", "official_detention_facility", "prison"} <= set(kinds.codes())
    assert kinds.label("secret_facility", "en") == "Unofficial place of detention"
    assert kinds.label("secret_facility", "ru") == "Неофициальное место содержания"
    needed = {"complaint_to_authorities", "evacuation", "shelter", "legal_aid"}
    assert needed <= set(load("intervention_types").codes())


def test_status_over_time() -> None:
    history = [
        StatusChange("detained", PartialDate.parse("2019-01-05")),
        StatusChange("released", PartialDate.parse("2019-01-20")),
    ]
    assert current_status(history) == "released"
    assert current_status([]) is None
    with pytest.raises(InvalidValue):
        StatusChange("gone")
    with pytest.raises(InvalidValue):
        StatusChange("")


def test_detention_days_exact_and_partial() -> None:
    day = PartialDate.parse
    assert detention_days(day("2019-01-05"), day("2019-01-20")) == (15, 15)
    assert detention_days(day("2019-01-05"), day("2019-01-05")) == (0, 0)
    assert detention_days(day("2017-03"), day("2017-04")) == (1, 60)
    with pytest.raises(InvalidValue):
        detention_days(day("2019-02"), day("2019-01"))


@st.composite
def _dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1990, 2030))
    month = draw(st.none() | st.integers(1, 12))
    day = None if month is None else draw(st.none() | st.integers(1, 28))
    return PartialDate(year, month, day)


@given(_dates(), _dates())
def test_detention_days_range_contains_every_exact_reading(a: PartialDate, b: PartialDate) -> None:
    start, end = (a, b) if not b.surely_before(a) else (b, a)
    shortest, longest = detention_days(start, end)
    assert 0 <= shortest <= longest
    assert longest == (end.latest() - start.earliest()).days


pairs = st.lists(
    st.tuples(st.none() | _dates(), st.sampled_from(load("victim_statuses").codes())), max_size=6
)


@given(pairs)
def test_dated_codes_round_trip(values: list[tuple[PartialDate | None, str]]) -> None:
    assert parse_dated_codes(dated_codes_text(values), "victim_statuses") == tuple(values)


def test_dated_codes_refuse_an_unknown_code() -> None:
    with pytest.raises(InvalidValue):
        parse_dated_codes("2019-01-05 vanished", "victim_statuses")
