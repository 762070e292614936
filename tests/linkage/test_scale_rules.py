"""Rules that keep linkage linear as records grow: windows in place of dropped blocks, and
scoring one slice of records at a time giving what one pass gives."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from uncounted.intake.synthetic import as_text
from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.linkage import _model as model
from uncounted.linkage._blocking import (
    _shrinking,
    _windows,
    block_keys,
    blocked_pairs,
    blocked_slices,
    key_columns,
    proposed,
)
from uncounted.linkage._comparisons import extra_feature
from uncounted.synth import WorldConfig, generate_world


def test_windows_keep_small_values_whole_and_cut_big_ones_along_the_order() -> None:
    # Key codes: value 0 held by 10 records, value 1 by 3, one record without (-1).
    key = np.array([0] * 10 + [1] * 3 + [-1], dtype=np.int64)
    order = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, np.nan, 0, 0, 0, 0], dtype=np.float64)
    first = _windows(key, order, 4)
    second = _windows(key, order, 4, offset=2)
    small = set(first[10:13])
    assert len(small) == 1 and first[13] == -1 and not small & set(first[:10])
    assert np.bincount(first[:10]).max() <= 4
    assert np.bincount(second[:10]).max() <= 4
    # Sorted by the order, the record without one last: order 1..4 | 5..8 | 9, missing.
    assert first[8] == first[5] and first[8] != first[4]
    # Two records next to each other in the order share a window in one of the windowings.
    # Only values over *over* are cut: three records stay whole under windows of two.
    third = _windows(key, order, 2, over=4)
    assert len(set(third[10:13])) == 1 and np.bincount(third[:10]).max() <= 2
    ranked = pd.Series(order[:10]).sort_values(na_position="last").index
    for a, b in itertools.pairwise(ranked):
        assert first[a] == first[b] or second[a] == second[b]


def _common_name_rows(count: int) -> list[dict[str, str]]:
    # One name, many people: birth years 1960-1999, events spread over nine years.
    return [
        {
            "source": "abc"[i % 3],
            "record_id": str(i),
            "name": "Magomed Magomedov",
            "birth_date": str(1960 + i % 40),
            "event_date": f"20{10 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        }
        for i in range(count)
    ]


def test_a_common_name_block_over_the_cap_is_cut_into_windows_never_dropped() -> None:
    features = build_features(pd.DataFrame(_common_name_rows(600)), block_cap=20)
    keys = features[key_columns(features)]
    assert max(int(keys[c].value_counts().max()) for c in keys if keys[c].notna().any()) <= 20
    # Every record keeps every key it has (refined by its birth year, then windowed).
    uncapped = block_keys(features, cap=10**9)
    for column in key_columns(uncapped):
        if column.endswith(("_ev", "_ev2")):  # the windows along the event date alone
            continue
        assert (features[column].notna() == uncapped[column].notna()).all(), column


def test_a_block_under_the_cap_is_kept_whole_whatever_the_window() -> None:
    # 30 records of one name under a cap of 40: no key of theirs is cut (windows of the
    # typo keys are a quarter of the cap, and only for blocks over it).
    features = build_features(pd.DataFrame(_common_name_rows(30)), block_cap=40)
    for column in ("bk_name", "bk_sn", "bk_gn", "bk_pre4", "bk_code"):
        assert features[column].nunique() == 1, column


def test_windows_along_the_event_date_shrink_as_the_block_grows() -> None:
    # cap x cap / count records a window, between a quarter of the cap and the cap: a block
    # up to four times the cap makes about the pairs of one block at the cap.
    assert _shrinking(np.array([10, 20, 40, 80, 200]), 20).tolist() == [20, 20, 10, 5, 5]
    features = build_features(pd.DataFrame(_common_name_rows(600)), block_cap=20)
    for column in ("bk_name_ev", "bk_name_ev2", "bk_sgi_ev", "bk_sgi_ev2"):
        assert int(features[column].value_counts().max()) <= 5, column


def test_a_record_without_birth_year_meets_its_match_in_a_block_many_times_the_cap() -> None:
    rows = _common_name_rows(3000)
    rows.append(
        {"source": "d", "record_id": "x", "name": "Magomedov Magomed", "event_date": "2014-06-03"}
    )
    # Its match: list a's record of the same event, born 1975.
    rows.append(
        {
            "source": "a",
            "record_id": "y",
            "name": "Magomed Magomedov",
            "birth_date": "1975",
            "event_date": "2014-06-02",
        }
    )
    features = build_features(pd.DataFrame(rows), block_cap=20)
    assert bool(proposed(features, np.array([3000]), np.array([3001]))[0])


def test_scoring_in_slices_gives_the_pairs_and_clusters_of_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = generate_world(WorldConfig(people=250, seed=3))
    records = as_text(world.records)
    whole = link_records(records, LinkConfig())
    monkeypatch.setattr(model, "RECORDS_PER_CHUNK", len(records) // 3)
    assert model.chunks_for(len(records)) > 2
    sliced = link_records(records, LinkConfig())
    assert sliced.summary["pairs_compared"] == whole.summary["pairs_compared"]
    pd.testing.assert_frame_equal(sliced.pairs, whole.pairs)
    assert (sliced.records["cluster_id"] == whole.records["cluster_id"]).all()


@pytest.mark.parametrize(("within_source", "block_on"), [(True, ()), (False, ("place",))])
def test_blocked_pairs_listed_here_are_the_database_blocking_rules_pairs(
    within_source: bool, block_on: tuple[str, ...]
) -> None:
    # A small cap, so refined blocks and windows are among the keys too.
    world = generate_world(WorldConfig(people=250, seed=5))
    records = as_text(world.records)
    features = build_features(records, block_on, block_cap=12)
    settings = model._settings(features, block_on, block_on, 0.001, within_source)
    with model.backend_api("duckdb") as api:
        linker = model._linker(api.register(model._typed(features)), settings)
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        database = blocked.as_pandas_dataframe()
    codes = database["join_key_l"].astype(np.int64) * len(features) + database["join_key_r"]
    extra = [extra_feature(name) for name in block_on]
    listed = blocked_pairs(features, extra, within_source)
    assert len(listed) == len(database) > 500
    assert np.array_equal(listed, np.sort(codes.to_numpy(dtype=np.int64)))
    # Listed a slice of left-hand records at a time (as a million records are), the same.
    sliced = list(blocked_slices(features, extra, within_source, 4))
    assert len(sliced) == 4 and all(len(part) for part in sliced)
    assert np.array_equal(np.concatenate(sliced), listed)
