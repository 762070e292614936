"""Stratified estimation: per-stratum fits added up as distributions, not as numbers."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_data import REFERENCE

from uncounted.estimate import (
    STRATIFIED_BOOTSTRAP,
    CaptureHistories,
    Estimate,
    estimate_stratified,
    fit_chapman,
    fit_dga,
)
from uncounted.estimate.stratified import StratificationError, combine_strata


def exact(start: int, probs: list[float]) -> Estimate:
    grid = np.arange(start, start + len(probs), dtype=np.int64)
    p = np.asarray(probs, dtype=np.float64) / sum(probs)
    cdf = np.cumsum(p)
    median = float(grid[np.searchsorted(cdf, 0.5)])
    return Estimate(
        "dga",
        ("A", "B", "C"),
        start,
        None,
        median,
        float(p @ grid),
        None,
        None,
        posterior=(grid, p),
    )


def drawn(values: list[float]) -> Estimate:
    draws = np.asarray(values)
    return Estimate(
        "lcmcr",
        ("A", "B", "C"),
        1,
        None,
        float(np.median(draws)),
        float(draws.mean()),
        None,
        None,
        draws=draws,
    )


@settings(max_examples=30, deadline=None)
@given(
    first=st.lists(st.floats(0.01, 1.0), min_size=1, max_size=6),
    second=st.lists(st.floats(0.01, 1.0), min_size=1, max_size=6),
    starts=st.tuples(st.integers(1, 50), st.integers(1, 50)),
)
def test_combined_posterior_is_the_distribution_of_the_sum(
    first: list[float], second: list[float], starts: tuple[int, int]
) -> None:
    a, b = exact(starts[0], first), exact(starts[1], second)
    total = combine_strata({"north": a, "south": b})
    assert total.posterior is not None and a.posterior is not None and b.posterior is not None
    brute: dict[int, float] = {}
    for x, px in zip(*a.posterior, strict=True):
        for y, py in zip(*b.posterior, strict=True):
            brute[int(x + y)] = brute.get(int(x + y), 0.0) + px * py
    grid, probs = total.posterior
    assert {int(n): pytest.approx(p, abs=1e-12) for n, p in zip(grid, probs, strict=True)} == brute
    assert total.mean == pytest.approx(a.mean + b.mean)
    assert total.observed == a.observed + b.observed


def test_draws_are_added_element_by_element() -> None:
    total = combine_strata({"2017": drawn([10, 20, 30]), "2019": drawn([1, 2, 3])})
    assert total.draws is not None
    assert list(total.draws) == [11, 22, 33]
    assert total.median == 22
    assert total.diagnostics["combined_by"] == "sum of draws"


def test_strata_without_distributions_give_a_point_and_say_why_there_is_no_interval() -> None:
    bare = Estimate("loglinear", ("A", "B"), 5, 12.0, None, None, None, None)
    total = combine_strata({"a": bare, "b": bare})
    assert total.point == 24.0
    assert total.q025 is None
    assert any("no interval" in w for w in total.warnings)


def test_spina_bifida_by_ethnicity_with_dga() -> None:
    h = CaptureHistories.from_csv(REFERENCE / "spina_bifida_3_by_eth.csv", strata="eth")
    result = estimate_stratified(h, "eth", method="dga")
    assert set(result.strata) == {"caucasian", "afro-american", "other"}
    for name, stratum in result.strata.items():
        alone = fit_dga(h.stratify("eth")[name])
        assert (stratum.median, stratum.q025, stratum.q975) == (
            alone.median,
            alone.q025,
            alone.q975,
        )
    total = result.total
    assert total.observed == 621
    medians = sum(s.median for s in result.strata.values() if s.median)
    assert total.median == pytest.approx(medians, rel=0.03)
    # the total's interval is narrower than adding the strata's interval ends
    assert total.q975 - total.q025 < sum(s.q975 - s.q025 for s in result.strata.values())
    # conting's bict on the same strata reports 723 (684-781); a different model class,
    # so only the same neighbourhood is expected
    assert 690 < total.median < 760
    assert any(w.startswith("Stratum other: ") for w in total.warnings)
    document = result.to_json_dict()
    assert document["stratified_by"] == "eth"
    assert set(document["strata"]) == set(result.strata)


def test_two_list_strata_add_chapman_estimates_and_variances() -> None:
    rows = "A,B,region,count\n1,0,n,30\n0,1,n,40\n1,1,n,10\n1,0,s,300\n0,1,s,400\n1,1,s,100\n"
    path = Path(__file__).parent  # not written to: build from a DataFrame instead
    del path

    h = CaptureHistories.from_dataframe(pd.read_csv(StringIO(rows)), strata="region")
    result = estimate_stratified(h, "region", method="dga")
    north, south = result.strata["n"], result.strata["s"]
    assert result.total.point == pytest.approx(north.point + south.point)
    assert result.total.q975 - result.total.point == pytest.approx(
        np.hypot(north.q975 - north.point, south.q975 - south.point)
    )


def test_a_failing_stratum_is_named() -> None:
    h = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    with pytest.raises(StratificationError):
        combine_strata({})
    with pytest.raises(Exception, match="no covariate column"):
        estimate_stratified(h, "region")


def test_a_stratified_loglinear_total_gets_a_bootstrap_interval_by_default() -> None:
    """Without --bootstrap the total had no interval and nothing said so."""
    h = CaptureHistories.from_csv(
        REFERENCE / "scot_pwid_4_by_covariates.csv", strata=["Region", "Gender", "Age"]
    )
    calls: list[tuple[str, int, int]] = []
    result = estimate_stratified(
        h,
        "Region",
        method="loglinear",
        seed=1,
        progress=lambda stratum, done, total: calls.append((stratum, done, total)),
    )
    total = result.total
    assert total.q025 is not None and total.q975 is not None
    assert total.q025 < (total.point or 0) < total.q975
    assert total.diagnostics["combined_by"] == "sum of draws"
    for stratum in result.strata.values():
        assert stratum.diagnostics["bootstrap_replicates"] == STRATIFIED_BOOTSTRAP
    assert {s for s, _, _ in calls} == {"GGC", "Rest"}
    assert calls[-1][1] == calls[-1][2] >= STRATIFIED_BOOTSTRAP  # replicates (+ jackknife)
    assert not any(c.code == "total_without_interval" for c in total.checks)


def test_a_refused_stratum_refuses_the_total_and_names_the_stratum() -> None:
    fine = CaptureHistories.from_cells(["A", "B"], [0, 30, 40, 10])
    apart = CaptureHistories.from_cells(["A", "B"], [0, 30, 40, 0])
    result = combine_strata({"north": fit_chapman(fine), "south": fit_chapman(apart)})
    assert result.refused and result.point is None and result.q975 is None
    assert result.warnings[0].startswith("Stratum south: List A shares no one")
