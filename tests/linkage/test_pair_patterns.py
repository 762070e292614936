"""Each scored pair carries its agreement pattern: pairs that agree and differ alike share one.

What a review decision could teach about the pairs like it is measured on these patterns
(benchmarks/linkage_review_teach.py); the clustering reads only the scores.
"""

from __future__ import annotations

import pandas as pd

from uncounted.linkage import Decision, Decisions, LinkConfig, link_records, relink

RECORDS = pd.DataFrame(
    {
        "source": ["a", "b", "a", "b", "a", "b"],
        "record_id": ["1", "1", "2", "2", "3", "3"],
        "name": [
            "Petrov Ivan",
            "Petrov Ivan",
            "Dudaev Adam",
            "Dudaev Adam",
            "Isaev Musa",
            "Isaev Musa",
        ],
        "birth_date": ["1980-02-03", "1980-02-03", "1975-06-07", "1975-06-07", "1960-01-01", ""],
    }
)


def _pattern(pairs: pd.DataFrame, first: str, second: str) -> int:
    row = pairs[
        (pairs["source_l"] == "a")
        & (pairs["record_id_l"] == first)
        & (pairs["source_r"] == "b")
        & (pairs["record_id_r"] == second)
    ]
    assert len(row) == 1
    return int(row["pattern"].iloc[0])


def test_pairs_that_agree_alike_share_a_pattern_and_relinking_keeps_it() -> None:
    config = LinkConfig(near_misses=False)
    linked = link_records(RECORDS, config)
    pairs = linked.pairs
    # names and full birth dates the same, twice; the third pair knows one birth only
    assert _pattern(pairs, "1", "1") == _pattern(pairs, "2", "2")
    assert _pattern(pairs, "3", "3") != _pattern(pairs, "1", "1")
    assert (pairs["pattern"] >= 0).all()
    decided = Decisions((Decision(("a", "3"), ("b", "3"), match=False),))
    again = relink(linked, config, decided)
    pd.testing.assert_frame_equal(again.pairs, pairs)
    clusters = again.records.set_index(["source", "record_id"])["cluster_id"]
    assert clusters[("a", "3")] != clusters[("b", "3")]
