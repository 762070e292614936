"""The weight of an exact name follows how many people hold it (issue 12, eighth pass).

Two records agreeing on a folded full name and on nothing else are one person with the
chance the model gives the name (``same_person_chance``): near one for a name nobody else
holds, low for a name many hold. The real linker, 1,500 men in three lists with Zipf
surnames and given names: one man named like nobody else links with nothing but his name
(once in Cyrillic); two records of the commonest name (ten or more holders) do not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from common_names import GIVEN_NAMES, syllable_surname, zipf_draw

from uncounted.linkage import LinkConfig, link_records

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]


@pytest.fixture(scope="module")
def world() -> tuple[pd.DataFrame, tuple[str, str]]:
    """About 2,300 records of 1,500 men in three lists (birth years on four in five), and
    the commonest full name among them."""
    rng = np.random.default_rng(7)
    people = 1_500
    surname, given = (
        zipf_draw(rng, 1_700, people, 0.9),
        zipf_draw(rng, len(GIVEN_NAMES), people, 1.1),
    )
    born = rng.integers(1940, 2000, people)
    rows = []
    for source in "abc":
        for person in np.flatnonzero(rng.random(people) < 0.5):
            birth = str(born[person]) if rng.random() < 0.8 else ""
            name = f"{syllable_surname(surname[person])} {GIVEN_NAMES[given[person]]}"
            rows.append((source, f"p{person}", name, birth, "m", "", ""))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    commonest = frame.drop_duplicates(["name", "record_id"])["name"].value_counts()
    sn, gn = commonest.index[0].split()
    return frame, (sn, gn)


def _linked(frame: pd.DataFrame, rows: list[tuple[str, ...]]) -> pd.Series:
    added = pd.concat([frame, pd.DataFrame(rows, columns=COLUMNS)], ignore_index=True)
    records = link_records(added, LinkConfig()).records
    return records.set_index(["source", "record_id"])["cluster_id"]


def test_a_rare_exact_name_without_birth_links_a_common_one_does_not(
    world: tuple[pd.DataFrame, tuple[str, str]],
) -> None:
    frame, (surname, given) = world
    holders = frame.loc[frame["name"] == f"{surname} {given}", "record_id"].nunique()
    assert holders >= 10
    labels = _linked(
        frame,
        [
            # One man nobody else is named like, in two lists, nothing but his name.
            ("a", "rare", "Khizriev Zelimkhan", "", "m", "", ""),
            ("b", "rare", "Хизриев Зелимхан", "", "m", "", ""),
            # Two records of the commonest name, nothing but the name: one of many.
            ("a", "common", f"{surname} {given}", "", "m", "", ""),
            ("b", "common", f"{surname} {given}", "", "m", "", ""),
        ],
    )
    assert labels[("a", "rare")] == labels[("b", "rare")]
    assert labels[("a", "common")] != labels[("b", "common")]
