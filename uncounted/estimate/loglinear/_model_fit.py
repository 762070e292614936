"""One fitted model: its estimate of N, log-likelihood, AIC and BIC exactly as Rcapture.

Rcapture (``closedp.fitone``) fits ``glm(family = poisson)`` on the ``2**J - 1`` observable
cells and reports ``AIC = -2 loglik + 2 k`` (R's ``glm`` AIC: the full Poisson
log-likelihood, ``log y!`` included, and ``k`` the rank of the design) and
``BIC = AIC + (log(n) - 2) k`` with ``n`` the number of *individuals* observed, not the number
of cells. The estimate is ``N = n + exp(intercept)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uncounted.estimate.loglinear._existence import (
    PreparedModel,
    Status,
    is_full_rank,
    mle_exists,
    prepare,
)
from uncounted.estimate.loglinear._poisson import fit_one, poisson_loglik
from uncounted.estimate.loglinear._terms import LogLinearModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# When the MLE does not exist, Newton chases an infinite parameter: some fitted value on an
# empty cell shrinks towards 0 and every step stays about 1 in size (log mu drops by ~1 per
# step), until that value underflows below what the Hessian can resolve and the steps
# become tiny again. Fits that look like either stage, or did not converge, go to the exact
# (slower) linear program; a fit that converged with small steps and no vanishing fitted
# value has found a finite maximum.
TINY_FITTED = 1e-6
VANISHING_FITTED = 1e-10
LARGE_STEP = 1e-3


@dataclass(frozen=True)
class ModelFit:
    """A model's fit; ``estimate`` etc. are ``None`` unless ``status`` is OK."""

    model: LogLinearModel
    status: Status
    estimate: float | None
    loglik: float | None
    aic: float | None
    bic: float | None
    deviance: float | None
    prepared: PreparedModel | None = None
    fitted: FloatArray | None = None  # on the kept cells
    coefficients: FloatArray | None = None

    def criterion(self, name: str) -> float | None:
        """The value of ``"aic"`` or ``"bic"``."""
        return self.aic if name == "aic" else self.bic


def information_criteria(loglik: float, n_parameters: int, observed: int) -> tuple[float, float]:
    """Rcapture's (AIC, BIC)."""
    aic = -2.0 * loglik + 2.0 * n_parameters
    return aic, aic + (math.log(observed) - 2.0) * n_parameters


def needs_linear_program(
    converged: bool, last_step: float, fitted: FloatArray, y: FloatArray
) -> bool:
    """Whether a fit looks like a diverging one, so existence must be checked exactly."""
    zero = y == 0
    smallest = float(np.min(fitted[zero])) if zero.any() else np.inf
    diverging = smallest < TINY_FITTED and last_step > LARGE_STEP
    return (not converged) or diverging or smallest < VANISHING_FITTED


def fit_model(model: LogLinearModel, cells: IntArray, y: FloatArray) -> ModelFit:
    """Prepare, check and fit one model on the observable cells' counts ``y``."""
    prepared = prepare(model, cells, y)
    if not is_full_rank(prepared.design):
        return ModelFit(model, Status.NOT_IDENTIFIABLE, None, None, None, None, None, prepared)
    y_kept = y[prepared.kept_cells]
    fit = fit_one(prepared.design, y_kept)
    if needs_linear_program(fit.converged, fit.last_step, fit.fitted, y_kept) and not mle_exists(
        prepared.design, y_kept
    ):
        return ModelFit(model, Status.DOES_NOT_EXIST, None, None, None, None, None, prepared)
    observed = float(y.sum())
    loglik = float(poisson_loglik(y_kept, fit.fitted, np.ones_like(y_kept)))
    aic, bic = information_criteria(loglik, model.n_parameters, round(observed))
    estimate = observed + math.exp(float(fit.coefficients[0]))
    return ModelFit(
        model,
        Status.OK,
        estimate,
        loglik,
        aic,
        bic,
        fit.deviance,
        prepared,
        fit.fitted,
        fit.coefficients,
    )
