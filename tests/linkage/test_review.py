"""The review loop: pairs that change the clustering, never twice, partly decided files (item 6)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from uncounted.linkage import Decision, Decisions, read_decisions, review_pairs, write_review

RECORDS = pd.DataFrame(
    {
        "source": ["a", "b", "c", "b"],
        "record_id": ["1", "1", "1", "2"],
        "name": ["Исаев Магомед", "Magomed Isayev", "Isaev Magomed", "Adam Dudaev"],
        "birth_date": ["1983", "1983", "", "1990"],
        "cluster_id": [0, 0, 1, 2],
    }
)


def _pairs(rows: list[tuple[int, int, float]]) -> pd.DataFrame:
    left = np.array([r[0] for r in rows])
    right = np.array([r[1] for r in rows])
    return pd.DataFrame(
        {
            "left": left,
            "right": right,
            "source_l": RECORDS["source"].to_numpy()[left],
            "record_id_l": RECORDS["record_id"].to_numpy()[left],
            "source_r": RECORDS["source"].to_numpy()[right],
            "record_id_r": RECORDS["record_id"].to_numpy()[right],
            "match_probability": [r[2] for r in rows],
            "match_weight": [0.0] * len(rows),
        }
    )


def test_a_pair_joining_two_clusters_comes_before_one_confirming_a_cluster() -> None:
    # (0, 1) is inside cluster 0 at 0.6; (1, 2) would join clusters 0 and 1 at 0.6.
    table = review_pairs(RECORDS, _pairs([(0, 1, 0.6), (1, 2, 0.6), (2, 3, 0.2)]), (0.1, 0.9))
    first = table.iloc[0]
    assert (first["record_id_l"], first["source_l"], first["source_r"]) == ("1", "b", "c")
    assert (first["cluster_l"], first["cluster_r"]) == (0, 1)
    assert first["agree_name"] == "same"
    assert first["agree_birth_date"] == "missing"
    assert list(table["decision"]) == ["", "", ""]


def test_a_pair_kept_apart_by_a_list_conflict_comes_after_one_kept_apart_by_its_score() -> None:
    # Cluster 0 holds a/1 and b/1. b/2 is kept apart from it because it already has a
    # record of list b (b/2 lost to b/1): joining them is unlikely whatever b/2's score.
    # c/1 is apart only because its score is under the threshold: a decision can join it.
    table = review_pairs(RECORDS, _pairs([(0, 3, 0.45), (0, 2, 0.4)]), (0.1, 0.9))
    assert list(zip(table["source_r"], table["record_id_r"], strict=True)) == [
        ("c", "1"),
        ("b", "2"),
    ]


def test_decided_pairs_are_never_offered_again() -> None:
    decided = Decisions((Decision(("c", "1"), ("b", "1"), match=True),))
    table = review_pairs(RECORDS, _pairs([(0, 1, 0.6), (1, 2, 0.6)]), (0.1, 0.9), decided)
    assert list(zip(table["source_l"], table["source_r"], strict=True)) == [("a", "b")]


def test_a_partly_decided_file_is_accepted_and_written_with_a_bom(tmp_path: Path) -> None:
    table = review_pairs(RECORDS, _pairs([(0, 1, 0.6), (1, 2, 0.6)]), (0.1, 0.9))
    table.loc[0, "decision"] = "match"
    path = tmp_path / "review.csv"
    write_review(table, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Исаев" in path.read_text(encoding="utf-8-sig")
    decisions = read_decisions(path)
    assert len(decisions.items) == 1
    assert decisions.items[0].match
