"""Dates at any precision, and ages, as intervals that can be compared for overlap.

A hotline knows "1990-05-12", a list knows "1990", the press knows "34" at an event in
2017. All of them become an interval of possible birth years (and, when known, an exact
date), so that "34 in March 2017" agrees with "1982" and with "1983-01-02" alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateFormatError(ValueError):
    """Raised by :func:`parse_date` when a text is not YYYY, YYYY-MM or YYYY-MM-DD."""


@dataclass(frozen=True)
class DateSpan:
    """The first and last day a date written at some precision can mean."""

    first: dt.date
    last: dt.date
    precision: int  # 1 year, 2 month, 3 day


def parse_date(text: str) -> DateSpan:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into the span of days it covers."""
    match = _DATE.match(text.strip())
    if not match:
        raise DateFormatError(text)
    year, month, day = match.groups()
    try:
        if day is not None:
            date = dt.date(int(year), int(month), int(day))
            return DateSpan(date, date, 3)
        if month is not None:
            first = dt.date(int(year), int(month), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return DateSpan(first, following - dt.timedelta(days=1), 2)
        return DateSpan(dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), 1)
    except ValueError as error:
        raise DateFormatError(text) from error


@dataclass(frozen=True)
class BirthYears:
    """The interval of birth years a record allows, and the exact date when it has one."""

    low: int
    high: int
    exact: str | None


def birth_years(
    birth: DateSpan | None, age: int | None, event: DateSpan | None
) -> BirthYears | None:
    """Birth-year interval from a birth date, or else from an age at a dated event."""
    if birth is not None:
        exact = birth.first.isoformat() if birth.precision == 3 else None
        return BirthYears(birth.first.year, birth.last.year, exact)
    if age is not None and event is not None:
        return BirthYears(event.first.year - age - 1, event.last.year - age, None)
    return None
