"""Partial agreement the model once read as disagreement (issue 12: recall at scale).

A surname with a slip beside an initial, and a place named at another level (a town and its
district), fell to the model's "all other" levels: the first scored as two strangers, the
second as two places apart. Measured on the real model (documented defaults: two records
are too few to train on).
"""

from __future__ import annotations

import pandas as pd

from uncounted.linkage import link_records


def _link(left: dict[str, str], right: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{"source": "a", "record_id": "1", **left}, {"source": "b", "record_id": "1", **right}]
    ).fillna("")
    return link_records(frame)


def test_an_initial_beside_a_surname_with_a_slip_links() -> None:
    day = {"event_date": "2017-05-03"}
    near = _link({"name": "A. Vakhaleav", **day}, {"name": "Vakhalaev Akhmed", **day})
    assert near.clusters == 1
    other = _link({"name": "A. Vakhaleav", **day}, {"name": "Dudaev Akhmed", **day})
    assert other.clusters == 2


def test_a_town_and_its_district_agree_in_part() -> None:
    def weight(place: str) -> float:
        linked = _link(
            {"name": "Adam Isaev", "place": "Автуры"}, {"name": "Isaev Adam", "place": place}
        )
        return float(linked.pairs["match_weight"].iloc[0])

    # Avtury is a village of the Shali district, not of the Grozny one.
    assert weight("Шалинский район") > weight("Грозненский район")
    assert weight("Автуры") > weight("Шалинский район")
