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
    [(600, 21, 5), (600, 7, 6), (1200, 2017, 6), (1200, 11, 5), (2000, 3, 5), (3000, 2017, 5)],
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
def test_cross_script_world_links_with_f1_095_and_dga_agrees_with_the_truth() -> None:
    """dga on the linked lists agrees with dga on the true capture histories.

    Not "covers the true N": in the default world 55% of people sit in a hidden class that
    no list reaches, and dga on the *true* histories of this world puts N near 2,400, below
    the 3,000 people (LCMCR likewise). The earlier check that the linked interval covered
    3,000 passed only because missed links inflated the estimate. What linkage owes the
    estimator is histories close enough to the truth that the intervals agree.
    """
    world, result = _link_world(3000, 11, 5)
    clustered = result.records.merge(world.truth, on=["source", "record_id"])
    score = pairwise_score(clustered, "person_id")
    assert score.f1 >= 0.95, score

    from uncounted.estimate.dga import fit_dga
    from uncounted.estimate.histories import CaptureHistories

    true_table = world.capture_histories()
    lists = [column for column in true_table.columns if column != "count"]
    truth = fit_dga(CaptureHistories.from_dataframe(true_table[[*lists, "count"]]))
    linked = fit_dga(capture_histories(result.records))
    true_low, true_high, low, high = truth.q025, truth.q975, linked.q025, linked.q975
    assert true_low is not None and true_high is not None, truth
    assert low is not None and high is not None, linked
    assert low <= true_high and true_low <= high, (true_low, true_high, low, high)


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
