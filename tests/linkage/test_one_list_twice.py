"""A list that names one person twice, and namesakes of one list: the real linker (issue 12,
item 4, ninth pass).

Lists of the region often name a person twice: a row typed again, or typed again with a
slip. Those two records are one person, whether or not another list names him. Two men of
one list with one name and birth years far apart are two men. Two hundred other people are
named by both lists; the first list names ten of them twice (it shows duplicates), the
second nobody.
"""

from __future__ import annotations

import pytest
from two_lists import EVENT, Person, linked, other_people
from two_lists import labels as labels_of

_SYLLABLES = ["ba", "da", "ka", "la", "ma", "na", "ra", "ta", "za", "ha"]
_GIVEN = ["Magomed", "Aslan", "Ruslan", "Islam", "Adam", "Said", "Movsar", "Umar"]
_PLACES = ["Shali", "Argun", "Gudermes", "Urus-Martan"]
_CASES = [
    # A row typed again in the first list, and the second list naming him once.
    ("a", "t1", "Khizriev Zelimkhan Saidovich", "1971-03-02", "m", "Argun", EVENT),
    ("a", "t2", "Khizriev Zelimkhan Saidovich", "1971-03-02", "m", "Argun", EVENT),
    ("b", "t3", "Khizriev Zelimkhan", "1971-03-02", "m", "Argun", EVENT),
    # Typed again with a slip in the surname, named by no other list.
    ("a", "s1", "Dzhabrailov Movsar", "1968", "m", "Shali", EVENT),
    ("a", "s2", "Dzhabrailv Movsar", "1968", "m", "Shali", EVENT),
    # A row typed again in the list that names nobody else twice.
    ("b", "r1", "Yandarbiev Salman Umarovich", "1959-11-20", "m", "Gudermes", EVENT),
    ("b", "r2", "Yandarbiev Salman Umarovich", "1959-11-20", "m", "Gudermes", EVENT),
    # Namesakes in one list, born 37 years apart: two men, in either list.
    ("a", "n1", "Temirsultanov Islam", "1950", "m", "Shali", EVENT),
    ("a", "n2", "Temirsultanov Islam", "1987", "m", "Shali", EVENT),
    ("b", "n3", "Temirsultanov Islam", "1950", "m", "Shali", EVENT),
    ("b", "n4", "Temirsultanov Islam", "1987", "m", "Shali", EVENT),
]


def _person(i: int) -> Person:
    surname = (_SYLLABLES[i % 10] + _SYLLABLES[i // 10 % 10]).capitalize() + "ev"
    given = _GIVEN[i // 100 % 2 * 4 + i % 4]
    return (f"{surname} {given}", f"{surname} {given}", f"{1940 + i % 50}", _PLACES[i % 4])


@pytest.fixture(scope="module")
def labels() -> dict[tuple[str, str], int]:
    rows = other_people(200, _person)
    # The first list names ten of the others twice.
    rows += [(*row[:1], f"{row[1]}x", *row[2:]) for row in rows if row[0] == "a"][:10]
    return labels_of(linked(rows + _CASES)).to_dict()


def test_a_row_typed_again_is_one_person(labels: dict[tuple[str, str], int]) -> None:
    assert labels[("a", "t1")] == labels[("a", "t2")] == labels[("b", "t3")]
    assert labels[("b", "r1")] == labels[("b", "r2")]


def test_a_row_typed_again_with_a_slip_is_one_person(labels: dict[tuple[str, str], int]) -> None:
    assert labels[("a", "s1")] == labels[("a", "s2")]


def test_namesakes_of_one_list_born_far_apart_stay_apart(
    labels: dict[tuple[str, str], int],
) -> None:
    assert labels[("a", "n1")] != labels[("a", "n2")]
    assert labels[("b", "n3")] != labels[("b", "n4")]
    assert labels[("a", "n1")] == labels[("b", "n3")]
    assert labels[("a", "n2")] == labels[("b", "n4")]
    # The others the first list names twice are one person each time.
    for i in range(10):
        assert labels[("a", f"o{i}")] == labels[("a", f"o{i}x")] == labels[("b", f"o{i}")]
