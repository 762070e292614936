"""Rules that keep linkage linear as records grow: scoring one slice of records at a time
gives what one pass gives."""

from __future__ import annotations

import pandas as pd
import pytest

from uncounted.linkage import LinkConfig, link_records
from uncounted.linkage import _model as model
from uncounted.synth import WorldConfig, generate_world


def test_scoring_in_slices_gives_the_pairs_and_clusters_of_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = generate_world(WorldConfig(people=250, seed=3))
    records = world.records.astype(object).where(world.records.notna(), "").astype(str)
    whole = link_records(records, LinkConfig())
    monkeypatch.setattr(model, "RECORDS_PER_CHUNK", len(records) // 3)
    assert model.chunks_for(len(records)) > 2
    sliced = link_records(records, LinkConfig())
    assert sliced.summary["pairs_compared"] == whole.summary["pairs_compared"]
    pd.testing.assert_frame_equal(sliced.pairs, whole.pairs)
    assert (sliced.records["cluster_id"] == whole.records["cluster_id"]).all()
