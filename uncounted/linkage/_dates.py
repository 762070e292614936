"""Birth years a record allows, from its birth date or from its age at a dated event.

A hotline knows "1990-05-12", a list knows "1990", the press knows "34" at an event in
2017. Each becomes an interval of possible birth years (and, when known, the exact date), so
that "34 in March 2017" agrees with "1982" and with "1983-01-02" alike. Dates are read by
the model's one parser (:meth:`uncounted.model.PartialDate.parse`) and ages turned into birth
years by its :func:`~uncounted.model.birth_year_interval`, so linkage reads a date exactly as
the importer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.model import PartialDate, birth_year_interval


@dataclass(frozen=True)
class BirthYears:
    """The interval of birth years a record allows, and the exact date when it has one."""

    low: int
    high: int
    exact: str | None


def birth_years(
    birth: PartialDate | None, age: int | None, event: PartialDate | None
) -> BirthYears | None:
    """Birth-year interval from a birth date, or else from an age at a dated event."""
    if birth is not None:
        exact = str(birth) if birth.precision == "day" else None
        return BirthYears(birth.year, birth.year, exact)
    if age is not None and event is not None:
        low, high = birth_year_interval(age, event)
        return BirthYears(low, high, None)
    return None
