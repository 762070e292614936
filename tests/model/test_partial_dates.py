"""Partial dates: what a caseworker types is read, rejected or compared as a person expects."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncounted.model import InvalidValue, PartialDate, age_interval, birth_year_interval

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(days)
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.from_date(day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017", PartialDate(2017)),
        ("2017-03", PartialDate(2017, 3)),
        ("2017-03-04", PartialDate(2017, 3, 4)),
        ("2017-3-4", PartialDate(2017, 3, 4)),
        (" 2017-03 ", PartialDate(2017, 3)),
        ("04.03.2017", PartialDate(2017, 3, 4)),
        ("03.2017", PartialDate(2017, 3)),
        ("2016-02-29", PartialDate(2016, 2, 29)),
    ],
)
def test_accepted_forms(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "17",
        "2017-13",
        "2017-02-30",
        "2017-00",
        "2017/03/04",
        "March 2017",
        "2017-03-04T10",
        "1700",
    ],
)
def test_rejected_forms_say_what_is_expected(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        PartialDate.parse(text)
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in str(caught.value)
    assert caught.value.field == "date"


def test_day_without_month_is_refused() -> None:
    with pytest.raises(InvalidValue):
        PartialDate(2017, None, 4)


def test_interval_of_a_month_covers_the_whole_month() -> None:
    assert PartialDate(2016, 2).interval() == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert PartialDate(2017).interval() == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))


def test_coarsening_keeps_what_is_known() -> None:
    assert PartialDate(2017, 3, 4).to_month() == PartialDate(2017, 3)
    assert PartialDate(2017).to_month() == PartialDate(2017)
    assert PartialDate(2017, 3, 4).to_year() == PartialDate(2017)


def test_compatibility_and_distance() -> None:
    march = PartialDate(2017, 3)
    assert march.overlaps(PartialDate(2017, 3, 31))
    assert not march.overlaps(PartialDate(2017, 4, 1))
    assert march.days_apart(PartialDate(2017, 4, 2)) == 2
    assert PartialDate(2017).overlaps(march)
    assert march.surely_before(PartialDate(2017, 4))
    assert not PartialDate(2017).surely_before(march)


@given(partial_dates())
def test_text_round_trip(date: PartialDate) -> None:
    assert PartialDate.parse(str(date)) == date


@given(partial_dates(), partial_dates())
def test_overlap_is_symmetric_and_agrees_with_distance(a: PartialDate, b: PartialDate) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    assert (a.days_apart(b) == 0) == a.overlaps(b)
    assert a.days_apart(b) == b.days_apart(a)


@given(partial_dates(), partial_dates())
def test_ordering_is_consistent(a: PartialDate, b: PartialDate) -> None:
    assert (a < b) + (b < a) + (a == b) == 1
    if a.surely_before(b):
        assert a < b


@given(days, days)
def test_birth_year_interval_contains_the_true_birth_year(born: dt.date, on: dt.date) -> None:
    if on < born:
        born, on = on, born
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age > 130:
        return
    for at in (PartialDate.from_date(on), PartialDate(on.year, on.month), PartialDate(on.year)):
        low, high = birth_year_interval(age, at)
        assert low <= born.year <= high
        assert high - low <= 2
    ages = age_interval(PartialDate.from_date(born), PartialDate(on.year))
    assert ages[0] <= age <= ages[1]


def test_age_interval_refuses_birth_after_event() -> None:
    with pytest.raises(InvalidValue):
        age_interval(PartialDate(2019), PartialDate(2017))


def test_birth_year_interval_refuses_impossible_age() -> None:
    with pytest.raises(InvalidValue):
        birth_year_interval(-1, PartialDate(2017))
