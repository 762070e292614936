"""Forward stepwise selection of two-list interactions, as SparseMSE's ``stepwisefit``.

Start from main effects. For each pair of lists not yet in the model, the number of people on
both lists is Poisson under the current model, with mean the sum of the fitted values of the
cells containing both; its one-sided p-value is ``min(P(X <= n*), P(X >= n*))``. The pair with
the smallest p-value (the first pair on ties) is added when the p-value is below the
threshold and the enlarged model passes the existence and identifiability checks; pairs that
fail the checks are passed over. Stop when no pair qualifies (Chan, Silverman & Vincent 2021).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
from scipy.special import pdtr, pdtrc

from uncounted.estimate.loglinear._existence import Status, is_full_rank, mle_exists, prepare
from uncounted.estimate.loglinear._model_fit import ModelFit, fit_model
from uncounted.estimate.loglinear._terms import LogLinearModel, design_matrix, main_effects_model

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class StepwiseResult:
    """The selected model's fit and the pairs in the order they were added, with p-values."""

    fit: ModelFit
    added: tuple[tuple[int, float], ...]


def list_pairs(n_lists: int) -> list[int]:
    """Pairs of lists as terms, in SparseMSE's order (1:2, 1:3, ..., 2:3, ...)."""
    return [(1 << i) | (1 << j) for i, j in combinations(range(n_lists), 2)]


def one_sided_p_values(observed: FloatArray, expected: FloatArray) -> FloatArray:
    """``min(P(X <= n), P(X >= n))`` for ``X ~ Poisson(expected)``."""
    lower = pdtr(observed, expected)
    upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
    result: FloatArray = np.minimum(lower, upper)
    return result


def stepwise_fit(cells: IntArray, y: FloatArray, n_lists: int, threshold: float) -> StepwiseResult:
    """Run the forward selection on the observable cells' counts ``y``."""
    pairs = list_pairs(n_lists)
    pair_columns = design_matrix(pairs, cells)
    overlaps = pair_columns.T @ y
    model = main_effects_model(n_lists)
    fit = fit_model(model, cells, y)
    added: list[tuple[int, float]] = []
    included = np.zeros(len(pairs), dtype=bool)
    while threshold > 0 and fit.fitted is not None and not included.all():
        assert fit.prepared is not None  # a fit with fitted values was prepared
        expected = pair_columns[fit.prepared.kept_cells].T @ fit.fitted
        p_values = one_sided_p_values(overlaps, expected)
        p_values[included] = 1.0
        chosen = None
        for j in np.argsort(p_values, kind="stable"):
            if p_values[j] >= threshold:
                break
            candidate = fit_model(model.with_term(pairs[j]), cells, y)
            if candidate.status is Status.OK:
                chosen = j, candidate
                break
        if chosen is None:
            break
        j, fit = chosen
        model = fit.model
        included[j] = True
        added.append((pairs[j], float(p_values[j])))
    return StepwiseResult(fit, tuple(added))


def check_model(model: LogLinearModel, cells: IntArray, y: FloatArray) -> Status:
    """The exact existence and identifiability check of one model (no fit needed)."""
    prepared = prepare(model, cells, y)
    if not is_full_rank(prepared.design):
        return Status.NOT_IDENTIFIABLE
    if not mle_exists(prepared.design, y[prepared.kept_cells]):
        return Status.DOES_NOT_EXIST
    return Status.OK
