"""A slip in a given name's first letters beside a vowel slip in a common surname, the real
linker (issue 12, fourteenth pass).

Two records of one person: one list writes Motaev Usup, born 1978, the other Mutaev Kusup,
born 1979, another day (a letter put before the given name, a vowel changed in the
surname). Every key that holds the given name holds its first letters; the surname's
consonant code alone (mtf) is shared by two hundred men, over the cap, and refined by the
birth year, which the two records give differently. No key proposed the pair until the
surname's consonant code with the given name's without its first letter became one
(linkrecall6: fails on main baf1e79). A given name of three letters (Mutaev Aur, Motiev
Saur) is proposed by that key alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from two_lists import COLUMNS, EVENT, Person, linked, other_people
from two_lists import labels as labels_of

from uncounted.linkage import build_features
from uncounted.linkage._blocking import DEFAULT_CAP, key_columns, proposed

_CASES = [
    ("a", "mo1", "Motaev Usup", "1978", "m", "Shali", EVENT),
    ("b", "mo1", "Mutaev Kusup", "1979", "m", "Shali", "2000-07-12"),
    ("a", "ma1", "Mutaev Aur", "1983", "m", "Argun", EVENT),
    ("b", "ma1", "Motiev Saur", "1984", "m", "Argun", "2000-07-12"),
]

# Surnames of one consonant code (Mutaev, Motiev, Madoev, Batuev ... all mtf or ptf), with
# the commonest given names.
_HEADS = ["Mut", "Mot", "Mat", "Met", "Mit", "Mad", "Mud", "Bat", "Bad", "Pat", "Vat", "Wat"]
_GIVEN = ["Magomed", "Islam", "Ruslan", "Adam", "Isa", "Said", "Aslan", "Ibragim"]


def _person(i: int) -> Person:
    draw = np.random.default_rng(i)
    surname = f"{_HEADS[i % len(_HEADS)]}{draw.choice(['aev', 'iev', 'oev', 'uev'])}"
    name = f"{surname} {_GIVEN[i % len(_GIVEN)]}"
    return name, name, str(1950 + i % 40), ["Shali", "Argun"][i % 2]


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, ...]]:
    return _CASES + other_people(200, _person)


@pytest.fixture(scope="module")
def features(rows: list[tuple[str, ...]]) -> pd.DataFrame:
    return build_features(pd.DataFrame(rows, columns=COLUMNS))


@pytest.mark.parametrize("person", ["mo1", "ma1"])
def test_a_slip_in_the_given_names_first_letters_is_proposed(
    rows: list[tuple[str, ...]], features: pd.DataFrame, person: str
) -> None:
    at = np.flatnonzero([row[1] == person for row in rows])
    assert proposed(features, at[:1], at[1:])[0]


@pytest.mark.parametrize("person", ["mo1", "ma1"])
def test_a_slip_in_the_given_names_first_letters_links(
    rows: list[tuple[str, ...]], person: str
) -> None:
    labels = labels_of(linked(rows))
    assert labels[("a", person)] == labels[("b", person)]


def test_no_block_grows_over_the_cap(features: pd.DataFrame) -> None:
    keys = features[key_columns(features)]
    largest = max(int(keys[c].value_counts().max()) for c in keys if keys[c].notna().any())
    assert largest <= DEFAULT_CAP
