"""Multiple systems estimation: how many people no list documented.

The public surface of :mod:`uncounted.estimate`. Read capture histories with
:meth:`CaptureHistories.from_csv`, then call :func:`estimate` with a method:

- ``"dga"``: Bayesian model averaging over decomposable graphical models (Madigan & York
  1997, R's dga), exact, for 3 to 5 lists;
- ``"lcmcr"``: the Bayesian latent-class model of Manrique-Vallier (2016, R's LCMCR);
- ``"loglinear"``: Poisson log-linear models chosen by AIC/BIC or stepwise (Rcapture,
  SparseMSE);
- ``"chapman"``: the two-list estimate (used whatever the method when there are two lists).

Every method returns an :class:`Estimate`. :func:`estimate_stratified` fits each stratum of
a covariate and combines them into a total. ``fit_lcmcr`` and ``fit_loglinear`` are imported
on first use: they load compiled samplers and solvers that the other methods do not need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from uncounted.errors import InputError
from uncounted.estimate.chapman import fit_chapman
from uncounted.estimate.dga import fit_dga
from uncounted.estimate.histories import CaptureHistories, CaptureHistoryError
from uncounted.estimate.result import Estimate, ModelSummary
from uncounted.estimate.stratified import StratifiedEstimate
from uncounted.estimate.stratified import estimate_stratified as _estimate_stratified
from uncounted.messages import N_

if TYPE_CHECKING:
    from uncounted.estimate.lcmcr import fit_lcmcr
    from uncounted.estimate.loglinear import fit_loglinear

__all__ = [
    "METHODS",
    "METHOD_OPTIONS",
    "CaptureHistories",
    "CaptureHistoryError",
    "Estimate",
    "EstimateOptionError",
    "ModelSummary",
    "StratifiedEstimate",
    "estimate",
    "estimate_stratified",
    "fit_chapman",
    "fit_dga",
    "fit_lcmcr",
    "fit_loglinear",
]

METHODS = ("loglinear", "dga", "lcmcr", "chapman")
METHOD_OPTIONS: dict[str, frozenset[str]] = {
    "dga": frozenset({"delta", "prior"}),
    "lcmcr": frozenset(
        {
            "seed",
            "chains",
            "K",
            "burnin",
            "samples",
            "thinning",
            "a_alpha",
            "b_alpha",
            "max_unseen_factor",
        }
    ),
    "loglinear": frozenset(
        {"criterion", "stepwise", "threshold", "bootstrap", "seed", "max_order"}
    ),
    "chapman": frozenset(),
}


class EstimateOptionError(InputError):
    """Raised when an unknown method, or an option that the method does not take, is asked."""


def __getattr__(name: str) -> Any:
    """Import the LCMCR and log-linear fitters on first use."""
    if name == "fit_lcmcr":
        from uncounted.estimate.lcmcr import fit_lcmcr

        return fit_lcmcr
    if name == "fit_loglinear":
        from uncounted.estimate.loglinear import fit_loglinear

        return fit_loglinear
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _fitter(method: str) -> Callable[..., Estimate]:
    if method == "dga":
        return fit_dga
    if method == "chapman":
        return lambda h: fit_chapman(h)
    fitter: Callable[..., Estimate] = __getattr__(f"fit_{method}")
    return fitter


def _check(method: str, options: dict[str, Any]) -> dict[str, Any]:
    if method not in METHODS:
        raise EstimateOptionError(
            N_("unknown method {method!r}; choose one of: {choices}"),
            method=method,
            choices=", ".join(METHODS),
        )
    given = {name: value for name, value in options.items() if value is not None}
    wrong = sorted(set(given) - METHOD_OPTIONS[method])
    if wrong:
        names = ", ".join(f"--{name}" for name in wrong)
        raise EstimateOptionError(f"{names} does not apply to the {method} method")
    return given


def estimate(h: CaptureHistories, method: str = "dga", **options: Any) -> Estimate:
    """Estimate N with ``method``; options left as None take the method's defaults.

    With two lists every method falls back to the Chapman estimate, with a warning saying so:
    no model of list dependence can be fitted to two lists.
    """
    given = _check(method, options)
    if h.n_lists == 2 and method != "chapman":
        result = fit_chapman(h)
        note = (
            f"With two lists the {method} method cannot be used; this is the two-list "
            "Chapman estimate."
        )
        return replace(result, warnings=(note, *result.warnings))
    return _fitter(method)(h, **given)


def estimate_stratified(
    h: CaptureHistories, column: str, method: str = "dga", **options: Any
) -> StratifiedEstimate:
    """Estimate each stratum of covariate ``column`` with ``method`` and combine the totals."""
    given = _check(method, options)
    return _estimate_stratified(h, column, lambda stratum: estimate(stratum, method, **given))
