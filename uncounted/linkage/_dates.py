"""Birth years a record allows, from its birth date, or from its age at a dated event, or
from an age a list gives with no date at all.

A hotline knows "1990-05-12", a list knows "1990", the press knows "34" at an event in
2017. Each becomes an interval of possible birth years (and, when known, the exact date), so
that "34 in March 2017" agrees with "1982" and with "1983-01-02" alike. Dates are read by
the model's one parser (:meth:`uncounted.model.PartialDate.parse`) and ages turned into birth
years by its :func:`~uncounted.model.birth_year_interval`, so linkage reads a date exactly as
the importer does.

Some lists give an age and no date at all ("Dadašev Magomed, 22"). The year that age was
true in is not written anywhere, and the tool does not invent one: the age is read at every
year the events the list documents span (its own dated events, or lacking any, those of all
the lists linked together; :func:`reference_years`). That interval is wide (the span plus
one year), so it is marked *undated*: the birth comparison scores it as weak agreement when
it fits and as disagreement only when the two cannot fit (see
uncounted.linkage._comparisons._birth). A wrong guess of the year can only keep two records
of one person apart, never join two namesakes whose ages cannot fit.

How much a fit says depends on how wide the windows are together (nineteenth pass): a
window of five years against a known year inside it, or one age read twice over the same
years (two records of one list), fits a namesake about one time in ten; two different ages
whose windows only touch ("22" and "26" over 2016-2019: born 1989-1997) fit far more, and
were weighed alike, joining two undated holders of a common name. They are two levels of the
birth comparison, by the years the two allow together
(uncounted.linkage._comparisons.NARROW_AGE_WINDOWS), and EM weighs each. The window is also a
bound of the person's birth years when clusters are built (uncounted.linkage._clustering:
traits): a record with no birth at all could link a man of 61 on an age list to his namesake
born in 1994, whom the age alone kept apart pair by pair. On setting 35019 (tuning) the false pairs
in clusters fell from 101 to 84 and the true pairs missed from 65 to 64
(docs/benchmarks/linkage.md, nineteenth pass, linkns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from uncounted.model import PartialDate, birth_year_interval

# The share of a list's dated events cut off at each end before its span of years is read:
# one event date typed a decade off must not widen every undated age of the list.
_SPAN_TRIM = 0.01


@dataclass(frozen=True)
class BirthYears:
    """The interval of birth years a record allows, the exact date when it has one, and
    whether it comes from an age no date goes with (*undated*: wide, see the module)."""

    low: int
    high: int
    exact: str | None
    undated: bool = False


@dataclass(frozen=True)
class ReferenceYears:
    """The first and last year an age given without a date may have been true in."""

    first: int
    last: int


def reference_years(events: Iterable[PartialDate | None]) -> ReferenceYears | None:
    """The years a list's dated events span (trimmed of the first and last 1%), or None
    when it dates none."""
    years = np.array([event.year for event in events if event is not None], dtype=np.float64)
    if len(years) == 0:
        return None
    first, last = np.quantile(years, [_SPAN_TRIM, 1.0 - _SPAN_TRIM], method="nearest")
    return ReferenceYears(int(first), int(last))


def birth_years(
    birth: PartialDate | None,
    age: int | None,
    event: PartialDate | None,
    reference: ReferenceYears | None = None,
) -> BirthYears | None:
    """Birth-year interval from a birth date, or else from an age at a dated event, or else
    from an age read at every year of *reference* (undated)."""
    if birth is not None:
        exact = str(birth) if birth.precision == "day" else None
        return BirthYears(birth.year, birth.year, exact)
    if age is not None and event is not None:
        low, high = birth_year_interval(age, event)
        return BirthYears(low, high, None)
    if age is not None and reference is not None:
        low, _ = birth_year_interval(age, PartialDate(reference.first))
        _, high = birth_year_interval(age, PartialDate(reference.last))
        return BirthYears(low, high, None, undated=True)
    return None
