"""What the result says about the selection: model table, diagnostics and warnings.

Warnings are sentences for a caseworker: which models were left out and why, whether the
estimate exists at all, and which list the data cannot say anything about.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear._existence import Status
from uncounted.estimate.loglinear._model_fit import ModelFit
from uncounted.estimate.loglinear._selection import Selection, Settings
from uncounted.estimate.loglinear._terms import term_lists
from uncounted.estimate.result import ModelSummary
from uncounted.estimate.wording import BEST_FINITE, NO_FINITE_BEST
from uncounted.messages import N_, Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

TOP_MODELS = 10


def fit_diagnostics(fit: ModelFit, lists: tuple[str, ...]) -> dict[str, Any]:
    """The selected model's name, terms, fit statistics and empty overlaps."""
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


def model_summaries(
    settings: Settings, selection: Selection, lists: tuple[str, ...]
) -> tuple[ModelSummary, ...]:
    """The selected model (stepwise) or the best models with BIC/AIC weights (search)."""
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


def exclusion_warnings(
    settings: Settings,
    selection: Selection,
    lists: tuple[str, ...],
    diagnostics: dict[str, Any],
) -> list[str]:
    """Sentences on left-out models and on an estimate that does not exist."""
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
        if missing and selection.best_excluded is not None:
            warnings.append(
                Message(
                    N_(
                        "{missing} of {models} models were left out because their "
                        "maximum-likelihood estimate does not exist with these data (some "
                        "pattern they need is never observed; check of Chan, Silverman & "
                        "Vincent 2021, the best-fitting of them {model})."
                    ),
                    missing=missing,
                    models=len(search.models),
                    model=selection.best_excluded[0].name(),
                )
            )
        elif missing:
            warnings.append(
                Message(
                    N_(
                        "{missing} of {models} models were left out because their "
                        "maximum-likelihood estimate does not exist with these data (some "
                        "pattern they need is never observed; check of Chan, Silverman & "
                        "Vincent 2021)."
                    ),
                    missing=missing,
                    models=len(search.models),
                )
            )
        if unidentified:
            warnings.append(
                Message(
                    N_(
                        "{unidentified} of {models} models were left out because lists that "
                        "never overlap leave them without an identifiable estimate."
                    ),
                    unidentified=unidentified,
                    models=len(search.models),
                )
            )
    name = settings.criterion.upper()
    if selection.fit is None and selection.best_excluded is not None:
        model, _ = selection.best_excluded
        warnings.append(
            Message(
                NO_FINITE_BEST,
                criterion=name,
                model=model.name(),
                terms=model.describe(lists),
            )
        )
        if selection.search is not None:
            values = selection.search.criterion(settings.criterion)
            if np.isfinite(values).any():
                k = int(np.nanargmin(values))
                warnings.append(
                    Message(
                        BEST_FINITE,
                        model=selection.search.models[k].name(),
                        estimate=float(selection.search.estimate[k]),
                        criterion=name,
                    )
                )
    elif selection.fit is None:
        warnings.append(N_("The estimate does not exist: no model has a finite estimate."))
    return warnings


def data_warnings(h: CaptureHistories, y: FloatArray, cells: IntArray) -> list[str]:
    """Sentences on lists that share no one with any other list."""
    warnings: list[str] = []
    for j, name in enumerate(h.lists):
        on_list = (cells >> j) & 1 == 1
        alone = cells == (1 << j)
        if y[on_list].sum() > 0 and y[on_list & ~alone].sum() == 0:
            warnings.append(
                Message(
                    N_(
                        "List {list} shares no one with any other list, so the lists cannot "
                        "tell how many people it missed."
                    ),
                    list=name,
                )
            )
    return warnings
