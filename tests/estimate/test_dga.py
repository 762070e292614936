"""dga: the same posterior as HRDAG's R package, on every reference data set with 3-5 lists."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_data import REFERENCE

from uncounted.estimate import CaptureHistories, fit_dga
from uncounted.estimate._graphs import decomposable_graphs
from uncounted.estimate.dga import DgaError

# R 4.2.2, dga 2.0.2: bma.cr(delta = 2^-p), prior on N proportional to 1/N, grid 0..20n
# doubled while the mass at its top exceeded 1e-6. Figures copied from the results table
# of shared/reference/README.md ("Results of the R packages on these data"): they are R's
# outputs, the expected values of this test, not ours. Columns: q025, median, q975, and the
# largest number of unobserved people on R's final grid.
R_DGA = {
    "artificial_3": (96, 290, 4_022, 15_360),
    "dga_my97_3list_example": (694, 731, 787, 12_520),
    "dga_my97_5list_example": (590, 618, 656, 10_740),
    "hiv_rome_4": (9_404, 11_220, 14_095, 37_920),
    "korea_palembang_3": (123, 159, 451, 4_920),
    "kosovo": (9_827, 12_595, 16_544, 88_000),
    "lesbian_allegheny_4": (4_635, 5_131, 5_749, 43_700),
    "netherlands_5": (41_677, 50_436, 207_827, 329_360),
    "new_orleans_5": (511, 869, 1_758, 3_700),
    "scot_pwid_4": (26_138, 32_783, 40_499, 113_400),
    "spina_bifida_3": (686, 725, 784, 12_420),
    "uk_modern_slavery_5": (10_387, 22_990, 33_508, 54_880),
    "western_us_5": (1_343, 2_132, 3_848, 6_900),
}


def histories(name: str) -> CaptureHistories:
    return CaptureHistories.from_csv(REFERENCE / f"{name}.csv")


def test_every_reference_data_set_with_3_to_5_lists_is_covered() -> None:
    with_3_to_5 = {
        path.stem
        for path in REFERENCE.glob("*.csv")
        if "_by_" not in path.stem
        and 3 <= len(path.read_text(encoding="utf-8").splitlines()[0].split(",")) - 1 <= 5
    }
    assert with_3_to_5 == set(R_DGA)


@pytest.mark.parametrize("p, expected", [(1, 1), (2, 2), (3, 8), (4, 61), (5, 822)])
def test_decomposable_graphs_are_enumerated(p: int, expected: int) -> None:
    assert len(decomposable_graphs(p)) == expected


@pytest.mark.parametrize("p", [3, 4, 5])
def test_graphs_are_distinct_and_their_junction_trees_are_consistent(p: int) -> None:
    graphs = decomposable_graphs(p)
    edge_sets = set()
    for graph in graphs:
        edges = frozenset(
            pair
            for clique in graph.cliques
            for pair in combinations([j for j in range(p) if clique >> j & 1], 2)
        )
        edge_sets.add(edges)
        # every list is in some clique; a junction tree has one separator per extra
        # clique within a connected component, so #cliques - #separators = #components
        assert np.bitwise_or.reduce(graph.cliques) == 2**p - 1
        assert len(graph.cliques) - len(graph.separators) >= 1
        assert all(any(s & c == s for c in graph.cliques) for s in graph.separators)
    assert len(edge_sets) == len(graphs)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.slow) if name == "netherlands_5" else name
        for name in sorted(R_DGA)
    ],
)
def test_posterior_quantiles_match_r_within_half_a_percent(name: str) -> None:
    q025, median, q975, grid_top = R_DGA[name]
    result = fit_dga(histories(name))
    assert result.median == pytest.approx(median, rel=0.005)
    assert result.q025 == pytest.approx(q025, rel=0.005)
    assert result.q975 == pytest.approx(q975, rel=0.005)
    # the grid is extended exactly as in R's runs
    assert result.diagnostics["grid_max_N"] - result.observed == grid_top
    assert result.posterior is not None
    grid, probs = result.posterior
    assert probs.sum() == pytest.approx(1.0)
    assert grid[0] == result.observed


def test_the_sparse_three_list_table_puts_mass_on_nobody_missing() -> None:
    # README: "dga puts mass on 'no one unobserved' for sparse 3-list data
    # (artificial_3: P = 0.156)"
    result = fit_dga(histories("artificial_3"))
    assert result.diagnostics["probability_none_unobserved"] == pytest.approx(0.156, abs=5e-4)
    assert any("almost no one was missed" in w for w in result.warnings)
    assert "mass_at_documented" in [c.code for c in result.checks]


def test_a_mean_that_is_not_finite_is_a_diagnostic_and_is_not_shown() -> None:
    """It fired on all 13 reference files as a warning, which teaches people to skip them."""
    result = fit_dga(histories("kosovo"))
    assert result.diagnostics["mean_is_finite"] is False
    assert result.mean is None
    assert result.warnings == () and result.checks == ()


def test_the_saturated_model_dominating_is_a_caution() -> None:
    # a strong three-way interaction: many on all three lists, few on exactly two
    cells = [0, 100, 100, 10, 100, 10, 10, 500]
    result = fit_dga(CaptureHistories.from_cells(["a", "b", "c"], cells))
    assert result.diagnostics["saturated_model_weight"] > 0.99
    assert result.checks[0].code == "saturated_model_dominates"
    assert "set by the prior, not by the data" in result.warnings[0]


def test_a_larger_delta_gives_a_finite_mean_and_no_warning() -> None:
    # delta = 1 puts (2^p - 1) * delta = 15 prior counts off the all-zero cell: the
    # saturated model's tail then decays fast enough for the mean to exist
    result = fit_dga(histories("kosovo"), delta=1.0)
    assert result.diagnostics["mean_is_finite"] is True
    assert result.mean is not None and result.mean > result.median  # the heavy right tail


def test_madigan_york_three_list_example_with_delta_one() -> None:
    # dga's own test data; Madigan & York report a Bayes estimate of 731 (their prior)
    result = fit_dga(histories("dga_my97_3list_example"), delta=1.0)
    assert 700 < result.median < 760


def test_uniform_prior_on_default_delta_is_improper_and_says_so() -> None:
    result = fit_dga(histories("spina_bifida_3"), prior="uniform")
    assert any("cannot be normalised" in w for w in result.warnings)


def test_top_models_carry_weights_and_their_own_estimates() -> None:
    result = fit_dga(histories("kosovo"))
    weights = [m.weight for m in result.models]
    assert weights == sorted(weights, reverse=True)
    assert 0.9 < weights[0] <= 1.0
    top = result.models[0]
    assert top.name == "[EXH ABA OSCE][EXH OSCE HRW]"
    assert top.estimate is not None
    assert top.details["q025"] <= top.estimate <= top.details["q975"]


def test_refuses_six_lists_with_advice() -> None:
    with pytest.raises(DgaError, match=r"this table has 6 .*lcmcr or loglinear"):
        fit_dga(histories("uk_modern_slavery_6"))


def test_refuses_a_non_positive_delta() -> None:
    with pytest.raises(DgaError, match="--delta must be a positive number"):
        fit_dga(histories("kosovo"), delta=0.0)


@settings(max_examples=15, deadline=None)
@given(
    cells=st.lists(st.integers(0, 60), min_size=7, max_size=7).filter(
        lambda c: (
            c[0] + c[2] + c[4] + c[6] > 0
            and c[1] + c[2] + c[5] + c[6] > 0
            and c[3] + c[4] + c[5] + c[6] > 0
        )
    ),
    order=st.permutations([0, 1, 2]),
)
def test_the_posterior_does_not_depend_on_the_order_of_the_lists(
    cells: list[int], order: list[int]
) -> None:
    table = CaptureHistories.from_cells(["A", "B", "C"], [0, *cells])
    reordered = CaptureHistories(
        tuple(table.lists[j] for j in order), table.patterns[:, order], table.counts
    )
    first, second = fit_dga(table), fit_dga(reordered)
    assert first.posterior is not None and second.posterior is not None
    assert np.allclose(first.posterior[1], second.posterior[1], rtol=1e-9, atol=1e-15)


def test_recovers_n_when_lists_are_independent() -> None:
    # parameter recovery: four independent lists over a known population
    rng = np.random.default_rng(11)
    true_n = 2_000
    caught = rng.random((true_n, 4)) < np.array([0.3, 0.25, 0.2, 0.35])
    seen = caught[caught.any(axis=1)].astype(np.uint8)
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    table = CaptureHistories(("A", "B", "C", "D"), patterns, counts.astype(np.int64))
    result = fit_dga(table)
    assert result.q025 is not None and result.q975 is not None
    assert result.q025 <= true_n <= result.q975
    assert result.median == pytest.approx(true_n, rel=0.1)


def test_intervals_cover_the_true_n_at_close_to_the_nominal_rate() -> None:
    # a small coverage study (the full one, with heterogeneous capture too, is
    # benchmarks/estimate_dga_coverage.py): 4 independent lists over N = 400 people
    rng = np.random.default_rng(5)
    true_n, replicates, covered = 400, 80, 0
    for _ in range(replicates):
        caught = rng.random((true_n, 4)) < np.array([0.15, 0.2, 0.1, 0.2])
        seen = caught[caught.any(axis=1)].astype(np.uint8)
        patterns, counts = np.unique(seen, axis=0, return_counts=True)
        result = fit_dga(CaptureHistories(("A", "B", "C", "D"), patterns, counts.astype(np.int64)))
        assert result.q025 is not None and result.q975 is not None
        covered += result.q025 <= true_n <= result.q975
    assert 0.87 <= covered / replicates <= 0.99
