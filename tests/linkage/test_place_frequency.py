"""The same place says more of a village than of the capital (issue 12, twelfth pass).

The real linker, 1,800 men in three lists with Zipf surnames and given names, a third of
them held in Grozny and the rest in fourteen villages, birth years on four records of five,
no event dates. Two records of the commonest name and no birth, both in Grozny: two of its
many holders, left apart. Two records of the same name, both in Sharoy, a village no one
else in the lists is from: one man, linked (before, the same place was one weight wherever
it was, and both pairs were left apart).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from common_names import VILLAGES, commonest, full_names

from uncounted.linkage import LinkConfig, link_records

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]
# The capital, and fourteen villages.
_PLACES = ["Grozny", *VILLAGES]


@pytest.fixture(scope="module")
def world() -> tuple[pd.DataFrame, str]:
    """About 2,700 records of 1,800 men in three lists, a third of the men held in Grozny
    and the rest in the villages, and the commonest full name."""
    rng = np.random.default_rng(5)
    names = full_names(rng, 1_800)
    born = rng.integers(1960, 1990, len(names))
    weights = np.array([7.0] + [1.0] * (len(_PLACES) - 1))
    place = rng.choice(len(_PLACES), len(names), p=weights / weights.sum())
    rows = []
    for source in "abc":
        for person in np.flatnonzero(rng.random(len(names)) < 0.5):
            birth = str(born[person]) if rng.random() < 0.8 else ""
            name = names[person]
            rows.append((source, f"p{person}", name, birth, "m", _PLACES[place[person]], ""))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame, commonest(frame)


def test_the_same_village_links_namesakes_of_the_capital_stay_apart(
    world: tuple[pd.DataFrame, str],
) -> None:
    frame, name = world
    assert frame.loc[frame["name"] == name, "record_id"].nunique() >= 10
    assert (frame["place"] == "Grozny").mean() > 0.3
    added = pd.DataFrame(
        [
            ("a", "capital", name, "", "m", "Grozny", ""),
            ("b", "capital", name, "", "m", "Грозный", ""),
            ("a", "village", name, "", "m", "Sharoy", ""),
            ("b", "village", name, "", "m", "Шарой", ""),
        ],
        columns=COLUMNS,
    )
    records = link_records(pd.concat([frame, added], ignore_index=True), LinkConfig()).records
    labels = records.set_index(["source", "record_id"])["cluster_id"]
    assert labels[("a", "capital")] != labels[("b", "capital")]
    assert labels[("a", "village")] == labels[("b", "village")]
