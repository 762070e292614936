"""Synthetic cross-script worlds: F1 >= 0.95 across sizes, seeds and 5 or 6 lists, and LCMCR
on the linked lists covers the true N.

The worlds differ in size (600 to 3,000 people), seed and number of lists because linkage
that works on one world can collapse on another: small inputs once made a Splink training
session fail and drop the name comparison from the model, and recall fell to 0.3.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import as_text
from uncounted.linkage import LinkConfig, LinkResult, capture_histories, link_records
from uncounted.synth import World, WorldConfig, default_sources, generate_world


def _link_world(people: int, seed: int, sources: int) -> tuple[World, LinkResult]:
    world = generate_world(
        WorldConfig(people=people, sources=default_sources()[:sources], seed=seed)
    )
    records = as_text(world.records)
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


@pytest.mark.slow
def test_lcmcr_on_the_linked_lists_covers_the_true_n() -> None:
    """LCMCR's 95% interval from the linked clusters covers N, and so does the truth's.

    The world: 2,000 people, five sources in Cyrillic and four romanisations, with typos,
    missing fields and common names (noise at half the default rates), capture driven by two
    latent classes only (60% rarely listed, 40% often), which is the model LCMCR fits. In
    the default world 55% of people sit in a class almost no list reaches, and no estimator
    can recover them (docs/benchmarks/synth.md). The same estimator on the true histories
    must cover N as well, so a pass is not linkage errors cancelling an estimator's bias.
    LCMCR runs 2 chains, burn-in 2,000, 400 samples thinned by 10: the setting whose
    coverage the estimation study measured (docs/benchmarks/estimate_recovery.md).
    """
    from uncounted.estimate import CaptureHistories, estimate

    captures = [(0.2, 0.5), (0.25, 0.6), (0.15, 0.55), (0.3, 0.45), (0.2, 0.5)]
    sources = tuple(
        replace(spec, capture=capture, event_type_factor=())
        for spec, capture in zip(default_sources(noise_scale=0.5)[:5], captures, strict=True)
    )
    world = generate_world(WorldConfig(people=2000, seed=1, sources=sources, classes=(0.6, 0.4)))
    result = link_records(as_text(world.records), LinkConfig(seed=0))
    clustered = result.records.merge(world.truth, on=["source", "record_id"])
    assert pairwise_score(clustered, "person_id").f1 >= 0.95

    settings = {"seed": 1, "chains": 2, "burnin": 2000, "samples": 400, "thinning": 10}
    n = world.population_size
    true_table = CaptureHistories.from_dataframe(world.capture_histories())
    for name, histories in (("true", true_table), ("linked", capture_histories(result.records))):
        fitted = estimate(histories, method="lcmcr", **settings)
        assert fitted.q025 is not None and fitted.q975 is not None, (name, fitted)
        assert fitted.q025 <= n <= fitted.q975, (name, fitted.q025, fitted.median, fitted.q975)


def test_reviewers_decisions_are_honoured() -> None:
    from uncounted.linkage import Decision, Decisions

    world = generate_world(WorldConfig(people=300, seed=5))
    records = as_text(world.records)
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
