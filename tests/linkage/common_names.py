"""Names for the linkage tests' common-name worlds: Zipf draws over made-up surnames and
given names common in the region, so a few names are held by many men (namesakes) and
most by one. Shared by the tests that build such a world, so each draws the same way."""

from __future__ import annotations

import numpy as np

SYLLABLES = ["ba", "da", "ka", "la", "ma", "na", "ra", "ta", "sa", "za", "ha", "ga"]
GIVEN_NAMES = [
    "Magomed", "Ahmed", "Islam", "Ruslan", "Adam", "Said", "Aslan", "Umar", "Ibragim",
    "Hamzat", "Movsar", "Arbi", "Lecha", "Rizvan", "Shamil", "Apti", "Vakha", "Salman",
]  # fmt: skip


def zipf_draw(rng: np.random.Generator, size: int, count: int, exponent: float) -> np.ndarray:
    """*count* numbers below *size*, number k drawn with weight 1 / (k + 1) ** exponent."""
    weights = 1.0 / np.arange(1, size + 1) ** exponent
    return rng.choice(size, count, p=weights / weights.sum())


def syllable_surname(number: int) -> str:
    """A made-up surname of three syllables and -ev, one for each number below 1,728."""
    first, second, third = number % 12, number // 12 % 12, number // 144 % 12
    return (SYLLABLES[first] + SYLLABLES[second] + SYLLABLES[third]).capitalize() + "ev"
