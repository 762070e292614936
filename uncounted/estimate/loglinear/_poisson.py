"""Maximum-likelihood fits of Poisson log-linear models by Newton's method (= IRLS).

The same algorithm as R's ``glm(family = poisson)``: start from ``mu = y + 0.1``, then Newton
steps until the relative change in deviance is below a tolerance. :func:`fit_batch` fits
thousands of models at once on stacked design matrices (one BLAS call per step for all of
them), which is what makes a search over every hierarchical model fast; :func:`fit_one` is
the same for a single model. Padding columns (models with fewer parameters than the widest in
the batch) are all-zero columns with a unit diagonal in the Hessian, so they stay at zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEVIANCE_TOLERANCE = 1e-10
MAX_ITERATIONS = 60
MAX_STEP = 8.0


@dataclass(frozen=True)
class BatchFit:
    """Fits of a batch of models: one row per model."""

    coefficients: FloatArray  # (B, p); padding columns are 0
    fitted: FloatArray  # (B, cells); 0 on cells a model does not use
    deviance: FloatArray  # (B,)
    converged: BoolArray  # (B,)
    last_step: FloatArray  # (B,) largest coefficient change in the last Newton step
    last_delta: FloatArray  # (B, p) the last Newton step itself


def _deviance(y: FloatArray, mu: FloatArray, weight: FloatArray) -> FloatArray:
    safe_mu = np.where(weight > 0, mu, 1.0)
    ratio = np.where(y > 0, y / safe_mu, 1.0)
    terms = 2.0 * (y * np.log(ratio) - (y - safe_mu))
    result: FloatArray = np.sum(terms * weight, axis=-1)
    return result


def fit_batch(
    design: FloatArray,
    y: FloatArray,
    cell_weight: FloatArray,
    pad: FloatArray,
    start: FloatArray | None = None,
) -> BatchFit:
    """Fit ``B`` Poisson models ``log mu = design[b] @ beta[b]`` to the same counts ``y``.

    ``design`` is ``(B, cells, p)``, ``cell_weight`` ``(B, cells)`` is 1 on the cells a model
    uses and 0 on cells it leaves out (structural zeros), ``pad`` ``(B, p)`` is 1 on padding
    columns. ``start`` optionally gives starting coefficients ``(B, p)``.
    """
    n_models, n_cells, n_par = design.shape
    yb = np.broadcast_to(y, (n_models, n_cells))
    pad_diag = pad[:, :, None] * np.eye(n_par)[None, :, :]
    if start is None:
        mu = yb + 0.1
        z = np.log(mu) + (yb - mu) / mu
        beta = _weighted_solve(design, mu * cell_weight, z, pad_diag)
    else:
        beta = start.copy()
    eta = np.einsum("bcp,bp->bc", design, beta)
    mu = np.exp(np.minimum(eta, 700.0))
    dev = _deviance(yb, mu, cell_weight)
    converged = np.zeros(n_models, dtype=bool)
    last_step = np.full(n_models, np.inf)
    last_delta = np.zeros_like(beta)
    active = np.arange(n_models)
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            break
        d, w, mu_a = design[active], cell_weight[active], mu[active]
        gradient = np.einsum("bcp,bc->bp", d, w * (yb[active] - mu_a))
        hessian = np.matmul(d.transpose(0, 2, 1), d * (w * mu_a)[:, :, None])
        hessian += pad_diag[active]
        step = _solve(hessian, gradient)
        biggest = np.max(np.abs(step), axis=1, keepdims=True)
        step *= np.minimum(1.0, MAX_STEP / np.maximum(biggest, 1e-300))
        beta[active] += step
        last_step[active] = np.max(np.abs(step), axis=1)
        last_delta[active] = step
        eta_a = np.einsum("bcp,bp->bc", d, beta[active])
        mu[active] = np.exp(np.minimum(eta_a, 700.0))
        new_dev = _deviance(yb[active], mu[active], w)
        done = np.abs(new_dev - dev[active]) / (np.abs(new_dev) + 0.1) < DEVIANCE_TOLERANCE
        dev[active] = new_dev
        converged[active[done]] = True
        active = active[~done]
    fitted = mu * cell_weight
    return BatchFit(beta, fitted, dev, converged, last_step, last_delta)


def _weighted_solve(
    design: FloatArray, weight: FloatArray, z: FloatArray, pad_diag: FloatArray
) -> FloatArray:
    gram = np.matmul(design.transpose(0, 2, 1), design * weight[:, :, None]) + pad_diag
    rhs = np.einsum("bcp,bc->bp", design, weight * z)
    return _solve(gram, rhs)


def _solve(matrix: FloatArray, rhs: FloatArray) -> FloatArray:
    """Batched solve; a singular system falls back to least squares for that model only."""
    try:
        solved: FloatArray = np.linalg.solve(matrix, rhs[..., None])[..., 0].astype(np.float64)
        return solved
    except np.linalg.LinAlgError:
        out = np.empty_like(rhs)
        for b in range(rhs.shape[0]):
            out[b] = np.linalg.lstsq(matrix[b], rhs[b], rcond=None)[0]
        return out


@dataclass(frozen=True)
class SingleFit:
    """The fit of one model on the cells it uses."""

    coefficients: FloatArray
    fitted: FloatArray
    deviance: float
    converged: bool
    last_step: float


def fit_one(design: FloatArray, y: FloatArray, start: FloatArray | None = None) -> SingleFit:
    """Fit one Poisson log-linear model (``design`` is ``(cells, p)``, full column rank).

    The same iteration as :func:`fit_batch` without the batch axis: stepwise selection and
    the bootstrap fit thousands of single models, where numpy's per-call overhead dominates.
    """
    if start is None:
        mu = y + 0.1
        z = np.log(mu) + (y - mu) / mu
        beta = _solve_one(design.T @ (design * mu[:, None]), design.T @ (mu * z))
    else:
        beta = start.copy()
    mu = np.exp(np.minimum(design @ beta, 700.0))
    dev = _deviance_one(y, mu)
    converged = False
    step_size = np.inf
    for _ in range(MAX_ITERATIONS):
        step = _solve_one(design.T @ (design * mu[:, None]), design.T @ (y - mu))
        biggest = float(np.max(np.abs(step)))
        if biggest > MAX_STEP:
            step *= MAX_STEP / biggest
        beta = beta + step
        step_size = min(biggest, MAX_STEP)
        mu = np.exp(np.minimum(design @ beta, 700.0))
        new_dev = _deviance_one(y, mu)
        done = abs(new_dev - dev) / (abs(new_dev) + 0.1) < DEVIANCE_TOLERANCE
        dev = new_dev
        if done:
            converged = True
            break
    return SingleFit(beta, mu, dev, converged, step_size)


def _deviance_one(y: FloatArray, mu: FloatArray) -> float:
    positive = y > 0
    return float(2.0 * (np.sum(y[positive] * np.log(y[positive] / mu[positive])) - np.sum(y - mu)))


def _solve_one(matrix: FloatArray, rhs: FloatArray) -> FloatArray:
    try:
        solved = np.linalg.solve(matrix, rhs)
    except np.linalg.LinAlgError:
        solved = np.linalg.lstsq(matrix, rhs, rcond=None)[0]
    return solved.astype(np.float64, copy=False)


def poisson_loglik(y: FloatArray, mu: FloatArray, weight: FloatArray) -> FloatArray:
    """Full Poisson log-likelihood (with the ``log y!`` term, as R's ``dpois(log = TRUE)``)."""
    safe_mu = np.where(weight > 0, mu, 1.0)
    log_mu = np.log(np.maximum(safe_mu, 1e-300))
    terms = np.where(y > 0, y * log_mu, 0.0) - safe_mu - gammaln(y + 1.0)
    result: FloatArray = np.sum(terms * weight, axis=-1)
    return result
