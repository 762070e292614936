"""The same day and the same village tell one person from a namesake (issue 12, ninth pass).

The real linker, 1,800 men in three lists with Zipf surnames and given names, each held
in one village of the gazetteer on one day (a list writes the day a few days off in one
record of five), birth years on four records of five. Two men of the commonest name born
the same year, one held in Samashki on one day, the other in Bamut (the same district)
on another, stay apart; one man's two records of the commonest name, the same day and the
same village (once in Cyrillic), link.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from common_names import VILLAGES, commonest, full_names

from uncounted.linkage import LinkConfig, link_records

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]


@pytest.fixture(scope="module")
def world() -> tuple[pd.DataFrame, str]:
    """About 2,700 records of 1,800 men in three lists, and the commonest full name."""
    rng = np.random.default_rng(11)
    people = 1_800
    names = full_names(rng, people)
    born = rng.integers(1960, 1990, people)
    village = rng.integers(0, len(VILLAGES), people)
    held = np.datetime64("2000-01-01") + rng.integers(0, 900, people).astype("timedelta64[D]")
    rows = []
    for source in "abc":
        for person in np.flatnonzero(rng.random(people) < 0.5):
            birth = str(born[person]) if rng.random() < 0.8 else ""
            off = int(rng.integers(1, 4)) if rng.random() < 0.2 else 0
            day = str(held[person] + np.timedelta64(off, "D"))
            name = names[person]
            rows.append((source, f"p{person}", name, birth, "m", VILLAGES[village[person]], day))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame, commonest(frame)


def _linked(frame: pd.DataFrame, rows: list[tuple[str, ...]]) -> pd.Series:
    added = pd.concat([frame, pd.DataFrame(rows, columns=COLUMNS)], ignore_index=True)
    records = link_records(added, LinkConfig()).records
    return records.set_index(["source", "record_id"])["cluster_id"]


def test_namesakes_of_one_district_apart_one_man_on_one_day_linked(
    world: tuple[pd.DataFrame, str],
) -> None:
    frame, name = world
    assert frame.loc[frame["name"] == name, "record_id"].nunique() >= 10
    labels = _linked(
        frame,
        [
            # Two men of the commonest name, born the same year, of one district: one held
            # in Samashki, the other in Bamut, twelve days later.
            ("a", "first", name, "1971", "m", "Samashki", "2003-04-02"),
            ("b", "second", name, "1971", "m", "Bamut", "2003-04-14"),
            # One man of the same name, twice: the same day, the same village.
            ("a", "one", name, "1966", "m", "Goyty", "2002-10-21"),
            ("c", "one", name, "", "m", "Гойты", "2002-10-21"),
        ],
    )
    assert labels[("a", "first")] != labels[("b", "second")]
    assert labels[("a", "one")] == labels[("c", "one")]
