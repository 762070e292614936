"""Exact names with nothing else known on one side (issue 12, fifth pass), the real linker.

A name held by one person must link however many lists name that person, and when one list
names them twice; the frequency of the name among records counted each such record as
another person, and those pairs were left apart (0.29-0.47 on the random settings).
"""

from __future__ import annotations

import pandas as pd

from uncounted.linkage import LinkConfig, link_records

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]
_GIVEN = ["Adam", "Aslan", "Ruslan", "Said", "Zelimkhan", "Khamzat", "Ibragim", "Movsar"]


def _others() -> list[tuple[str, ...]]:
    """Thirty other people, each in two of the four lists, with birth and place."""
    rows = []
    for i in range(30):
        name = f"Surname{chr(97 + i % 26)}{i}ov {_GIVEN[i % len(_GIVEN)]}"
        for source in ("ab", "bc", "cd", "da")[i % 4]:
            rows.append((source, f"o{i}", name, f"{1950 + i}", "m", "Shali", "2000-05-01"))
    return rows


def _linked(rows: list[tuple[str, ...]]) -> pd.Series:
    frame = pd.DataFrame(rows + _others(), columns=COLUMNS)
    records = link_records(frame, LinkConfig()).records
    return records.set_index(["source", "record_id"])["cluster_id"]


def test_one_person_named_by_four_lists_links_the_record_with_nothing_else() -> None:
    # Fails on main 2afe8b7: the record of list d was a person of its own.
    labels = _linked(
        [
            ("a", "1", "Umarov Movsar", "1975", "m", "Urus-Martan", "2000-05-01"),
            ("b", "1", "Умаров Мовсар", "1975", "m", "Урус-Мартан", "2000-05-01"),
            ("c", "1", "Oumarov Movsar", "1975", "m", "", "2000-05-01"),
            ("d", "1", "Umarov Movsar", "", "", "", ""),
        ]
    )
    people = {labels[(source, "1")] for source in "abcd"}
    assert len(people) == 1


def test_a_person_a_list_names_twice_links_across_lists() -> None:
    # Fails on main 2afe8b7: two records in list a were read as two people, and b joined
    # neither.
    labels = _linked(
        [
            ("a", "1", "Dudaev Khamzat", "1981", "m", "Shali", "2000-05-01"),
            ("a", "2", "Dudaev Khamzat", "", "", "", ""),
            ("b", "1", "Дудаев Хамзат", "", "", "", ""),
        ]
    )
    assert labels[("b", "1")] == labels[("a", "1")]


def test_namesakes_with_birth_years_apart_stay_two_people() -> None:
    # The same name, nothing else shared, births 39 years apart: the name alone (at most
    # 0.98) does not outweigh them.
    labels = _linked(
        [
            ("a", "1", "Dudaev Khamzat", "1951", "m", "", "2000-05-01"),
            ("b", "1", "Дудаев Хамзат", "1990", "m", "", "2003-09-12"),
        ]
    )
    assert labels[("a", "1")] != labels[("b", "1")]
