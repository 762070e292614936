"""Given names written otherwise in Cyrillic, the real linker (issue 12, seventh pass).

Lists of the region write one name in Cyrillic in several ways: Фатима, Фатимат, Патимат
or Пятимат; Магомед or the Chechen Мохьмад; Ахмед or Ахмат; Хусейн or Хусен. The records
of one person so written on two lists link; Хасан and Хусейн, two names, do not, when the
men were born 25 years apart. Forty other people named alike by both lists stand beside
them.
"""

from __future__ import annotations

import pandas as pd
import pytest
from two_lists import Person, linked, other_people
from two_lists import labels as labels_of

from uncounted.linkage import canonical_given
from uncounted.linkage._fold import fold

_SYLLABLES = ["ба", "да", "ка", "ла", "ма", "на", "ра", "та"]
_GIVEN = ["Умар", "Ислам", "Руслан", "Адам"]
_CASES = [
    ("a", "is1", "Пятимат Исаева", "1980", "f", "", ""),
    ("b", "is1", "Фатима Исаева", "1980", "f", "", ""),
    ("a", "du1", "Фатимат Дудаева", "1975", "f", "Шали", ""),
    ("b", "du1", "Патима Дудаева", "1975", "f", "", ""),
    ("a", "ga1", "Мохьмад Гайсултанов", "1968", "m", "", ""),
    ("b", "ga1", "Магомед Гайсултанов", "1968", "m", "Аргун", ""),
    ("a", "ba1", "Хусен Бисултанов", "1959", "m", "", ""),
    ("b", "ba1", "Хусейн Бисултанов", "1959", "m", "", ""),
    # Two men, two names, born 25 years apart.
    ("a", "ha1", "Хасан Исаев", "1960", "m", "", ""),
    ("b", "hu1", "Хусейн Исаев", "1985", "m", "", ""),
]


def _person(i: int) -> Person:
    """One of forty other people (Ду...ев), named alike by both lists."""
    stem = (_SYLLABLES[i % 8] + _SYLLABLES[i // 8]).capitalize()
    name = f"{_GIVEN[i % 4]} Ду{stem.lower()}ев"
    return name, name, f"{1950 + i}", "Шали"


@pytest.fixture(scope="module")
def labels() -> pd.Series:
    return labels_of(linked(_CASES + other_people(40, _person)))


@pytest.mark.parametrize("person", ["is1", "du1", "ga1", "ba1"])
def test_one_persons_name_written_otherwise_in_cyrillic_links(
    labels: pd.Series, person: str
) -> None:
    assert labels[("a", person)] == labels[("b", person)]


def test_hasan_and_husein_born_apart_do_not_link(labels: pd.Series) -> None:
    assert labels[("a", "ha1")] != labels[("b", "hu1")]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Пятимат", "Фатима"),
        ("Фатимат", "Фатима"),
        ("Мохьмад", "Магомед"),
        ("Ахмат", "Ахмед"),
        ("Хусен", "Хусейн"),
        ("Зайнап", "Зайнаб"),
    ],
)
def test_a_cyrillic_variant_reads_as_its_name(written: str, name: str) -> None:
    assert canonical_given(fold(written)) == canonical_given(fold(name))


@pytest.mark.parametrize(
    ("one", "other"), [("Хасан", "Хусейн"), ("Махмуд", "Магомед"), ("Салах", "Салих")]
)
def test_two_names_stay_two(one: str, other: str) -> None:
    assert canonical_given(fold(one)) != canonical_given(fold(other))
