"""Synthetic cross-script worlds: F1 >= 0.95, and MSE on the linked lists covers the true N."""

from __future__ import annotations

import pandas as pd
import pytest
from linkage_scoring import pairwise_score

from uncounted.linkage import LinkConfig, capture_histories, link_records
from uncounted.synth import WorldConfig, default_sources, generate_world


def _as_text(records: pd.DataFrame) -> pd.DataFrame:
    return records.astype(object).where(records.notna(), "").astype(str)


@pytest.mark.slow
def test_cross_script_world_links_with_f1_095_and_dga_covers_n() -> None:
    sources = default_sources()[:5]
    world = generate_world(WorldConfig(people=3000, sources=sources, seed=11))
    records = _as_text(world.records)
    assert records["source"].nunique() >= 5
    result = link_records(records, LinkConfig(seed=0))
    clustered = result.records.merge(world.truth, on=["source", "record_id"])
    score = pairwise_score(clustered, "person_id")
    assert score.f1 >= 0.95, score

    from uncounted.estimate.dga import fit_dga

    estimate = fit_dga(capture_histories(result.records))
    assert estimate.q025 is not None and estimate.q975 is not None
    assert estimate.q025 <= world.population_size <= estimate.q975


def test_reviewers_decisions_are_honoured() -> None:
    from uncounted.linkage import Decision, Decisions

    world = generate_world(WorldConfig(people=300, seed=5))
    records = _as_text(world.records)
    first = link_records(records, LinkConfig())
    clusters = first.records
    linked = clusters[clusters.duplicated("cluster_id", keep=False)].sort_values("cluster_id")
    a, b = linked.iloc[0], linked.iloc[1]
    assert a["cluster_id"] == b["cluster_id"]
    lonely = clusters[~clusters.duplicated("cluster_id", keep=False)]
    c, d = lonely.iloc[0], lonely[lonely["source"] != lonely.iloc[0]["source"]].iloc[0]
    decisions = Decisions(
        (
            Decision((a["source"], a["record_id"]), (b["source"], b["record_id"]), match=False),
            Decision((c["source"], c["record_id"]), (d["source"], d["record_id"]), match=True),
        )
    )
    second = link_records(records, LinkConfig(), decisions).records.set_index(
        ["source", "record_id"]
    )["cluster_id"]
    assert second[(a["source"], a["record_id"])] != second[(b["source"], b["record_id"])]
    assert second[(c["source"], c["record_id"])] == second[(d["source"], d["record_id"])]
