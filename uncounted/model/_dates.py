"""Dates known to the year, the month or the day, as testimonies and lists give them.

A witness may remember "spring 2017" or "March 2017"; a list may give a birth year only. A
:class:`PartialDate` is the interval of days it could mean, so two partial dates can be compared
for compatibility (could they be the same day?) rather than for equality.

A date written with slashes (``05/03/1990``) is 5 March in Europe and 3 May in the United
States. It is read only in the order the caller names (:data:`DATE_ORDERS`: a list's mapping
says it); without one it is refused with :class:`DateOrderNeeded`, which says which orders
could read it, so that a file whose dates settle the order (``25/03/1990``) can be pointed
out, never guessed. ``MM/YYYY`` has one reading and needs no order, nor does a date that
both orders read as the same day (``05/05/1990``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, total_ordering
from typing import Literal, get_args

from uncounted.messages import N_, Message
from uncounted.model._errors import InvalidValue

#: The years a date may name. A four-digit year outside them is a typing error ("0983",
#: "2917"): 1850 admits everyone who could have been alive, at most :data:`MAX_AGE`, at an
#: event since 1970; a birth date too early for its event is refused by the age rule below.
EARLIEST_YEAR = 1850
LATEST_YEAR = 2100
#: The oldest age, in full years, uncounted accepts: for an age given, and between a birth
#: date and an event date. The oldest verified person lived to 122; a larger figure in a
#: list is a typing error. (Intake and the web forms used 120, linkage and this module 130.)
MAX_AGE = 120
DATE_FORM = N_("not a date in YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY form")

_PART_NAMES = {"year": N_("year"), "month": N_("month"), "day": N_("day")}
"""The parts of a date as a reason names them, in words a translation can carry (a Russian
reader saw the English "month" inside an otherwise Russian message)."""

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DOTTED = re.compile(r"(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})")
_SLASHED = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})")

#: How a date written with slashes is read: ``05/03/1990`` is 5 March day first, 3 May month
#: first.
DateOrder = Literal["day-first", "month-first"]
DATE_ORDERS: tuple[DateOrder, ...] = get_args(DateOrder)
_SLASHED_FORMS = {
    "day-first": N_("not a date in DD/MM/YYYY form, day first ({field} {reason})"),
    "month-first": N_("not a date in MM/DD/YYYY form, month first ({field} {reason})"),
}
_FORM_WITH_REASON = N_(
    "not a date in YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY form ({field} {reason})"
)
_NEITHER_ORDER = N_("not a date in DD/MM/YYYY or MM/DD/YYYY form ({field} {reason})")
ORDER_NEEDED = N_(
    "a date written with slashes may be day first or month first: write it as YYYY-MM-DD"
)


class DateOrderNeeded(InvalidValue):
    """Raised for a slashed date (``05/03/1990``) read without a date order.

    ``readings`` are the orders that read the text as a date: both for ``05/03/1990``, only
    ``day-first`` for ``25/03/1990``, only ``month-first`` for ``03/25/1990``. The reason
    never repeats the text.
    """

    def __init__(self, readings: tuple[DateOrder, ...]) -> None:
        super().__init__("PartialDate", "date", ORDER_NEEDED)
        self.readings = readings


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, month or day; ordered by the interval it covers."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not EARLIEST_YEAR <= self.year <= LATEST_YEAR:
            raise InvalidValue(
                "PartialDate",
                "year",
                Message(N_("must lie in {first}–{last}"), first=EARLIEST_YEAR, last=LATEST_YEAR),
            )
        if self.month is None and self.day is not None:
            raise InvalidValue("PartialDate", "day", N_("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidValue("PartialDate", "month", N_("must lie in 1–12"))
        if self.day is not None:
            assert self.month is not None  # checked above; narrows the type
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidValue("PartialDate", "day", N_("is not a day of that month"))

    @classmethod
    def parse(cls, text: str, order: DateOrder | None = None) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also Russian ``DD.MM.YYYY``, ``MM.YYYY``).

        ``MM/YYYY`` is a month; ``DD/MM/YYYY`` or ``MM/DD/YYYY`` is read in *order* only, and
        refused with :class:`DateOrderNeeded` when no order is given. Raises
        :class:`InvalidValue` (field ``date``) without repeating the text.
        """
        cleaned = text.strip()
        iso = _ISO.fullmatch(cleaned)
        if iso:
            year, month, day = iso.groups()
            return cls._checked(year, month, day)
        dotted = _DOTTED.fullmatch(cleaned)
        if dotted:
            day, month, year = dotted.groups()
            return cls._checked(year, month, day)
        slashed = _SLASHED.fullmatch(cleaned)
        if slashed:
            first, second, year = slashed.groups()
            return cls._slashed(first, second, year, order)
        raise InvalidValue("PartialDate", "date", DATE_FORM)

    @classmethod
    def _slashed(
        cls, first: str | None, second: str, year: str, order: DateOrder | None
    ) -> PartialDate:
        if first is None:  # MM/YYYY: one reading whatever the order
            return cls._checked(year, second, None)
        if order is not None:
            day, month = (first, second) if order == "day-first" else (second, first)
            return cls._checked(year, month, day, _SLASHED_FORMS[order])
        read = cls._readings(first, second, year)
        if not read:  # no order reads it: say what is wrong with it read day first
            cls._checked(year, second, first, _NEITHER_ORDER)
        if len(set(read.values())) == 1 and len(read) == len(DATE_ORDERS):
            return next(iter(read.values()))  # 05/05/1990: the same day either way
        raise DateOrderNeeded(tuple(read))

    @classmethod
    def _readings(cls, first: str, second: str, year: str) -> dict[DateOrder, PartialDate]:
        """``DD/MM/YYYY`` or ``MM/DD/YYYY`` as each order that reads it reads it."""
        read: dict[DateOrder, PartialDate] = {}
        for each in DATE_ORDERS:
            try:
                read[each] = cls._slashed(first, second, year, each)
            except InvalidValue:
                continue
        return read

    @classmethod
    def orders_reading(cls, text: str) -> tuple[DateOrder, ...] | None:
        """The date orders that read *text*, when the order changes what it means: both for
        ``05/03/1990``, ``("day-first",)`` for ``25/03/1990``, ``("month-first",)`` for
        ``03/25/1990``, none for ``13/25/1990``. None when the order does not matter: a date
        both orders read as the same day (``05/05/1990``), ``MM/YYYY``, any other form, or
        text that is no slashed date at all (:meth:`parse` says what is wrong with it)."""
        slashed = _SLASHED.fullmatch(text.strip())
        if slashed is None or slashed.group(1) is None:
            return None
        first, second, year = slashed.groups()
        try:  # the parser's own rule, unordered: one place says "the same day either way"
            cls._slashed(first, second, year, None)
        except DateOrderNeeded as needed:
            return needed.readings
        except InvalidValue:
            return ()  # no order reads it
        return None  # both orders read the same day

    @classmethod
    def _checked(
        cls,
        year: str,
        month: str | None,
        day: str | None,
        form: str = _FORM_WITH_REASON,
    ) -> PartialDate:
        try:
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        except InvalidValue as error:
            raise InvalidValue(
                "PartialDate",
                "date",
                Message(form, field=_PART_NAMES.get(error.field, error.field), reason=error.reason),
            ) from None

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """The exact day of a :class:`datetime.date` (or datetime)."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @cached_property
    def _interval(self) -> tuple[dt.date, dt.date]:
        first = dt.date(self.year, self.month or 1, self.day or 1)
        if self.day is not None:
            return first, first
        month = self.month or 12
        return first, dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def earliest(self) -> dt.date:
        """The first day this date could mean."""
        return self._interval[0]

    def latest(self) -> dt.date:
        """The last day this date could mean."""
        return self._interval[1]

    def interval(self) -> tuple[dt.date, dt.date]:
        """The first and last day this date could mean."""
        return self._interval

    def to_month(self) -> PartialDate:
        """The same date coarsened to its month (a year-only date stays a year)."""
        return PartialDate(self.year, self.month)

    def to_year(self) -> PartialDate:
        """The same date coarsened to its year."""
        return PartialDate(self.year)

    def overlaps(self, other: PartialDate) -> bool:
        """True when both could mean the same day (the intervals intersect)."""
        return self.earliest() <= other.latest() and other.earliest() <= self.latest()

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` is one of the days this date could mean."""
        return self.earliest() <= day <= self.latest()

    def surely_before(self, other: PartialDate) -> bool:
        """True when every day this could mean precedes every day ``other`` could mean."""
        return self.latest() < other.earliest()

    def days_apart(self, other: PartialDate) -> int:
        """The smallest number of days between the two intervals (0 when they overlap)."""
        if self.overlaps(other):
            return 0
        if self.surely_before(other):
            return (other.earliest() - self.latest()).days
        return (self.earliest() - other.latest()).days

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.interval() < other.interval()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def _years_before(day: dt.date, years: int) -> dt.date:
    """``day`` moved back by whole years; 29 February becomes 28 February in common years."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_year_interval(age: int, at: PartialDate) -> tuple[int, int]:
    """The birth years possible for someone who was ``age`` full years old at date ``at``.

    Someone aged a on day d was born after d − (a+1) years and on or before d − a years; a
    partial ``at`` widens this to the union over every day it could mean.
    """
    if not 0 <= age <= MAX_AGE:
        raise InvalidValue("age", "age", Message(N_("must lie in 0–{limit}"), limit=MAX_AGE))
    first = _years_before(at.earliest(), age + 1) + dt.timedelta(days=1)
    last = _years_before(at.latest(), age)
    return first.year, last.year


def age_interval(birth: PartialDate, at: PartialDate) -> tuple[int, int]:
    """The full years of age someone born at ``birth`` could have had at ``at``.

    The lower bound is floored at 0; a birth surely after ``at`` raises :class:`InvalidValue`.
    """
    if at.surely_before(birth):
        raise InvalidValue("age", "birth_date", N_("lies after the event date"))
    low = _full_years(birth.latest(), at.earliest())
    high = _full_years(birth.earliest(), at.latest())
    return max(low, 0), high


def _full_years(born: dt.date, on: dt.date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
