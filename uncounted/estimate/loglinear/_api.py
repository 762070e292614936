"""``fit_loglinear``: log-linear multiple systems estimation from capture histories.

Two ways of choosing the model, as in the R packages statisticians know:

* every hierarchical model (all main effects, interactions up to ``max_order``) ranked by
  BIC or AIC, as Rcapture's ``closedpMS.t``, with the profile-likelihood interval of the
  selected model as ``closedpCI.t``;
* forward stepwise selection of two-list interactions with a one-sided Poisson p-value
  threshold, as SparseMSE's ``estimatepopulation`` (the default for more than 6 lists, where
  the number of models explodes).

Either can be bootstrapped (BCa, the selection re-run in each replicate): by default for 3
or 4 lists searched over all models, where re-running the search is cheap, since the profile
interval of the one model chosen ignores that another model might have been chosen and
covered the truth less often on the calibration worlds (docs/estimation.md). Models whose
estimate does not exist or is not identifiable are left out and the user is told; when the
best-fitting model is one of them, no number is reported, since the data cannot bound N.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from uncounted.estimate.adequacy import refused
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear._bootstrap import bca_interval
from uncounted.estimate.loglinear._model_fit import ModelFit
from uncounted.estimate.loglinear._profile import SEARCH_FACTOR, profile_interval
from uncounted.estimate.loglinear._report import (
    data_warnings,
    exclusion_warnings,
    fit_diagnostics,
    model_summaries,
)
from uncounted.estimate.loglinear._selection import make_settings, select, selector
from uncounted.estimate.loglinear._terms import cell_patterns
from uncounted.estimate.result import Check, Estimate, Severity
from uncounted.messages import N_, Message

NO_ESTIMATE = Check(
    "no_finite_estimate",
    Severity.REFUSE,
    N_(
        "The log-linear models that fit these data best let the number never documented grow "
        "without bound, so no finite number can be given."
    ),
    N_(
        "Lists that overlap more, or fewer lists that overlap with each other, would help; "
        "the method's other warnings name the models concerned."
    ),
)
UNBOUNDED_ABOVE = Check(
    "unbounded_above",
    Severity.CAUTION,
    N_(
        "The data barely limit the total from above: the upper end of the interval lies "
        "beyond {factor:g} times the estimate."
    ),
    N_("Read the figure as a lower bound; more overlap between the lists would help."),
).with_values(factor=SEARCH_FACTOR)

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int, int], None]

#: Replicates of the default bootstrap interval. An interval end is the bootstrap quantile at
#: level 2.5% (97.5%); from 200 replicates that level is hit to within about +-1.1 points
#: (the binomial standard error sqrt(0.025 * 0.975 / 200)), so the ends move by a few
#: percent between seeds: small beside the width that the choice of model adds.
DEFAULT_BOOTSTRAP = 200
#: Up to this many lists the search over all hierarchical models (8 models for 3 lists, 113
#: for 4) is cheap enough to re-run in every replicate: about 2 s for 200 replicates. For 5
#: and 6 lists one replicate re-runs 6,893 or 32,768 models (1-5 s), so the default interval
#: stays the profile likelihood there unless ``bootstrap`` is given; stepwise selection is
#: cheap to re-run but the bootstrap's coverage there was not measured in time, so it keeps
#: the profile interval by default too.
BOOTSTRAP_ALL_MODELS_UP_TO = 4


def default_bootstrap(n_lists: int, stepwise: bool) -> int:
    """Replicates of the default interval: :data:`DEFAULT_BOOTSTRAP` for 3-4 lists searched
    over all models, else 0 (the chosen model's profile likelihood)."""
    cheap = not stepwise and 3 <= n_lists <= BOOTSTRAP_ALL_MODELS_UP_TO
    return DEFAULT_BOOTSTRAP if cheap else 0


def fit_loglinear(
    h: CaptureHistories,
    *,
    criterion: str = "bic",
    stepwise: bool | None = None,
    threshold: float = 0.02,
    max_order: int | None = None,
    bootstrap: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Estimate:
    """Estimate the total N by log-linear models.

    ``stepwise=None`` chooses stepwise selection for more than 6 lists and the search over
    all hierarchical models otherwise. ``max_order`` (all-models search only) defaults to
    ``J - 1`` up to 5 lists and 2 for 6. ``bootstrap`` replicates give a BCa interval; with
    ``bootstrap=0`` the interval is the selected model's profile likelihood. Every replicate
    re-runs the selection: cheap for stepwise (about 6 ms a replicate for 6 lists) and for 3
    or 4 lists, costly for the all-models search of 5 or 6 lists (about 1 s or 5 s a
    replicate); ``bootstrap=None`` means :func:`default_bootstrap` (200 for 3-4 lists
    searched over all models, else 0). Without a ``seed`` the
    bootstrap draws one and records it in ``diagnostics["bootstrap_seed"]``, so the run can
    be repeated. ``progress`` is called with ``(done, total)`` while models are fitted or
    replicates run.

    The result's ``point`` is the selected model's maximum-likelihood estimate; ``median``
    and ``mean`` stay None (a frequentist estimate has no posterior); ``draws`` holds the
    bootstrap replicates, whose median and mean are in ``diagnostics``.
    """
    settings = make_settings(h, criterion, stepwise, threshold, max_order, bootstrap or 0)
    if bootstrap is None:
        bootstrap = default_bootstrap(h.n_lists, settings.stepwise)
    cells = cell_patterns(h.n_lists)
    y = h.cell_counts()[1:].astype(np.float64)
    selection = select(settings, cells, y, h.n_lists, progress)
    warnings = data_warnings(h, y, cells)
    diagnostics: dict[str, Any] = {
        "selection": "stepwise" if settings.stepwise else "all hierarchical models",
        "criterion": None if settings.stepwise else settings.criterion,
        "threshold": settings.threshold if settings.stepwise else None,
        "max_order": 2 if settings.stepwise else settings.max_order,
    }
    models = model_summaries(settings, selection, h.lists)
    warnings += exclusion_warnings(settings, selection, h.lists, diagnostics)
    fit = selection.fit
    if fit is None or fit.estimate is None:
        nothing = replace(
            refused(h, "loglinear", ()),
            models=models,
            diagnostics=diagnostics | {"interval": None},
            warnings=tuple(warnings),
        )
        return nothing.with_checks(NO_ESTIMATE)
    diagnostics |= fit_diagnostics(fit, h.lists)
    lower, upper = _profile(fit, y, diagnostics, warnings)
    if h.n_lists == 2:
        warnings.append(
            N_(
                "With only two lists, dependence between them (heterogeneity) cannot be "
                "assessed: the estimate assumes they are independent."
            )
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
    if upper is None and lower is not None:
        estimate = estimate.with_checks(UNBOUNDED_ABOVE)
    if bootstrap > 0:
        reselect = selector(settings, cells, h.n_lists)
        return _with_bootstrap(estimate, y, reselect, bootstrap, seed, progress)
    return estimate


def _profile(
    fit: ModelFit, y: FloatArray, diagnostics: dict[str, Any], warnings: list[str]
) -> tuple[float | None, float | None]:
    """The profile-likelihood interval, recorded in ``diagnostics`` (None when it fails)."""
    try:
        profile = profile_interval(fit, y)
    except (ValueError, ArithmeticError):
        warnings.append(N_("The profile-likelihood interval could not be computed for this model."))
        diagnostics["profile_interval"] = None
        return None, None
    diagnostics["profile_interval"] = {
        "lower": profile.lower,
        "upper": profile.upper,
        "multinomial_mle": profile.mode,
    }
    return profile.lower, profile.upper


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
    if seed is None:
        # as LCMCR does: a run without a seed records the one drawn, so it can be repeated
        entropy = np.random.SeedSequence().entropy
        assert isinstance(entropy, int)  # SeedSequence(None) always has int entropy
        seed = entropy
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
            Message(
                N_(
                    "{failed} of {replicates} bootstrap replicates gave no estimate (no model "
                    "with a finite estimate) and were left out of the interval."
                ),
                failed=bca.failed,
                replicates=replicates,
            )
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
