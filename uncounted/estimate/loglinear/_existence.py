"""Does a model's maximum-likelihood estimate exist, and is it identifiable?

Following Chan, Silverman & Vincent (2021) and SparseMSE's ``checkident``:

* A term whose lists never appear together in the data (an *empty overlap*) has the extended
  MLE ``-inf``: the cells containing it are structural zeros and are left out of the fit, the
  term is still counted as a parameter (R's ``glm`` estimates it as a huge negative number).
* On the cells that remain, the MLE exists exactly when some strictly positive table has the
  same margins as the data (Haberman 1974; Fienberg & Rinaldo 2012). A linear program decides
  it: maximise ``s`` subject to ``A'x = A'y`` and ``x >= s``; the MLE exists iff ``s > 0``.
* The estimate is identifiable when the design on the remaining cells has full column rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

from uncounted.estimate.loglinear._terms import LogLinearModel, design_matrix

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Status(Enum):
    """Why a model's estimate can or cannot be used."""

    OK = "ok"
    NOT_IDENTIFIABLE = "not identifiable"
    DOES_NOT_EXIST = "does not exist"


@dataclass(frozen=True)
class PreparedModel:
    """A model laid out on the data: the cells and columns its fit actually uses.

    ``fitted_terms`` excludes empty-overlap terms; ``kept_cells`` is a mask over the
    observable cells (cell ``c`` at position ``c - 1``).
    """

    model: LogLinearModel
    fitted_terms: tuple[int, ...]
    empty_terms: tuple[int, ...]
    kept_cells: BoolArray
    design: FloatArray  # (kept cells, fitted terms)


def term_margins(terms: list[int] | tuple[int, ...], cells: IntArray, y: FloatArray) -> FloatArray:
    """For each term, the number of individuals on all of its lists (whatever else)."""
    result: FloatArray = design_matrix(tuple(terms), cells).T @ y
    return result


def prepare(model: LogLinearModel, cells: IntArray, y: FloatArray) -> PreparedModel:
    """Drop empty-overlap terms and the cells that contain them."""
    terms = model.terms
    margins = term_margins(terms, cells, y)
    empty = tuple(t for t, m in zip(terms, margins, strict=True) if m == 0 and t != 0)
    kept = np.ones(cells.shape[0], dtype=bool)
    for term in empty:
        kept &= (cells & term) != term
    fitted_terms = tuple(t for t in terms if t not in empty)
    design = design_matrix(fitted_terms, cells[kept])
    return PreparedModel(model, fitted_terms, empty, kept, design)


def is_full_rank(design: FloatArray) -> bool:
    """Whether the design's columns are linearly independent."""
    if design.shape[0] < design.shape[1]:
        return False
    return bool(np.linalg.matrix_rank(design) == design.shape[1])


def mle_exists(design: FloatArray, y: FloatArray) -> bool:
    """The linear-programming test: is there a strictly positive table with y's margins?"""
    if np.all(y > 0):
        return True
    n_cells, n_par = design.shape
    margins = design.T @ y
    # variables: x (n_cells), s; maximise s  <=>  minimise -s
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    a_eq = np.hstack([design.T, np.zeros((n_par, 1))])
    a_ub = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])  # s - x_i <= 0
    result = linprog(
        objective,
        A_ub=a_ub,
        b_ub=np.zeros(n_cells),
        A_eq=a_eq,
        b_eq=margins,
        bounds=[(0, None)] * (n_cells + 1),
        method="highs",
    )
    if result.status != 0:
        return False
    return bool(-result.fun > 1e-9 * max(1.0, float(y.sum())))


def diverges_along(design: FloatArray, y: FloatArray, direction: FloatArray) -> bool:
    """Whether ``direction`` proves the MLE does not exist (a recession direction).

    Moving the coefficients along ``d`` with ``A d = 0`` on every cell with people and
    ``A d <= 0`` on the empty cells, some strictly, raises the likelihood forever. A Newton
    fit chasing an infinite parameter takes steps of exactly that shape, so its last step is
    checked; when the check is inconclusive the linear program decides.
    """
    change = design @ direction
    scale = float(np.max(np.abs(change))) if change.size else 0.0
    if scale < 0.5:
        return False
    change /= scale
    positive = y > 0
    flat_on_data = bool(np.all(np.abs(change[positive]) < 1e-7))
    down_on_empty = bool(np.all(change[~positive] < 1e-7))
    return flat_on_data and down_on_empty and bool(np.min(change) < -0.5)


def check(prepared: PreparedModel, y: FloatArray) -> Status:
    """SparseMSE's ``checkident`` for one prepared model."""
    if not is_full_rank(prepared.design):
        return Status.NOT_IDENTIFIABLE
    if not mle_exists(prepared.design, y[prepared.kept_cells]):
        return Status.DOES_NOT_EXIST
    return Status.OK
