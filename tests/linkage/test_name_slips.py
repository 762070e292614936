"""One part of the name the same and the other a slip away, the real linker (issue 12,
seventh pass).

A list that knows nothing but the name writes Magomed Tagirov as Magomed Tegirov (no other
Tegirov anywhere): one person, linked, however many other Magomeds there are. Two real
surnames a slip apart (Baitaev and Baisaev, each spelt so by records of their own) are two
families, not a typo: Isa Baisaev of one list is not Isa Baitaev of the other. One flat
level scored both alike (on the random settings 0.38 for every such pair of 11010, one
person in a third of them), so either the typo was missed or the families were merged.
Brothers whose given names are a slip apart stay two people.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest
from two_lists import Person, other_people, trained_labels

_ONSETS = ["b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z", "kh", "sh", "ch"]
_VOWELS = ["a", "e", "i", "o", "u"]
# Magomed for a quarter of the people, as in the lists of the region.
_GIVEN = ["Magomed", "Magomed", "Aslan", "Ruslan", "Islam", "Adam", "Said", "Movsar"]
_PLACES = ["Shali", "Argun", "Gudermes", "Urus-Martan"]
_CASES = [
    ("a", "t1", "Tagirov Magomed", "1975", "m", "Shali", "2000-05-01"),
    ("b", "t1", "Tegirov Magomed", "", "", "", ""),
    # Two families, Baitaev and Baisaev, each named by both lists; list b alone names Isa
    # Baisaev (nothing else known), list a alone Isa Baitaev.
    ("a", "i1", "Baitaev Isa", "1960", "m", "Argun", "2001-03-02"),
    ("a", "i2", "Baitaev Said", "1958", "m", "Argun", "2001-03-02"),
    ("b", "i2", "Baitaev Said", "1958", "", "", ""),
    ("a", "i3", "Baisaev Adam", "1971", "m", "Shali", "2002-06-12"),
    ("b", "i3", "Baisaev Adam", "1971", "", "", ""),
    ("b", "i4", "Baisaev Isa", "", "", "", ""),
    # Brothers: the same surname, patronymic and place, born two years apart, given names
    # a slip apart that others hold too (Adlan, Aslan): each list names one of them.
    ("a", "s1", "Dudurkaev Adlan Akhmedovich", "1980", "m", "Shali", "2000-05-01"),
    ("b", "s2", "Dudurkaev Aslan Akhmedovich", "1982", "m", "Shali", "2000-05-01"),
    ("a", "s3", "Khadzhiev Adlan", "1966", "m", "Argun", "2000-05-01"),
    ("b", "s3", "Khadzhiev Adlan", "1966", "", "", ""),
]


def _others() -> list[tuple[str, ...]]:
    """200 other people, each named by both lists: list a with birth and place, list b with
    the name and the year of birth, one surname in eight with a slip there (two letters
    swapped: nobody else spells it so)."""
    draw = random.Random(12)

    def person(i: int) -> Person:
        syllables = [draw.choice(_ONSETS) + draw.choice(_VOWELS) for _ in range(3)]
        name = "".join(syllables).capitalize() + draw.choice(["ev", "ov"])
        name = f"{name} {_GIVEN[i % 8]}"
        slipped = name[:2] + name[3] + name[2] + name[4:] if i % 8 == 3 else name
        return name, slipped, f"{1940 + i % 50}", _PLACES[i % 4]

    return other_people(200, person, second_knows_all=False)


@pytest.fixture(scope="module")
def labels() -> pd.Series:
    return trained_labels(_CASES + _others())


def test_a_typo_in_a_surname_nobody_else_holds_links(labels: pd.Series) -> None:
    assert labels[("a", "t1")] == labels[("b", "t1")]


def test_two_surnames_a_slip_apart_each_with_records_stay_two_families(
    labels: pd.Series,
) -> None:
    # Fails on main 8a0019b: one flat level for both kinds of slip, Isa Baisaev was put with
    # Isa Baitaev as a typo would be.
    assert labels[("a", "i2")] == labels[("b", "i2")]
    assert labels[("a", "i3")] == labels[("b", "i3")]
    assert labels[("b", "i4")] != labels[("a", "i1")]


def test_brothers_with_given_names_a_slip_apart_stay_two_people(labels: pd.Series) -> None:
    assert labels[("a", "s1")] != labels[("b", "s2")]
