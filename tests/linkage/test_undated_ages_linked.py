"""A list that gives an age and no date at all ("Dadašev Magomed, 22"), linked by the real
linker beside a register that gives the year of birth and the event's date (issue 12,
eighteenth pass).

The age is read at every year the events of the lists span (the list dates none of its
own), so it says roughly when the person was born: among holders of a common name the one
born when the age says is linked, and a namesake whose age cannot fit the register's birth
is kept apart, however rare the name. On main both pairs were scored as if neither record
knew a birth: the first by the name alone, under the threshold among namesakes; the second
by the name alone, linked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from two_lists import labels, made_up_people

from uncounted.linkage import LinkConfig, LinkResult, link_records

_COLUMNS = ["source", "record_id", "name", "birth_date", "age", "sex", "place", "event_date"]
_SYLLABLES = ["ba", "ga", "da", "ma", "sa", "ta", "ku", "lu", "mu", "ru", "zu", "hi"]
_GIVEN = ["Adam", "Aslan", "Ruslan", "Said", "Zelimkhan", "Khamzat", "Ibragim", "Movsar"]
_EVENT_YEARS = (2016, 2017, 2018, 2019)


def _event(year: int) -> str:
    return f"{year}-03-15"


def _linked(cases: list[tuple[str, ...]]) -> LinkResult:
    """*cases* beside 200 other people named by both lists: the age list ("age") gives the
    name, the sex and the age (at an event in 2016-2019) and no date; the register ("reg")
    the year of birth, place and the event's date."""
    person = made_up_people(_SYLLABLES, _GIVEN, "ev")
    rows = list(cases)
    for i in range(200):
        name, _, born, place = person(i)
        year = _EVENT_YEARS[i % len(_EVENT_YEARS)]
        age = year - int(born) - int(np.random.default_rng(i).integers(0, 2))
        rows.append(("age", f"o{i}", name, "", str(age), "m", "", ""))
        rows.append(("reg", f"o{i}", name, born, "", "m", place, _event(year)))
    result = link_records(pd.DataFrame(rows, columns=_COLUMNS), LinkConfig())
    assert result.summary["model"]["trained"]
    return result


def test_an_undated_age_links_the_namesake_born_when_it_says() -> None:
    # Three holders of one name in the register, born 1960, 1978 and 1995; the age list
    # names one of them at 22. On main the age said nothing: the three namesakes scored
    # alike by the name alone and the age list's record joined none of them.
    cases = [
        ("reg", f"d{year}", "ДАДАШЕВ МАГОМЕД", str(year), "", "m", "Shali", _event(2018))
        for year in (1960, 1978, 1995)
    ]
    cases.append(("age", "d", "Dadashev Magomed", "", "22", "m", "", ""))
    clusters = labels(_linked(cases))
    assert clusters[("age", "d")] == clusters[("reg", "d1995")]
    assert clusters[("age", "d")] != clusters[("reg", "d1960")]
    assert clusters[("age", "d")] != clusters[("reg", "d1978")]


def test_a_namesake_whose_age_cannot_fit_the_birth_stays_apart() -> None:
    # A name nobody else holds, on both lists: 61 years old on the age list at an event
    # of 2016-2019 cannot be the register's man born in 1994. On main the age said
    # nothing and the name alone joined them.
    cases = [
        ("reg", "k", "ХАТУЕВ ИСЛАМ", "1994", "", "m", "Shelkovskaya", _event(2017)),
        ("age", "k", "Khatuev Islam", "", "61", "m", "", ""),
    ]
    clusters = labels(_linked(cases))
    assert clusters[("age", "k")] != clusters[("reg", "k")]
