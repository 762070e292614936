"""Choosing the model: the options, the all-models search or the stepwise selection.

The same selection runs on the data and again on every bootstrap replicate, so it lives in
one function, :func:`select`, that takes counts and returns the chosen fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear._existence import Status
from uncounted.estimate.loglinear._model_fit import ModelFit, fit_model
from uncounted.estimate.loglinear._search import SearchResult, search_all
from uncounted.estimate.loglinear._stepwise import stepwise_fit
from uncounted.estimate.loglinear._terms import LogLinearModel, all_hierarchical_models
from uncounted.messages import N_

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]

STEPWISE_ABOVE = 6


class LogLinearOptionError(InputError):
    """Raised when an option of the log-linear estimator is out of range (names the option)."""


@dataclass(frozen=True)
class Settings:
    """The validated options of one estimation."""

    criterion: Literal["aic", "bic"]
    stepwise: bool
    threshold: float
    max_order: int


@dataclass(frozen=True)
class Selection:
    """What one selection run produced: the chosen fit (or None) and what was considered."""

    fit: ModelFit | None
    search: SearchResult | None
    added: tuple[tuple[int, float], ...]
    best_excluded: tuple[LogLinearModel, float] | None


def make_settings(
    h: CaptureHistories,
    criterion: str,
    stepwise: bool | None,
    threshold: float,
    max_order: int | None,
    bootstrap: int,
) -> Settings:
    """Validate the options against the table; raise :class:`LogLinearOptionError`."""
    j = h.n_lists
    if j < 2:
        raise LogLinearOptionError(N_("log-linear estimation needs at least 2 lists"))
    if criterion not in ("aic", "bic"):
        raise LogLinearOptionError(f"--criterion must be 'bic' or 'aic', not {criterion!r}")
    if not 0.0 <= threshold <= 1.0:
        raise LogLinearOptionError("--threshold must be a p-value between 0 and 1")
    if bootstrap < 0:
        raise LogLinearOptionError("--bootstrap must be 0 or a positive number of replicates")
    use_stepwise = j > STEPWISE_ABOVE if stepwise is None else stepwise
    order = max_order if max_order is not None else (j - 1 if j <= 5 else 2)
    if not 1 <= order <= j - 1:
        raise LogLinearOptionError(f"--max-order must be between 1 and {j - 1} for {j} lists")
    if not use_stepwise and ((j == 6 and order >= 3) or (j >= 7 and order >= 2)):
        raise LogLinearOptionError(
            N_(
                "searching every model of {lists} lists up to order {order} would take too long; "
                "use --stepwise or a lower --max-order"
            ),
            lists=j,
            order=order,
        )
    chosen: Literal["aic", "bic"] = "aic" if criterion == "aic" else "bic"
    return Settings(chosen, use_stepwise, threshold, order)


def select(
    settings: Settings,
    cells: IntArray,
    y: FloatArray,
    n_lists: int,
    progress: Progress | None,
) -> Selection:
    """Run the chosen selection on the observable cells' counts ``y``."""
    if settings.stepwise:
        result = stepwise_fit(cells, y, n_lists, settings.threshold)
        fit = result.fit if result.fit.status is Status.OK else None
        return Selection(fit, None, result.added, None)
    models = all_hierarchical_models(n_lists, settings.max_order)
    search = search_all(models, cells, y, progress)
    values = search.criterion(settings.criterion)
    best_excluded = None
    if search.diverged_criteria:
        column = 0 if settings.criterion == "aic" else 1
        k = min(search.diverged_criteria, key=lambda i: search.diverged_criteria[i][column])
        best_excluded = models[k], search.diverged_criteria[k][column]
    if np.all(np.isnan(values)):
        return Selection(None, search, (), best_excluded)
    best = int(np.nanargmin(values))
    if best_excluded is not None and best_excluded[1] < values[best]:
        return Selection(None, search, (), best_excluded)
    return Selection(fit_model(models[best], cells, y), search, (), best_excluded)


def selector(
    settings: Settings, cells: IntArray, n_lists: int
) -> Callable[[FloatArray], float | None]:
    """The selection as a function of the counts alone, for the bootstrap and jackknife."""

    def estimate_from(counts: FloatArray) -> float | None:
        fit = select(settings, cells, counts, n_lists, None).fit
        return None if fit is None else fit.estimate

    return estimate_from
