"""An undated record, and one with an initial for its given name, in common-name blocks.

Two kinds of pair no key proposed (issue 12, fifteenth pass): every key over the cap is
refined by the birth year (or the event's month), so a record with neither (an undated
record) is dropped from every common block, and a record with an initial in place of its
given name has only the surname's keys, which a slip in the surname breaks. 27025, the
one held-out world under 99.5% completeness, lost 33 pairs so (Dadjev Magomed, undated,
beside Dadshev Magomed; Mutaev M. beside Motaev Magomed). The given name's block and the
initial's, cut into sorted neighbourhoods along the surname's spelling, propose them
(linkrecall7). On main 6f710d6 the initial-only case fails; the undated one passes there
only because one min-hash band of its names happens to hold two records (in the worlds,
such pairs were dropped).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from two_lists import COLUMNS, EVENT, Person, other_people

from uncounted.linkage import build_features
from uncounted.linkage._blocking import DEFAULT_CAP, key_columns, proposed

_SYLLABLES = ["ba", "ka", "la", "ma", "na", "ra", "sa", "ha", "ga"]
_CASES = [
    ("a", "un1", "Dadashev Magomed", "1990", "m", "Shali", EVENT),
    ("b", "un1", "Dadachev Magomed", "", "", "", ""),
    ("a", "in1", "Mustaev Magomed", "1989", "m", "Argun", EVENT),
    ("b", "in1", "Mutaev M.", "", "m", "", EVENT),
]


def _person(i: int) -> Person:
    # 400 Magomeds born over 40 years, a third each Dada-ev (Dadakaev), Mu-ev (Mukaev) and
    # -taev (Bakataev): the given name's block and the initial's are five times the cap,
    # and so is every block of a surname key the two cases share.
    draw = np.random.default_rng(i)
    first, second = draw.choice(_SYLLABLES, 2)
    surname = [f"Dada{first}ev", f"Mu{first}ev", f"{first.title()}{second}taev"][i % 3]
    return f"{surname} Magomed", f"{surname} Magomed", str(1950 + i % 40), "Shali"


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, ...]]:
    return _CASES + other_people(400, _person)


@pytest.mark.parametrize("case", ["un1", "in1"])
def test_an_undated_or_initial_only_record_is_proposed_beside_its_match(
    rows: list[tuple[str, ...]], case: str
) -> None:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    features = build_features(frame)
    at = frame.index[frame["record_id"] == case].to_numpy()
    assert proposed(features, at[:1], at[1:])[0]


def test_the_neighbourhoods_stay_under_the_cap_however_many_records_lack_a_date() -> None:
    # 1,200 Magomeds, one in three undated and one in three with an initial only, 600 of
    # them Magomedov: the runs of undated and initial-only records of one surname are far
    # longer than the cap, and no key's block holds more than the cap.
    rows = []
    for i in range(1_200):
        surname = (
            "Magomedov"
            if i % 2
            else f"{''.join(np.random.default_rng(i).choice(_SYLLABLES, 2)).title()}ev"
        )
        given = "M." if i % 3 == 1 else "Magomed"
        born = "" if i % 3 == 0 else str(1980 + i % 10)
        event = "" if i % 3 == 0 else f"20{10 + i % 9}-0{1 + i % 9}-{1 + i % 28:02d}"
        rows.append(("abc"[i % 3], str(i), f"{surname} {given}", born, "m", "", event))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    features = build_features(frame)
    keys = features[key_columns(features)]
    assert keys["bk_gn_sn_b1"].notna().sum() >= 600
    assert keys["bk_gi_ns_a2"].notna().sum() >= 600
    largest = max(int(keys[c].value_counts().max()) for c in keys if keys[c].notna().any())
    assert largest <= DEFAULT_CAP
