"""A typo in the first letter of a given name, the real linker (issue 12, eighth pass).

Two records of one person, born on the same day, whose given name one list misspells in its
first letter (Ksa for Isa, Kmail for Ismail): the keys that begin with the given name's
first letters all differ, so the pair must be proposed by keys that do not use them. With
the same surname it is (the surname alone, or with the given name's last letters); with a
slip in the middle of the surname too (Usufov for Usupov) no key proposed it until the full
date of birth became one (linkrecall2: fails on main a66f039).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from two_lists import COLUMNS, Person, linked, other_people
from two_lists import labels as labels_of

from uncounted.linkage import build_features
from uncounted.linkage._blocking import proposed

_SYLLABLES = ["ba", "da", "ka", "la", "ma", "na", "ra", "ta", "sa", "ha"]
_GIVEN = ["Magomed", "Islam", "Ruslan", "Adam", "Isa", "Said"]
_CASES = [
    # The same surname, the given name's first letter misspelt.
    ("a", "is1", "Isaev Isa", "1970-05-03", "m", "Shali", "2000-05-01"),
    ("b", "is1", "Isaev Ksa", "1970-05-03", "m", "Shali", "2000-05-01"),
    # A slip in the surname's middle too: neither its first nor its last four letters, nor
    # its consonants, nor the given name's first letters agree.
    ("a", "us1", "Usupov Ismail", "1988-03-12", "m", "Argun", "2000-05-01"),
    ("b", "us1", "Usufov Kmail", "1988-03-12", "m", "Argun", "2000-05-01"),
    # The surname written the German way (folded alike), the given name misspelt.
    ("a", "ta1", "Tamaev Ruslan", "1975-11-20", "m", "Shali", "2000-05-01"),
    ("b", "ta1", "Tamaew Fuslan", "1975-11-20", "m", "Shali", "2000-05-01"),
]


def _person(i: int) -> Person:
    draw = np.random.default_rng(i)
    surname = "".join(draw.choice(_SYLLABLES, 3)).capitalize() + "ev"
    name = f"{surname} {_GIVEN[i % len(_GIVEN)]}"
    return name, name, str(1940 + i % 50), ["Shali", "Argun"][i % 2]


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, ...]]:
    return _CASES + other_people(150, _person)


@pytest.mark.parametrize("person", ["is1", "us1", "ta1"])
def test_a_typo_in_the_given_names_first_letter_is_proposed(
    rows: list[tuple[str, ...]], person: str
) -> None:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    features = build_features(frame)
    at = frame.index[frame["record_id"] == person].to_numpy()
    assert proposed(features, at[:1], at[1:])[0]


@pytest.fixture(scope="module")
def labels(rows: list[tuple[str, ...]]) -> pd.Series:
    return labels_of(linked(rows))


@pytest.mark.parametrize("person", ["is1", "us1", "ta1"])
def test_a_typo_in_the_given_names_first_letter_links(labels: pd.Series, person: str) -> None:
    assert labels[("a", person)] == labels[("b", person)]
