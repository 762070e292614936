"""A list that gives an age and no date at all ("Dadašev Magomed, 22"), linked by the real
linker beside a register that gives the year of birth and the event's date (issue 12,
eighteenth pass).

The age is read at every year the events of the lists span (the list dates none of its
own), so it says roughly when the person was born: among holders of a common name the one
born when the age says is linked, and a namesake whose age cannot fit the register's birth
is kept apart, however rare the name. On main both pairs were scored as if neither record
knew a birth: the first by the name alone, under the threshold among namesakes; the second
by the name alone, linked.

Two more false links among common names were mended in the nineteenth pass (on main, two
victims counted as one): a record with no birth at all joined a man of 61 on the age list
to his namesake born in 1994, whom the age alone kept apart (the clusters did not read the
age); and two undated ages of two lists whose windows only touch (22 and 26) fitted as
much as an age against a known year, joining two holders of a common name.
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


def _linked(cases: list[tuple[str, ...]], second_age_list: bool = False) -> LinkResult:
    """*cases* beside 200 other people named by both lists: the age list ("age") gives the
    name, the sex and the age (at an event in 2016-2019) and no date; the register ("reg")
    the year of birth, place and the event's date. With *second_age_list*, half the people
    are on a second age list ("age2") instead of the first, and every tenth on both."""
    person = made_up_people(_SYLLABLES, _GIVEN, "ev")
    rows = list(cases)
    for i in range(200):
        name, _, born, place = person(i)
        year = _EVENT_YEARS[i % len(_EVENT_YEARS)]
        age = str(year - int(born) - int(np.random.default_rng(i).integers(0, 2)))
        lists = ("age",)
        if second_age_list:
            lists = ("age", "age2") if i % 10 == 0 else (("age",) if i % 2 else ("age2",))
        rows += [(source, f"o{i}", name, "", age, "m", "", "") for source in lists]
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


def test_a_record_without_birth_does_not_join_an_age_to_a_namesake_it_cannot_fit() -> None:
    # The register's Khatuev Islam, born 1994, and a record of a third list with no birth
    # are one man; the age list's Khatuev Islam is 61 at an event of 2016-2019. On main the
    # record without birth joined all three into one cluster (one victim counted).
    cases = [
        ("reg", "k", "ХАТУЕВ ИСЛАМ", "1994", "", "m", "Shelkovskaya", _event(2017)),
        ("bare", "k", "Khatuev Islam", "", "", "m", "Shelkovskaya", ""),
        ("age", "k", "Khatuev Islam", "", "61", "m", "", ""),
    ]
    clusters = labels(_linked(cases, second_age_list=True))
    assert clusters[("age", "k")] != clusters[("reg", "k")]
    assert clusters[("bare", "k")] == clusters[("reg", "k")]


def test_two_undated_ages_of_a_common_name_are_not_joined_by_fitting_alone() -> None:
    # Six men named Dadashev Magomed in the register, born 1950-1985; one
    # age list names one at 22, the other one at 26 (born 1993-1997 and 1989-1993: the
    # windows touch). Nothing but a common name and two wide windows says they are one man.
    # On main the two windows' fit weighed as much as an age against a known year, and
    # joined them.
    cases = [
        ("reg", f"d{year}", "ДАДАШЕВ МАГОМЕД", str(year), "", "m", "Shali", _event(2018))
        for year in (1950, 1955, 1960, 1970, 1978, 1985)
    ]
    cases.append(("age", "d", "Dadashev Magomed", "", "22", "m", "", ""))
    cases.append(("age2", "d", "Dadashev Magomed", "", "26", "m", "", ""))
    clusters = labels(_linked(cases, second_age_list=True))
    assert clusters[("age", "d")] != clusters[("age2", "d")]
