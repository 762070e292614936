"""``fit_loglinear``: log-linear multiple systems estimation from capture histories.

Two ways of choosing the model, as in the R packages statisticians know:

* every hierarchical model (all main effects, interactions up to ``max_order``) ranked by
  BIC or AIC, as Rcapture's ``closedpMS.t``, with the profile-likelihood interval of the
  selected model as ``closedpCI.t``;
* forward stepwise selection of two-list interactions with a one-sided Poisson p-value
  threshold, as SparseMSE's ``estimatepopulation`` (the default for more than 6 lists, where
  the number of models explodes).

Either can be bootstrapped (BCa, the selection re-run in each replicate). Models whose
estimate does not exist or is not identifiable are left out and the user is told; when the
best-fitting model is one of them, no number is reported, since the data cannot bound N.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear._bootstrap import bca_interval
from uncounted.estimate.loglinear._existence import Status
from uncounted.estimate.loglinear._model_fit import ModelFit, fit_model
from uncounted.estimate.loglinear._profile import SEARCH_FACTOR, profile_interval
from uncounted.estimate.loglinear._search import SearchResult, search_all
from uncounted.estimate.loglinear._stepwise import stepwise_fit
from uncounted.estimate.loglinear._terms import (
    LogLinearModel,
    all_hierarchical_models,
    cell_patterns,
    term_lists,
)
from uncounted.estimate.result import Estimate, ModelSummary

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]

TOP_MODELS = 10
STEPWISE_ABOVE = 6


class LogLinearOptionError(InputError):
    """Raised when an option of the log-linear estimator is out of range (names the option)."""


@dataclass(frozen=True)
class _Settings:
    criterion: Literal["aic", "bic"]
    stepwise: bool
    threshold: float
    max_order: int


@dataclass(frozen=True)
class _Selection:
    """What one selection run produced: the chosen fit (or None) and what was considered."""

    fit: ModelFit | None
    search: SearchResult | None
    added: tuple[tuple[int, float], ...]
    best_excluded: tuple[LogLinearModel, float] | None


def fit_loglinear(
    h: CaptureHistories,
    *,
    criterion: str = "bic",
    stepwise: bool | None = None,
    threshold: float = 0.02,
    max_order: int | None = None,
    bootstrap: int = 0,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Estimate:
    """Estimate the total N by log-linear models.

    ``stepwise=None`` chooses stepwise selection for more than 6 lists and the search over
    all hierarchical models otherwise. ``max_order`` (all-models search only) defaults to
    ``J - 1`` up to 5 lists and 2 for 6. ``bootstrap`` replicates give a BCa interval;
    without them the interval is the selected model's profile likelihood. ``progress`` is
    called with ``(done, total)`` while models are fitted or replicates run.
    """
    settings = _settings(h, criterion, stepwise, threshold, max_order, bootstrap)
    cells = cell_patterns(h.n_lists)
    y = h.cell_counts()[1:].astype(np.float64)
    selection = _select(settings, cells, y, h.n_lists, progress)
    warnings = _data_warnings(h, y, cells)
    diagnostics: dict[str, Any] = {
        "selection": "stepwise" if settings.stepwise else "all hierarchical models",
        "criterion": None if settings.stepwise else settings.criterion,
        "threshold": settings.threshold if settings.stepwise else None,
        "max_order": 2 if settings.stepwise else settings.max_order,
    }
    models = _model_summaries(settings, selection, h.lists)
    warnings += _exclusion_warnings(settings, selection, h.lists, diagnostics)
    fit = selection.fit
    if fit is None or fit.estimate is None:
        return Estimate(
            method="loglinear",
            lists=h.lists,
            observed=h.observed,
            point=None,
            median=None,
            mean=None,
            q025=None,
            q975=None,
            models=models,
            diagnostics=diagnostics | {"interval": None},
            warnings=tuple(warnings),
        )
    diagnostics |= _fit_diagnostics(fit, h.lists)
    lower, upper = _profile(fit, y, diagnostics, warnings)
    if h.n_lists == 2:
        warnings.append(
            "With only two lists, dependence between them (heterogeneity) cannot be "
            "assessed: the estimate assumes they are independent."
        )
    estimate = Estimate(
        method="loglinear",
        lists=h.lists,
        observed=h.observed,
        point=fit.estimate,
        median=None,
        mean=None,
        q025=lower,
        q975=upper,
        models=models,
        diagnostics=diagnostics | {"interval": "profile likelihood"},
        warnings=tuple(warnings),
    )
    if bootstrap > 0:
        select = _selector(settings, cells, h.n_lists)
        return _with_bootstrap(estimate, y, select, bootstrap, seed, progress)
    return estimate


def _profile(
    fit: ModelFit, y: FloatArray, diagnostics: dict[str, Any], warnings: list[str]
) -> tuple[float | None, float | None]:
    """The profile-likelihood interval, recorded in ``diagnostics`` (None when it fails)."""
    try:
        profile = profile_interval(fit, y)
    except (ValueError, ArithmeticError):
        warnings.append("The profile-likelihood interval could not be computed for this model.")
        diagnostics["profile_interval"] = None
        return None, None
    diagnostics["profile_interval"] = {
        "lower": profile.lower,
        "upper": profile.upper,
        "multinomial_mle": profile.mode,
    }
    if profile.upper is None:
        warnings.append(
            "The upper end of the profile-likelihood interval lies beyond "
            f"{SEARCH_FACTOR:g} times the estimate: the data barely limit N from above."
        )
    return profile.lower, profile.upper


def _settings(
    h: CaptureHistories,
    criterion: str,
    stepwise: bool | None,
    threshold: float,
    max_order: int | None,
    bootstrap: int,
) -> _Settings:
    j = h.n_lists
    if j < 2:
        raise LogLinearOptionError("log-linear estimation needs at least 2 lists")
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
            f"searching every model of {j} lists up to order {order} would take too long; "
            "use --stepwise or a lower --max-order"
        )
    chosen: Literal["aic", "bic"] = "aic" if criterion == "aic" else "bic"
    return _Settings(chosen, use_stepwise, threshold, order)


def _select(
    settings: _Settings,
    cells: IntArray,
    y: FloatArray,
    n_lists: int,
    progress: Progress | None,
) -> _Selection:
    if settings.stepwise:
        result = stepwise_fit(cells, y, n_lists, settings.threshold)
        fit = result.fit if result.fit.status is Status.OK else None
        return _Selection(fit, None, result.added, None)
    models = all_hierarchical_models(n_lists, settings.max_order)
    search = search_all(models, cells, y, progress)
    values = search.criterion(settings.criterion)
    best_excluded = None
    if search.diverged_criteria:
        column = 0 if settings.criterion == "aic" else 1
        k = min(search.diverged_criteria, key=lambda i: search.diverged_criteria[i][column])
        best_excluded = models[k], search.diverged_criteria[k][column]
    if np.all(np.isnan(values)):
        return _Selection(None, search, (), best_excluded)
    best = int(np.nanargmin(values))
    if best_excluded is not None and best_excluded[1] < values[best]:
        return _Selection(None, search, (), best_excluded)
    return _Selection(fit_model(models[best], cells, y), search, (), best_excluded)


def _selector(
    settings: _Settings, cells: IntArray, n_lists: int
) -> Callable[[FloatArray], float | None]:
    def select(counts: FloatArray) -> float | None:
        fit = _select(settings, cells, counts, n_lists, None).fit
        return None if fit is None else fit.estimate

    return select


def _with_bootstrap(
    estimate: Estimate,
    y: FloatArray,
    select: Callable[[FloatArray], float | None],
    replicates: int,
    seed: int | None,
    progress: Progress | None,
) -> Estimate:
    """The estimate with the BCa interval (and bootstrap draws) in place of the profile."""
    assert estimate.point is not None
    bca = bca_interval(y, estimate.point, select, replicates, seed, progress=progress)
    diagnostics = estimate.diagnostics | {
        "interval": "BCa bootstrap",
        "bootstrap_replicates": replicates,
        "bootstrap_failed": bca.failed,
        "bootstrap_seed": seed,
        "bca_acceleration": bca.acceleration,
        "bca_bias_correction": bca.bias_correction,
    }
    warnings = list(estimate.warnings)
    if bca.failed:
        warnings.append(
            f"{bca.failed} of {replicates} bootstrap replicates gave no estimate (no model "
            "with a finite estimate) and were left out of the interval."
        )
    draws = bca.replicates
    if draws.size == 0:
        return replace(estimate, diagnostics=diagnostics, warnings=tuple(warnings))
    # The replicates' median and mean are not estimates of N (the BCa correction exists
    # because they are biased), so they stay out of ``median``/``mean`` and go to diagnostics.
    diagnostics |= {
        "bootstrap_median": float(np.median(draws)),
        "bootstrap_mean": float(np.mean(draws)),
    }
    return replace(
        estimate,
        q025=bca.lower,
        q975=bca.upper,
        diagnostics=diagnostics,
        warnings=tuple(warnings),
        draws=draws,
    )


def _fit_diagnostics(fit: ModelFit, lists: tuple[str, ...]) -> dict[str, Any]:
    assert fit.prepared is not None
    n_cells = fit.prepared.kept_cells.size
    return {
        "model": fit.model.name(),
        "interactions": fit.model.describe(lists),
        "deviance": fit.deviance,
        "df": n_cells - fit.model.n_parameters,
        "aic": fit.aic,
        "bic": fit.bic,
        "empty_overlaps": [_term_label(t, lists) for t in fit.prepared.empty_terms],
    }


def _term_label(term: int, lists: tuple[str, ...]) -> str:
    return ":".join(lists[j] for j in term_lists(term))


def _model_summaries(
    settings: _Settings, selection: _Selection, lists: tuple[str, ...]
) -> tuple[ModelSummary, ...]:
    if settings.stepwise:
        fit = selection.fit
        if fit is None:
            return ()
        details: dict[str, float | int | str | None] = {
            "interactions": fit.model.describe(lists),
            "added": ", ".join(
                f"{_term_label(term, lists)} (p={p:.3g})" for term, p in selection.added
            ),
            "aic": fit.aic,
            "bic": fit.bic,
        }
        return (ModelSummary(fit.model.name(), 1.0, fit.estimate, details),)
    search = selection.search
    assert search is not None
    values = search.criterion(settings.criterion)
    ok = np.flatnonzero(np.isfinite(values))
    if ok.size == 0:
        return ()
    delta = values[ok] - values[ok].min()
    weights = np.exp(-0.5 * delta)
    weights /= weights.sum()
    order = np.argsort(values[ok], kind="stable")[:TOP_MODELS]
    summaries = []
    for k in order:
        i = int(ok[k])
        model = search.models[i]
        details = {
            "interactions": model.describe(lists),
            "aic": float(search.aic[i]),
            "bic": float(search.bic[i]),
        }
        summaries.append(
            ModelSummary(model.name(), float(weights[k]), float(search.estimate[i]), details)
        )
    return tuple(summaries)


def _exclusion_warnings(
    settings: _Settings,
    selection: _Selection,
    lists: tuple[str, ...],
    diagnostics: dict[str, Any],
) -> list[str]:
    warnings: list[str] = []
    search = selection.search
    if search is not None:
        missing = sum(s is Status.DOES_NOT_EXIST for s in search.status)
        unidentified = sum(s is Status.NOT_IDENTIFIABLE for s in search.status)
        diagnostics |= {
            "models_considered": len(search.models),
            "models_without_estimate": missing,
            "models_not_identifiable": unidentified,
        }
        if missing:
            example = ""
            if selection.best_excluded is not None:
                example = f", the best-fitting of them {selection.best_excluded[0].name()}"
            warnings.append(
                f"{missing} of {len(search.models)} models were left out because their "
                "maximum-likelihood estimate does not exist with these data (some pattern "
                "they need is never observed; check of Chan, Silverman & Vincent 2021"
                f"{example})."
            )
        if unidentified:
            warnings.append(
                f"{unidentified} of {len(search.models)} models were left out because lists "
                "that never overlap leave them without an identifiable estimate."
            )
    name = settings.criterion.upper()
    if selection.fit is None and selection.best_excluded is not None:
        model, _ = selection.best_excluded
        warnings.append(
            f"The estimate does not exist: the model that fits best by {name}, "
            f"{model.name()} ({model.describe(lists)}), lets the number never documented grow "
            "without bound, so no finite number can be reported."
        )
        if selection.search is not None:
            values = selection.search.criterion(settings.criterion)
            if np.isfinite(values).any():
                k = int(np.nanargmin(values))
                warnings.append(
                    f"The best model with a finite estimate, {selection.search.models[k].name()}"
                    f" (N = {selection.search.estimate[k]:,.0f}), fits worse by {name}; it is "
                    "listed among the models but not reported as the estimate."
                )
    elif selection.fit is None:
        warnings.append("The estimate does not exist: no model has a finite estimate.")
    return warnings


def _data_warnings(h: CaptureHistories, y: FloatArray, cells: IntArray) -> list[str]:
    warnings = []
    for j, name in enumerate(h.lists):
        on_list = (cells >> j) & 1 == 1
        alone = cells == (1 << j)
        if y[on_list].sum() > 0 and y[on_list & ~alone].sum() == 0:
            warnings.append(
                f"List '{name}' shares no one with any other list, so the data cannot tell how "
                "many people it missed."
            )
    return warnings
