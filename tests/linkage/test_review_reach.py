"""The review loop reaches what blocking missed (issue 12, item 5), through ``uncounted link``.

A pair no blocking key proposes appears in the review file (found by the near-miss search
and scored by the same model); deciding it changes the number of people; a decided pair is
never offered again. A cluster that holds two records nothing links directly is asked about.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_helpers import CliRunner

from uncounted.linkage import Decision, Decisions, review_pairs

HEADER = "source,record_id,name,birth_date,sex,event_date,place\n"
# hotline/1 and press/7 are one man; press wrote his names with a wrong first letter each
# (Ilaev Nagomed) and knew only his birth year: no blocking key holds both (a full birth date
# alone would: bk_bdate), but every other field agrees.
RECORDS = HEADER + (
    "hotline,1,Исаев Магомед Ахмедович,1983-04-12,m,2019-03-01,Грозный\n"
    "press,7,Ilaev Nagomed,1983,m,2019-03-01,Grozny\n"
    "press,2,Aishat Dudayeva,1990-01-01,f,2017-04-01,Shali\n"
    "hotline,2,Дудаева Айшат,1990-01-01,f,2017-04-01,Шали\n"
    "hotline,3,Хасанов Рустам,1975-05-05,m,2018-02-02,Гудермес\n"
    "press,3,Rustam Khasanov,1975-05-05,m,2018-02-02,Gudermes\n"
)
KEY = ["source_l", "record_id_l", "source_r", "record_id_r"]


@pytest.fixture
def run(cli: CliRunner) -> CliRunner:
    """``uncounted link ARGS`` through the real entry point, in this process."""
    return partial(cli, "link")


def _review(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_a_pair_outside_the_blocking_is_offered_and_deciding_it_joins_two_people(
    run: CliRunner, tmp_path: Path
) -> None:
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    out, review = tmp_path / "c.csv", tmp_path / "r.csv"
    done = run(records, "-o", out, "--json", "--review-out", review)
    assert done.code == 0, done.err
    assert json.loads(done.out)["clusters"] == 4  # the man is counted twice
    offered = _review(review)
    near = offered[offered["found_by"] == "near-miss search"]
    pair = {
        (row.source_l, row.record_id_l, row.source_r, row.record_id_r) for row in near.itertuples()
    }
    assert pair == {("hotline", "1", "press", "7")}
    assert offered.iloc[0]["found_by"] == "near-miss search"  # the first question asked
    assert near.iloc[0]["agree_birth_date"] == "partly"  # 1983 beside 1983-04-12
    decided = tmp_path / "d.csv"
    near.assign(decision="match").to_csv(decided, index=False, encoding="utf-8-sig")
    again = tmp_path / "r2.csv"
    done = run(records, "-o", out, "--json", "--review-out", again, "--decisions", decided)
    assert done.code == 0, done.err
    assert json.loads(done.out)["clusters"] == 3
    assert _review(again)[KEY].merge(near[KEY]).empty  # never offered again


def test_a_cluster_bridging_two_records_nothing_links_is_asked_about() -> None:
    # Records 0 (list a) and 2 (list c) are in one cluster only through record 1 (list b);
    # no pair between them was scored high enough to keep. The question offered is about
    # them, although their pair is below the review band.
    records = pd.DataFrame(
        {
            "source": ["a", "b", "c", "d"],
            "record_id": ["1", "1", "1", "1"],
            "name": ["Isaev Magomed", "Isaev Magomed", "Isaev Murad", "Dudaev Adam"],
            "cluster_id": [0, 0, 0, 1],
        }
    )
    pairs = pd.DataFrame(
        {
            "left": np.array([0, 1]),
            "right": np.array([1, 2]),
            "source_l": ["a", "b"],
            "record_id_l": ["1", "1"],
            "source_r": ["b", "c"],
            "record_id_r": ["1", "1"],
            "match_probability": [0.99, 0.95],
            "match_weight": [7.0, 4.0],
        }
    )
    table = review_pairs(records, pairs, (0.1, 0.9))
    first = table.iloc[0]
    assert (first["source_l"], first["source_r"], first["found_by"]) == ("a", "c", "cluster")
    assert first["agree_name"] == "partly"


def test_a_non_match_splits_a_merge_and_is_not_asked_again(run: CliRunner, tmp_path: Path) -> None:
    # The linker joins hotline/3 and press/3 (one name, one birth date); a reviewer who
    # knows they are two men says so, and they are counted as two.
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    out, review = tmp_path / "c.csv", tmp_path / "r.csv"
    done = run(records, "-o", out, "--json")
    assert done.code == 0, done.err
    before = json.loads(done.out)["clusters"]
    decided = tmp_path / "d.csv"
    decided.write_text(
        "source_l,record_id_l,source_r,record_id_r,decision\nhotline,3,press,3,non-match\n",
        encoding="utf-8",
    )
    done = run(records, "-o", out, "--json", "--review-out", review, "--decisions", decided)
    assert done.code == 0, done.err
    assert json.loads(done.out)["clusters"] == before + 1
    clusters = pd.read_csv(out, dtype=str).set_index(["source", "record_id"])["cluster_id"]
    assert clusters[("hotline", "3")] != clusters[("press", "3")]
    offered = {tuple(row) for row in _review(review)[KEY].itertuples(index=False)}
    assert not offered & {("hotline", "3", "press", "3"), ("press", "3", "hotline", "3")}


def test_when_every_pair_offered_is_decided_the_review_is_empty_not_a_crash() -> None:
    # A reviewer has decided, and no pair is left in the band: nothing to ask, and the table
    # keeps its columns (on 2e8618a `uncounted link --review-out --decisions` failed with
    # KeyError: 'left', a traceback instead of an empty review file).
    records = pd.DataFrame(
        {
            "source": ["a", "b"],
            "record_id": ["1", "1"],
            "name": ["Isaev Magomed", "Isaev Magomed"],
            "cluster_id": [0, 0],
        }
    )
    pairs = pd.DataFrame(
        {
            "left": np.array([0]),
            "right": np.array([1]),
            "source_l": ["a"],
            "record_id_l": ["1"],
            "source_r": ["b"],
            "record_id_r": ["1"],
            "match_probability": [0.97],
            "match_weight": [5.0],
        }
    )
    decided = Decisions((Decision(("a", "1"), ("b", "1"), match=True),))
    table = review_pairs(records, pairs, (0.1, 0.9), decided)
    assert table.empty
    assert {"source_l", "record_id_r", "agree_name", "decision"} <= set(table.columns)
