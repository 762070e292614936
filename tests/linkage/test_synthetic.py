"""Synthetic cross-script worlds: F1 >= 0.95 across sizes, seeds and 5 or 6 lists, and MSE
on the linked lists covers the true N.

The worlds differ in size (600 to 3,000 people), seed and number of lists because linkage
that works on one world can collapse on another: small inputs once made a Splink training
session fail and drop the name comparison from the model, and recall fell to 0.3.
"""

from __future__ import annotations

import pandas as pd
import pytest
from linkage_scoring import pairwise_score

from uncounted.linkage import LinkConfig, LinkResult, capture_histories, link_records
from uncounted.synth import World, WorldConfig, default_sources, generate_world


def _as_text(records: pd.DataFrame) -> pd.DataFrame:
    return records.astype(object).where(records.notna(), "").astype(str)


def _link_world(people: int, seed: int, sources: int) -> tuple[World, LinkResult]:
    world = generate_world(
        WorldConfig(people=people, sources=default_sources()[:sources], seed=seed)
    )
    records = _as_text(world.records)
    assert records["source"].nunique() == sources
    return world, link_records(records, LinkConfig(seed=0))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("people", "seed", "sources"),
    [(600, 21, 5), (1200, 2017, 6), (1200, 11, 5)],
)
def test_worlds_of_several_sizes_link_with_f1_095(people: int, seed: int, sources: int) -> None:
    world, result = _link_world(people, seed, sources)
    clustered = result.records.merge(world.truth, on=["source", "record_id"])
    score = pairwise_score(clustered, "person_id")
    assert score.f1 >= 0.95, (people, seed, sources, score)
    # The trained model keeps every comparison, the name above all.
    compared = {comparison["name"] for comparison in result.summary["model"]["comparisons"]}
    assert {"name", "patronymic", "birth", "place", "event_date"} <= compared


@pytest.mark.slow
def test_cross_script_world_links_with_f1_095_and_dga_covers_n() -> None:
    world, result = _link_world(3000, 11, 5)
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
