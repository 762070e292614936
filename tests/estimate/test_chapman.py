"""Two lists: Chapman's estimate, its interval, and the warnings a user must read."""

from __future__ import annotations

import numpy as np
import pytest

from uncounted.estimate import CaptureHistories, estimate, fit_chapman
from uncounted.estimate.chapman import ChapmanError


def two_lists(only_first: int, only_second: int, both: int) -> CaptureHistories:
    return CaptureHistories.from_cells(["police", "ngo"], [0, only_first, only_second, both])


def test_chapman_point_and_interval_by_hand() -> None:
    # n1 = 40, n2 = 50, m = 10: (41 * 51) / 11 - 1 = 189.09...
    # variance 41 * 51 * 30 * 40 / (121 * 12) = 1728.7..., half-width 1.96 * 41.58 = 81.49
    result = fit_chapman(two_lists(30, 40, 10))
    assert result.method == "chapman"
    assert result.observed == 80
    assert result.point == pytest.approx(189.0909, abs=1e-3)
    assert result.q975 == pytest.approx(189.0909 + 81.49, abs=0.05)
    assert result.q025 == pytest.approx(189.0909 - 81.49, abs=0.05)
    assert result.diagnostics == {"on_first_list": 40, "on_second_list": 50, "on_both_lists": 10}


def test_always_warns_that_heterogeneity_cannot_be_assessed() -> None:
    result = fit_chapman(two_lists(300, 400, 100))
    assert any("two lists cannot show" in w for w in result.warnings)
    assert not any("unreliable" in w for w in result.warnings)


def test_small_overlap_is_cautioned_and_the_interval_never_goes_below_observed() -> None:
    result = fit_chapman(two_lists(30, 20, 1))
    assert [c.code for c in result.checks if c.severity == "caution"] == ["few_overlaps"]
    assert result.warnings[0].startswith("Only 1 people are on more than one list")
    assert result.q025 is not None and result.q025 >= result.observed


@pytest.mark.parametrize("method", ["chapman", "dga", "lcmcr", "loglinear"])
def test_no_overlap_is_refused_naming_both_lists(method: str) -> None:
    """Two lists of 60 and 59 with nobody on both gave 3,620 (120-8,554) before."""
    result = estimate(two_lists(60, 59, 0), method=method)
    assert result.refused
    assert (result.point, result.median, result.q025, result.q975) == (None,) * 4
    refusals = [c for c in result.checks if c.severity == "refuse"]
    assert [c.lists for c in refusals] == [("police",), ("ngo",)]
    assert "shares no one with any other list" in result.warnings[0]
    assert fit_chapman(two_lists(60, 59, 0)).refused


def test_refuses_three_lists() -> None:
    three = CaptureHistories.from_cells(["a", "b", "c"], [0, 5, 5, 1, 5, 1, 1, 1])
    with pytest.raises(ChapmanError, match="exactly 2 lists; this table has 3"):
        fit_chapman(three)


@pytest.mark.parametrize("method", ["dga", "lcmcr", "loglinear"])
def test_every_method_falls_back_to_chapman_with_two_lists(method: str) -> None:
    result = estimate(two_lists(30, 40, 10), method=method)
    assert result.method == "chapman"
    assert result.warnings[0].startswith(f"With two lists the {method} method cannot be used")


def test_interval_covers_the_true_n_at_about_the_nominal_rate() -> None:
    # parameter recovery: independent lists with capture probabilities 0.3 and 0.4
    rng = np.random.default_rng(2024)
    true_n, replicates, covered = 1_000, 400, 0
    for _ in range(replicates):
        first = rng.random(true_n) < 0.3
        second = rng.random(true_n) < 0.4
        table = two_lists(
            int((first & ~second).sum()), int((~first & second).sum()), int((first & second).sum())
        )
        result = fit_chapman(table)
        assert result.q025 is not None and result.q975 is not None
        covered += result.q025 <= true_n <= result.q975
    assert 0.91 <= covered / replicates <= 0.98
