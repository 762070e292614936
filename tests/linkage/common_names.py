"""Names for the linkage tests' common-name worlds: Zipf draws over made-up surnames and
given names common in the region, so a few names are held by many men (namesakes) and
most by one. Shared by the tests that build such a world, so each draws the same way."""

from __future__ import annotations

import numpy as np
import pandas as pd

SYLLABLES = ["ba", "da", "ka", "la", "ma", "na", "ra", "ta", "sa", "za", "ha", "ga"]
GIVEN_NAMES = [
    "Magomed", "Ahmed", "Islam", "Ruslan", "Adam", "Said", "Aslan", "Umar", "Ibragim",
    "Hamzat", "Movsar", "Arbi", "Lecha", "Rizvan", "Shamil", "Apti", "Vakha", "Salman",
]  # fmt: skip
# Villages of the region, for worlds whose men are each held in one.
VILLAGES = [
    "Samashki", "Bamut", "Vedeno", "Avtury", "Goyty", "Mayrtup", "Benoy", "Dzhalka",
    "Starye Atagi", "Tolstoy-Yurt", "Znamenskoye", "Shatoy", "Itum-Kali", "Geldagan",
]  # fmt: skip


def zipf_draw(rng: np.random.Generator, size: int, count: int, exponent: float) -> np.ndarray:
    """*count* numbers below *size*, number k drawn with weight 1 / (k + 1) ** exponent."""
    weights = 1.0 / np.arange(1, size + 1) ** exponent
    return rng.choice(size, count, p=weights / weights.sum())


def syllable_surname(number: int) -> str:
    """A made-up surname of three syllables and -ev, one for each number below 1,728."""
    first, second, third = number % 12, number // 12 % 12, number // 144 % 12
    return (SYLLABLES[first] + SYLLABLES[second] + SYLLABLES[third]).capitalize() + "ev"


def full_names(rng: np.random.Generator, people: int) -> list[str]:
    """One full name per man: a Zipf surname of 400 (exponent 1.0) and a Zipf given name
    (1.1), so the commonest full name is held by ten men or more among 1,800."""
    surname, given = zipf_draw(rng, 400, people, 1.0), zipf_draw(rng, len(GIVEN_NAMES), people, 1.1)
    return [f"{syllable_surname(s)} {GIVEN_NAMES[g]}" for s, g in zip(surname, given, strict=True)]


def commonest(frame: pd.DataFrame) -> str:
    """The full name held by the most people (``record_id``) of a list frame."""
    return str(frame.drop_duplicates(["name", "record_id"])["name"].value_counts().index[0])
