"""Selection by AIC or BIC over every hierarchical model, as Rcapture's ``closedpMS.t``.

Rcapture fits its models one ``glm`` call at a time (44-60 s for the 6,893 models of five
lists). Here models with the same number of fitted parameters are stacked and fitted
together, a couple of thousand per Newton step. Each model is then checked as SparseMSE
would: empty-overlap terms become structural zeros, a rank-deficient design is not
identifiable, and a fit that drifts towards an infinite parameter is settled by the exact
linear program. Existence is inherited by sub-models (fewer terms, same structural zeros), so
one linear program often settles many models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from uncounted.estimate.loglinear._existence import Status, diverges_along, mle_exists
from uncounted.estimate.loglinear._model_fit import LARGE_STEP, TINY_FITTED, VANISHING_FITTED
from uncounted.estimate.loglinear._poisson import BatchFit, fit_batch, poisson_loglik
from uncounted.estimate.loglinear._terms import LogLinearModel, design_matrix, term_sort_key

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[int, int], None]

CHUNK = 2048


@dataclass(frozen=True)
class SearchResult:
    """Every model's status, estimate and criteria (NaN where the status is not OK).

    ``diverged_criteria`` holds, for models whose estimate does not exist, the AIC and BIC
    their diverging fits approach: what Rcapture would have ranked them by.
    """

    models: list[LogLinearModel]
    status: list[Status]
    estimate: FloatArray
    aic: FloatArray
    bic: FloatArray
    diverged_criteria: dict[int, tuple[float, float]]

    def criterion(self, name: str) -> FloatArray:
        """The array of ``"aic"`` or ``"bic"`` values."""
        return self.aic if name == "aic" else self.bic


@dataclass
class _Group:
    indices: list[int] = field(default_factory=list)
    columns: list[list[int]] = field(default_factory=list)
    kept: list[BoolArray] = field(default_factory=list)


@dataclass
class _Suspect:
    index: int
    key: frozenset[int]  # the model's empty-overlap terms: models comparable only within a key
    interactions: frozenset[int]
    design: FloatArray
    y: FloatArray
    criteria: tuple[float, float]


def search_all(
    models: list[LogLinearModel],
    cells: IntArray,
    y: FloatArray,
    progress: Progress | None = None,
) -> SearchResult:
    """Fit and check every model in ``models`` on the observable cells' counts ``y``."""
    n_models = len(models)
    all_terms = sorted({t for m in models for t in m.terms}, key=term_sort_key)
    full_design = design_matrix(all_terms, cells)
    margins = full_design.T @ y
    empty_terms = {t for t, m in zip(all_terms, margins, strict=True) if m == 0 and t != 0}
    groups = _group_models(models, all_terms, empty_terms, cells)

    status = [Status.OK] * n_models
    estimate = np.full(n_models, np.nan)
    aic = np.full(n_models, np.nan)
    bic = np.full(n_models, np.nan)
    suspects: list[_Suspect] = []
    diverged: dict[int, tuple[float, float]] = {}
    observed = float(y.sum())
    done = 0
    for group in groups.values():
        for start in range(0, len(group.indices), CHUNK):
            idx = np.asarray(group.indices[start : start + CHUNK])
            cols = np.asarray(group.columns[start : start + CHUNK])
            weights = np.stack(group.kept[start : start + CHUNK]).astype(np.float64)
            design = np.ascontiguousarray(full_design[:, cols].transpose(1, 0, 2))
            identifiable = _full_rank(design, weights)
            for i in idx[~identifiable]:
                status[i] = Status.NOT_IDENTIFIABLE
            idx, design, weights = idx[identifiable], design[identifiable], weights[identifiable]
            if idx.size:
                fit = fit_batch(design, y, weights, np.zeros(design.shape[::2]))
                loglik = poisson_loglik(y, fit.fitted, weights)
                k = np.asarray([models[i].n_parameters for i in idx], dtype=np.float64)
                a = -2.0 * loglik + 2.0 * k
                b = a + (np.log(observed) - 2.0) * k
                estimate[idx] = observed + np.exp(fit.coefficients[:, 0])
                aic[idx], bic[idx] = a, b
                for j in np.flatnonzero(_suspicious(fit, y, weights)):
                    kept = weights[j] > 0
                    model = models[idx[j]]
                    if diverges_along(design[j][kept], y[kept], fit.last_delta[j]):
                        status[idx[j]] = Status.DOES_NOT_EXIST
                        diverged[int(idx[j])] = (float(a[j]), float(b[j]))
                        continue
                    suspects.append(
                        _Suspect(
                            int(idx[j]),
                            frozenset(empty_terms & set(model.terms)),
                            model.interactions,
                            design[j][kept],
                            y[kept],
                            (float(a[j]), float(b[j])),
                        )
                    )
            done += len(group.indices[start : start + CHUNK])
            if progress is not None:
                progress(done, n_models)
    diverged |= _settle_existence(suspects, status)
    for i in diverged:
        estimate[i] = aic[i] = bic[i] = np.nan
    for i, s in enumerate(status):
        if s is not Status.OK:
            estimate[i] = aic[i] = bic[i] = np.nan
    return SearchResult(models, status, estimate, aic, bic, diverged)


def _group_models(
    models: list[LogLinearModel],
    all_terms: list[int],
    empty_terms: set[int],
    cells: IntArray,
) -> dict[int, _Group]:
    """Group models by the number of terms actually fitted (so no padding is needed)."""
    position = {t: k for k, t in enumerate(all_terms)}
    every_cell = np.ones(cells.shape[0], dtype=bool)
    groups: dict[int, _Group] = {}
    for i, model in enumerate(models):
        empty_here = empty_terms.intersection(model.terms)
        kept = every_cell
        if empty_here:
            kept = every_cell.copy()
            for term in empty_here:
                kept &= (cells & term) != term
        cols = [position[t] for t in model.terms if t not in empty_here]
        group = groups.setdefault(len(cols), _Group())
        group.indices.append(i)
        group.columns.append(cols)
        group.kept.append(kept)
    return groups


def _full_rank(design: FloatArray, weights: FloatArray) -> BoolArray:
    """Full column rank on the kept cells (only models with dropped cells can fail)."""
    result = np.ones(design.shape[0], dtype=bool)
    partial = np.flatnonzero(weights.min(axis=1) == 0)
    if partial.size:
        singular = np.linalg.svd(design[partial] * weights[partial, :, None], compute_uv=False)
        tol = singular[:, :1] * max(design.shape[1:]) * np.finfo(np.float64).eps
        result[partial] = np.all(singular > tol, axis=1)
    return result


def _suspicious(fit: BatchFit, y: FloatArray, weights: FloatArray) -> BoolArray:
    """Fits that may be chasing an infinite parameter (see ``needs_linear_program``)."""
    empty_used = (y[None, :] == 0) & (weights > 0)
    smallest = np.min(np.where(empty_used, fit.fitted, np.inf), axis=1)
    diverging = (smallest < TINY_FITTED) & (fit.last_step > LARGE_STEP)
    result: BoolArray = (~fit.converged) | diverging | (smallest < VANISHING_FITTED)
    return result


def _settle_existence(
    suspects: list[_Suspect], status: list[Status]
) -> dict[int, tuple[float, float]]:
    """Run the linear program on suspect fits, smallest models first, reusing answers.

    Within models sharing the same structural zeros, existence passes to sub-models and
    non-existence to super-models, so a known answer often settles a model without an LP.
    """
    diverged: dict[int, tuple[float, float]] = {}
    exists: dict[frozenset[int], list[frozenset[int]]] = {}
    fails: dict[frozenset[int], list[frozenset[int]]] = {}
    for suspect in sorted(suspects, key=lambda s: len(s.interactions)):
        known_fail = any(f <= suspect.interactions for f in fails.get(suspect.key, []))
        if known_fail:
            ok = False
        elif any(suspect.interactions <= e for e in exists.get(suspect.key, [])):
            ok = True
        else:
            ok = mle_exists(suspect.design, suspect.y)
            (exists if ok else fails).setdefault(suspect.key, []).append(suspect.interactions)
        if not ok:
            status[suspect.index] = Status.DOES_NOT_EXIST
            diverged[suspect.index] = suspect.criteria
    return diverged
