"""Parameter recovery: LCMCR's intervals cover a known population at the rate measured in
the full study.

Synthetic populations of known size N are listed over four lists and estimated. Two cases:

* homogeneous capture (everyone equally likely to be on each list, lists independent): the
  full study (``benchmarks/estimate_recovery.py``, 200 replicates) measured 95.5% coverage
  of the 95% interval, as a calibrated Bayesian interval should. Here 20 replicates must
  give at least 17 hits: that fails with probability 1.6% if coverage is 95%.
* two latent classes (a less visible majority and an exposed minority): the situation the
  latent-class model exists for. The full study measured 90% coverage (200 replicates,
  95% CI 85-94%) and medians 4% low at the settings used here: LCMCR's interval is not
  exactly calibrated there, while dga and log-linear models cover far less (see
  ``docs/benchmarks/estimate_recovery.md``). Requiring at least 14 of 20 hits fails with
  probability 0.2% at 90% coverage (1.5% at 86%) and passes with probability 6% if coverage
  were 50% (a broken sampler), so the test guards the sampler, not a promise of 95%.

Seeds are fixed, so the outcome is the same on every run.
"""

from __future__ import annotations

import numpy as np

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.lcmcr import fit_lcmcr

REPLICATES = 20
SETTINGS = {"K": 10, "burnin": 2000, "samples": 400, "thinning": 10, "chains": 2}

# class shares and each class's capture probability (rows) on each of four lists (columns)
HOMOGENEOUS = (1000, np.array([1.0]), np.array([[0.20, 0.25, 0.15, 0.30]]))
TWO_CLASSES = (
    2000,
    np.array([0.6, 0.4]),
    np.array([[0.20, 0.25, 0.15, 0.30], [0.50, 0.60, 0.55, 0.45]]),
)


def simulate(
    rng: np.random.Generator, n_total: int, shares: np.ndarray, capture: np.ndarray
) -> CaptureHistories:
    """Capture histories of the documented among ``n_total`` people of the given classes."""
    classes = rng.choice(len(shares), size=n_total, p=shares)
    listed = rng.random((n_total, capture.shape[1])) < capture[classes]
    listed = listed[listed.any(axis=1)].astype(np.uint8)
    patterns, counts = np.unique(listed, axis=0, return_counts=True)
    names = tuple(f"L{j + 1}" for j in range(capture.shape[1]))
    return CaptureHistories(names, patterns, counts.astype(np.int64))


def _study(scenario: tuple[int, np.ndarray, np.ndarray], seed: int) -> tuple[int, float]:
    """Number of intervals covering N, and the mean relative error of the medians."""
    n_total, shares, capture = scenario
    rng = np.random.default_rng(seed)
    covered = 0
    errors = []
    for replicate in range(REPLICATES):
        estimate = fit_lcmcr(
            simulate(rng, n_total, shares, capture), seed=1000 + replicate, **SETTINGS
        )
        assert estimate.q025 is not None and estimate.q975 is not None
        assert estimate.median is not None
        covered += estimate.q025 <= n_total <= estimate.q975
        errors.append(estimate.median / n_total - 1)
    return covered, float(np.mean(errors))


def test_intervals_cover_the_true_population_under_homogeneous_capture() -> None:
    covered, mean_error = _study(HOMOGENEOUS, seed=20260325)
    assert covered >= 17
    assert abs(mean_error) < 0.05


def test_intervals_cover_the_true_population_under_heterogeneous_capture() -> None:
    covered, mean_error = _study(TWO_CLASSES, seed=20260326)
    assert covered >= 14
    assert abs(mean_error) < 0.10


def test_simulated_heterogeneity_is_strong_enough_to_matter() -> None:
    """The two-class data are not a trivial case: the Lincoln-Petersen estimate from the
    first two lists, which assumes everyone is equally catchable, falls over 10% short."""
    n_total, shares, capture = TWO_CLASSES
    h = simulate(np.random.default_rng(1), n_total, shares, capture)
    on_first = h.counts[h.patterns[:, 0] == 1].sum()
    on_second = h.counts[h.patterns[:, 1] == 1].sum()
    on_both = h.counts[(h.patterns[:, 0] == 1) & (h.patterns[:, 1] == 1)].sum()
    assert on_first * on_second / on_both < 0.9 * n_total
