"""Profile-likelihood interval for N under one model, as Rcapture's ``closedpCI.t``.

For a candidate total ``N`` the unobserved cell gets the count ``N - n`` (its design row is
the intercept alone) and the model is refitted on all ``2**J`` cells. The multinomial profile
log-likelihood is ``-(deviance(N) - 2 c(N)) / 2`` with Cormack's (1992) correction ``c(N)``
(the log of the multinomial coefficient's ratio, with Stirling's approximation above 100).
The interval holds the ``N`` whose log-likelihood is within ``qchisq(0.95, 1) / 2`` of the
maximum; the search for the upper end stops at 3 times the Poisson estimate, as in Rcapture
(``fmaxSupCL = 3``), beyond which the upper end is reported as unbounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2

from uncounted.estimate.loglinear._model_fit import ModelFit
from uncounted.estimate.loglinear._poisson import fit_one

FloatArray = npt.NDArray[np.float64]

SEARCH_FACTOR = 3.0


@dataclass(frozen=True)
class ProfileInterval:
    """The multinomial MLE of N and the interval; ``upper`` is None when unbounded."""

    mode: float
    lower: float
    upper: float | None


def _cormack(n0: float, total: float) -> float:
    if total > 100:
        if n0 in (0.0, 1.0):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    n0_log_n0 = n0 * math.log(n0) if n0 > 0 else 0.0
    return n0_log_n0 + float(gammaln(total + 1)) - total * math.log(total) - float(gammaln(n0 + 1))


class _Profile:
    """Evaluates the profile log-likelihood, warm-starting each fit from the previous one."""

    def __init__(self, fit: ModelFit, y: FloatArray) -> None:
        assert fit.prepared is not None and fit.coefficients is not None
        design = fit.prepared.design
        unobserved_row = np.zeros((1, design.shape[1]))
        unobserved_row[0, 0] = 1.0
        self.design = np.vstack([design, unobserved_row])
        self.y = y[fit.prepared.kept_cells]
        self.observed = float(y.sum())
        self.start: FloatArray = fit.coefficients.copy()

    def __call__(self, total: float) -> float:
        n0 = max(total - self.observed, 0.0)
        counts = np.append(self.y, n0)
        fit = fit_one(self.design, counts, self.start)
        if fit.converged:
            self.start = fit.coefficients
        return -(fit.deviance - 2.0 * _cormack(n0, total)) / 2.0


def profile_interval(fit: ModelFit, y: FloatArray, level: float = 0.95) -> ProfileInterval:
    """The profile-likelihood interval for N under ``fit``'s model (``fit`` must be OK)."""
    assert fit.estimate is not None
    loglik = _Profile(fit, y)
    observed = float(y.sum())
    low_end = observed
    top = SEARCH_FACTOR * fit.estimate
    best = minimize_scalar(
        lambda total: -loglik(total),
        bounds=(low_end, top),
        method="bounded",
        options={"xatol": 1e-6 * fit.estimate},
    )
    mode = float(best.x)
    cutoff = -float(best.fun) - float(chi2.ppf(level, 1)) / 2.0

    def excess(total: float) -> float:
        return loglik(total) - cutoff

    lower = observed
    if excess(low_end) < 0:
        lower = float(brentq(excess, low_end, mode, xtol=1e-8 * mode))
    upper = None
    if excess(top) < 0:
        upper = float(brentq(excess, mode, top, xtol=1e-8 * mode))
    return ProfileInterval(mode, lower, upper)
