"""Partial dates: what a caseworker types is read, rejected or compared as a person expects."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncounted.model import (
    DATE_ORDERS,
    MAX_AGE,
    DateOrder,
    DateOrderNeeded,
    InvalidValue,
    PartialDate,
    Record,
    age_interval,
    birth_year_interval,
)
from uncounted.model._dates import EARLIEST_YEAR, LATEST_YEAR

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
any_days = st.dates(min_value=dt.date(EARLIEST_YEAR, 1, 1), max_value=dt.date(LATEST_YEAR, 12, 31))
blanks = st.text(alphabet=" \t", max_size=3)


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
    assert "YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY" in str(caught.value)
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
    if age > MAX_AGE:
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


@given(any_days, st.booleans(), blanks, blanks)
def test_russian_dotted_forms_mean_the_iso_date(
    day: dt.date, padded: bool, before: str, after: str
) -> None:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    assert PartialDate.parse(f"{before}{d}.{m}.{day.year}{after}") == PartialDate.from_date(day)
    assert PartialDate.parse(f"{m}.{day.year}") == PartialDate(day.year, day.month)
    assert PartialDate.parse(f"{before}{day.isoformat()}{after}") == PartialDate.from_date(day)


@given(st.integers(min_value=1000, max_value=9999))
def test_a_year_is_read_exactly_when_it_lies_in_the_range(year: int) -> None:
    if EARLIEST_YEAR <= year <= LATEST_YEAR:
        assert PartialDate.parse(str(year)) == PartialDate(year)
        return
    with pytest.raises(InvalidValue) as caught:
        PartialDate.parse(str(year))
    assert f"{EARLIEST_YEAR}–{LATEST_YEAR}" in str(caught.value)


@given(st.text(alphabet="0123456789-./ Ma", max_size=12) | st.text(max_size=12))
def test_any_text_is_read_or_refused_with_the_forms_and_never_repeated(text: str) -> None:
    """The parser never crashes, reads only what it can print back, and refuses in one way."""
    form = "not a date in YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY form"
    slashed = "not a date in DD/MM/YYYY or MM/DD/YYYY form"
    reasons = {
        form,
        "a date written with slashes may be day first or month first: write it as YYYY-MM-DD",
        *(
            f"{each} ({part})"
            for each in (form, slashed)
            for part in (
                f"year must lie in {EARLIEST_YEAR}–{LATEST_YEAR}",
                "month must lie in 1–12",
                "day is not a day of that month",
            )
        ),
    }
    try:
        date = PartialDate.parse(text)
    except InvalidValue as error:
        assert error.field == "date"
        assert str(error.reason) in reasons
        return
    assert EARLIEST_YEAR <= date.year <= LATEST_YEAR
    assert PartialDate.parse(str(date)) == date


@given(any_days, any_days)
def test_a_birth_is_accepted_only_up_to_the_age_limit_before_the_event(
    born: dt.date, happened: dt.date
) -> None:
    birth, event = PartialDate.from_date(born), PartialDate.from_date(happened)
    try:
        Record(source="s", record_id="1", birth_date=birth, event_date=event)
    except InvalidValue as error:
        assert error.field == "birth_date"
        assert happened < born or age_interval(birth, event)[0] > MAX_AGE
    else:
        assert born <= happened
        assert age_interval(birth, event)[0] <= MAX_AGE


def test_the_age_limit_is_inclusive() -> None:
    assert birth_year_interval(MAX_AGE, PartialDate(2017)) == (2017 - MAX_AGE - 1, 2017 - MAX_AGE)
    with pytest.raises(InvalidValue):
        birth_year_interval(MAX_AGE + 1, PartialDate(2017))
    Record(source="s", record_id="1", birth_date=PartialDate(1897), event_date=PartialDate(2017))
    with pytest.raises(InvalidValue):
        Record(source="s", record_id="1", age=MAX_AGE + 1)


# --- Dates written with slashes (05/03/1990): read only in the order the caller names ---


def _slashed(day: dt.date, order: DateOrder, padded: bool) -> str:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    return f"{d}/{m}/{day.year}" if order == "day-first" else f"{m}/{d}/{day.year}"


@given(any_days, st.sampled_from(DATE_ORDERS), st.booleans(), blanks, blanks)
def test_a_slashed_date_written_in_an_order_is_read_back_in_it(
    day: dt.date, order: DateOrder, padded: bool, before: str, after: str
) -> None:
    text = f"{before}{_slashed(day, order, padded)}{after}"
    assert PartialDate.parse(text, order) == PartialDate.from_date(day)


@given(any_days, st.sampled_from(DATE_ORDERS))
def test_without_an_order_a_slashed_date_is_refused_naming_the_orders_that_read_it(
    day: dt.date, order: DateOrder
) -> None:
    """Never guessed: 05/03/1990 (both read it) and 25/03/1990 (day first only) are refused
    alike, the orders that could read them named; only 05/05/1990, the same day either way,
    is read."""
    text = _slashed(day, order, padded=True)
    if day.day == day.month:
        assert PartialDate.parse(text) == PartialDate.from_date(day)
        return
    with pytest.raises(DateOrderNeeded) as caught:
        PartialDate.parse(text)
    assert caught.value.field == "date"
    assert text not in str(caught.value)
    expected = DATE_ORDERS if day.day <= 12 else (order,)
    assert caught.value.readings == expected


@given(any_days, st.sampled_from((None, *DATE_ORDERS)))
def test_the_order_changes_only_slashed_day_dates(day: dt.date, order: DateOrder | None) -> None:
    """03/1990, 1990, 1990-03-05 and 05.03.1990 are read as before, whatever the order."""
    exact, month = PartialDate.from_date(day), PartialDate(day.year, day.month)
    read = {
        f"{day.month:02d}/{day.year}": month,
        f"{day.month}/{day.year}": month,
        str(day.year): PartialDate(day.year),
        day.isoformat(): exact,
        f"{day.day:02d}.{day.month:02d}.{day.year}": exact,
    }
    for text, expected in read.items():
        assert PartialDate.parse(text, order) == expected


@pytest.mark.parametrize(
    ("text", "order", "reason"),
    [
        ("03/25/1990", "day-first", "not a date in DD/MM/YYYY form, day first (month must"),
        ("25/03/1990", "month-first", "not a date in MM/DD/YYYY form, month first (month must"),
        ("31/04/1990", "day-first", "(day is not a day of that month)"),
        ("13/13/1990", None, "not a date in DD/MM/YYYY or MM/DD/YYYY form (month must"),
        ("05/03/1700", None, "(year must lie in"),
        ("1990/03/05", "day-first", "YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY"),
        ("05/03/90", "day-first", "YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY"),
    ],
)
def test_a_slashed_date_no_order_reads_says_why(
    text: str, order: DateOrder | None, reason: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        PartialDate.parse(text, order)
    assert not isinstance(caught.value, DateOrderNeeded)
    assert reason in str(caught.value.reason)


@pytest.mark.parametrize(
    ("text", "orders"),
    [
        ("05/03/1990", ("day-first", "month-first")),
        ("25/03/1990", ("day-first",)),
        ("03/25/1990", ("month-first",)),
        ("13/25/1990", ()),
        ("05/05/1990", None),
        ("03/1990", None),
        ("1990-03-05", None),
        ("05.03.1990", None),
        ("not a date", None),
    ],
)
def test_the_orders_that_read_a_slashed_date(text: str, orders: tuple[str, ...] | None) -> None:
    """Which date orders read a text, where the order changes it (the import page's survey)."""
    assert PartialDate.orders_reading(text) == orders


@pytest.mark.parametrize("year", [1990, 2000])
def test_the_survey_and_the_parser_read_slashed_dates_by_one_rule(year: int) -> None:
    """Every DD/MM/YYYY from 00/00 to 32/32: the import page's survey says the order does not
    matter exactly when the parser reads the date without one (05/05/1990, the same day either
    way), and names the orders the parser's refusal names (before, each had its own copy of
    the "same day either way" rule)."""
    for first in range(33):
        for second in range(33):
            text = f"{first:02d}/{second:02d}/{year}"
            try:
                PartialDate.parse(text)
            except DateOrderNeeded as needed:
                assert PartialDate.orders_reading(text) == needed.readings, text
            except InvalidValue:
                assert PartialDate.orders_reading(text) == (), text
            else:
                assert PartialDate.orders_reading(text) is None, text
