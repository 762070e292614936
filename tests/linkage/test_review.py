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


def test_two_pairs_asking_the_same_question_are_offered_once() -> None:
    # a/1 and b/1 are one cluster; c/1 another: a "match" on either pair joins them whole.
    table = review_pairs(RECORDS, _pairs([(0, 2, 0.5), (1, 2, 0.4), (2, 3, 0.3)]), (0.1, 0.9))
    asked = list(zip(table["cluster_l"], table["cluster_r"], strict=True))
    assert asked == [(0, 1), (1, 2)]
    assert table.iloc[0]["match_probability"] == 0.5


def test_a_pair_born_years_apart_comes_after_one_that_agrees() -> None:
    # d/2 (1990) is the likelier by its score, but its birth year is seven years from
    # cluster 0's (1983): c/1, without a birth date, is offered first.
    records = RECORDS.assign(source=["a", "b", "c", "d"])
    pairs = _pairs([(0, 3, 0.6), (1, 2, 0.4)]).assign(source_r=["d", "c"])
    table = review_pairs(records, pairs, (0.1, 0.9))
    assert list(zip(table["source_r"], table["record_id_r"], strict=True)) == [
        ("c", "1"),
        ("d", "2"),
    ]
    # Inside a cluster, two records born years apart are the first to ask about.
    split = RECORDS.assign(cluster_id=[0, 0, 1, 0], source=["a", "b", "c", "c"])
    table = review_pairs(split, _pairs([(0, 1, 0.6), (0, 3, 0.8)]), (0.1, 0.9))
    assert (table.iloc[0]["record_id_l"], table.iloc[0]["record_id_r"]) == ("1", "2")


def test_clusters_a_non_match_keeps_apart_are_not_asked_about_again() -> None:
    # A reviewer said a/1 and c/1 are two people: cluster 0 (a/1, b/1) and cluster 1 (c/1)
    # stay apart, so b/1 - c/1 asks the same question again and is not offered.
    decided = Decisions((Decision(("a", "1"), ("c", "1"), match=False),))
    table = review_pairs(RECORDS, _pairs([(1, 2, 0.6), (2, 3, 0.3)]), (0.1, 0.9), decided)
    assert list(zip(table["cluster_l"], table["cluster_r"], strict=True)) == [(1, 2)]


def test_a_pair_the_decisions_already_answer_by_transitivity_is_not_asked() -> None:
    # A reviewer said a/1 = c/1 and c/1 = b/2, so the clustering holds the three in one
    # cluster; a/1 - b/2 scores low, but the two answers already say they are one person.
    # Likewise b/1 - b/2 is answered by c/1 = b/2 and c/1 != b/1.
    records = RECORDS.assign(cluster_id=[0, 1, 0, 0])
    decided = Decisions(
        (
            Decision(("a", "1"), ("c", "1"), match=True),
            Decision(("c", "1"), ("b", "2"), match=True),
            Decision(("c", "1"), ("b", "1"), match=False),
        )
    )
    table = review_pairs(records, _pairs([(0, 3, 0.05), (1, 3, 0.4)]), (0.1, 0.9), decided)
    assert table.empty
    undecided = review_pairs(records, _pairs([(0, 3, 0.05), (1, 3, 0.4)]), (0.1, 0.9))
    assert len(undecided) == 2  # without the answers both are questions


def test_a_join_of_two_given_names_comes_after_one_that_may_be_one_person() -> None:
    # Cluster 0 (a/1, b/1) is Magomed; d/2 is Adam: joining them is likelier by its score
    # (0.45), but the clustering never holds two given names, and a reviewer almost never
    # says they are one man. c/1 (0.3, given name unknown) is asked about first.
    records = RECORDS.assign(
        source=["a", "b", "c", "d"], birth_date=["1983", "1983", "", ""], cluster_id=[0, 0, 1, 2]
    )
    pairs = _pairs([(0, 3, 0.45), (0, 2, 0.3)])
    names = np.array([7, 7, -1, 9])
    table = review_pairs(records, pairs, (0.1, 0.9), given_names=names)
    assert list(table["cluster_r"]) == [1, 2]
    # Without the given names the score decides.
    table = review_pairs(records, pairs, (0.1, 0.9))
    assert list(table["cluster_r"]) == [2, 1]


def test_a_join_with_an_initial_is_weighed_by_its_score_as_one_of_full_names() -> None:
    # Both joins score 0.3; b/1 - c/1 is a full name against one with an initial only
    # (given name -1). It was once asked about first (the model underrated such pairs); a
    # perfect reviewer did better without that on four of nine settings, worse on one: the
    # tie is broken by record positions, with the names or without.
    records = RECORDS.assign(
        source=["a", "b", "c", "d"], birth_date=["", "", "", ""], cluster_id=[0, 1, 2, 3]
    )
    pairs = _pairs([(0, 3, 0.3), (1, 2, 0.3)])
    table = review_pairs(records, pairs, (0.1, 0.9), given_names=np.array([7, 7, -1, 7]))
    assert list(table["cluster_r"]) == [3, 2]
    assert list(review_pairs(records, pairs, (0.1, 0.9))["cluster_r"]) == [3, 2]


def test_a_pair_of_one_list_waits_only_if_the_clustering_found_the_list_shows_no_duplicates() -> (
    None
):
    # a/1 and a/2 (one list) at 0.6, b/1 and c/1 at 0.3, four clusters. Whether list a
    # shows duplicates is the clustering's answer (LinkResult.lists_with_duplicates), read
    # as it is: if it does, its pair is the likelier join; if not, it waits.
    records = pd.DataFrame(
        {
            "source": ["a", "a", "b", "c"],
            "record_id": ["1", "2", "1", "1"],
            "name": ["Исаев Магомед", "Исаев Магомед", "Adam Dudaev", "Dudaev Adam"],
            "cluster_id": [0, 1, 2, 3],
        }
    )
    pairs = _pairs([(0, 1, 0.6), (2, 3, 0.3)]).assign(
        source_l=["a", "b"], record_id_l=["1", "1"], source_r=["a", "c"], record_id_r=["2", "1"]
    )
    shown = review_pairs(records, pairs, (0.1, 0.9), lists_with_duplicates=("a",))
    unshown = review_pairs(records, pairs, (0.1, 0.9), lists_with_duplicates=())
    assert list(shown["source_l"]) == ["a", "b"]
    assert list(unshown["source_l"]) == ["b", "a"]


def test_a_cluster_of_two_namesakes_one_undated_is_asked_before_a_likelier_join() -> None:
    # A list of names and nothing else: a/1 (no birth) and b/1 are exact namesakes that the
    # clustering joined at 0.7, alone in their cluster; a/2 and b/2 were kept apart at 0.25.
    # Nothing but that one score holds the namesakes together, so they are two people about
    # three times in ten: the first question, ahead of the join (one person a quarter of
    # the time). Once decided, the namesakes are never asked about again.
    records = pd.DataFrame(
        {
            "source": ["a", "b", "a", "b"],
            "record_id": ["1", "1", "2", "2"],
            "name": ["Isaev Magomed", "Isaev Magomed", "Dudaev Adam", "Dudayev Adam"],
            "birth_date": ["", "1983", "", ""],
            "cluster_id": [0, 0, 1, 2],
        }
    )
    pairs = pd.DataFrame(
        {
            "left": [0, 2],
            "right": [1, 3],
            "source_l": ["a", "a"],
            "record_id_l": ["1", "2"],
            "source_r": ["b", "b"],
            "record_id_r": ["1", "2"],
            "match_probability": [0.7, 0.25],
            "match_weight": [0.0, 0.0],
        }
    )
    first = review_pairs(records, pairs, (0.02, 0.98), limit=1).iloc[0]
    assert (first["name_l"], first["name_r"]) == ("Isaev Magomed", "Isaev Magomed")
    assert (first["agree_name"], first["agree_birth_date"]) == ("same", "missing")
    assert first["cluster_l"] == first["cluster_r"]
    decided = Decisions((Decision(("a", "1"), ("b", "1"), match=False),))
    again = review_pairs(records, pairs, (0.02, 0.98), decided)
    assert list(again["name_l"]) == ["Dudaev Adam"]
