"""Multiple systems estimation: how many people no list documented.

The public surface of :mod:`uncounted.estimate`. Read capture histories with
:meth:`CaptureHistories.from_csv`, then call :func:`estimate` with a method:

- ``"dga"``: Bayesian model averaging over decomposable graphical models (Madigan & York
  1997, R's dga), exact, for 3 to 5 lists;
- ``"lcmcr"``: the Bayesian latent-class model of Manrique-Vallier (2016, R's LCMCR);
- ``"loglinear"``: Poisson log-linear models chosen by AIC/BIC or stepwise (Rcapture,
  SparseMSE);
- ``"chapman"``: the two-list estimate (used whatever the method when there are two lists).

Every method returns an :class:`Estimate`. :func:`estimate` first runs the data-adequacy
checks shared by all methods (:mod:`uncounted.estimate.adequacy`): a refusal gives an
estimate with no number and the reason; cautions and notes travel with the number in
``Estimate.checks`` (first in ``warnings``). :func:`estimate_stratified` fits each stratum of
a covariate and combines them into a total. ``fit_lcmcr`` and ``fit_loglinear`` are imported
on first use: they load compiled samplers and solvers that the other methods do not need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from uncounted.errors import InputError
from uncounted.estimate.adequacy import data_checks, refused
from uncounted.estimate.chapman import fit_chapman
from uncounted.estimate.dga import fit_dga
from uncounted.estimate.histories import CaptureHistories, CaptureHistoryError
from uncounted.estimate.result import Check, Estimate, ModelSummary, Severity
from uncounted.estimate.stratified import StratifiedEstimate
from uncounted.estimate.stratified import estimate_stratified as _estimate_stratified
from uncounted.messages import N_

if TYPE_CHECKING:
    from uncounted.estimate.lcmcr import fit_lcmcr
    from uncounted.estimate.loglinear import fit_loglinear

__all__ = [
    "METHODS",
    "METHOD_OPTIONS",
    "STRATIFIED_BOOTSTRAP",
    "CaptureHistories",
    "CaptureHistoryError",
    "Check",
    "Estimate",
    "EstimateOptionError",
    "ModelSummary",
    "Severity",
    "StratifiedEstimate",
    "data_checks",
    "estimate",
    "estimate_stratified",
    "fit_chapman",
    "fit_dga",
    "fit_lcmcr",
    "fit_loglinear",
]

METHODS = ("loglinear", "dga", "lcmcr", "chapman")
#: Bootstrap replicates a stratified log-linear total gets unless told otherwise: enough for
#: the 2.5% and 97.5% ends to move by a few percent between seeds, in seconds for 3-4 lists.
STRATIFIED_BOOTSTRAP = 200
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


def estimate(
    h: CaptureHistories,
    method: str = "dga",
    *,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> Estimate:
    """Estimate N with ``method``; options left as None take the method's defaults.

    The shared data checks run first: when one refuses, the method is not run and the
    result has no number, only the checks saying why and what would help. With two lists
    every method falls back to the Chapman estimate, with a note saying so: no model of list
    dependence can be fitted to two lists. ``progress(done, total)`` is passed to the
    log-linear method (models fitted, then bootstrap replicates).
    """
    given = _check(method, options)
    checks = data_checks(h)
    if any(c.severity is Severity.REFUSE for c in checks):
        return refused(h, method if h.n_lists > 2 else "chapman", checks)
    if h.n_lists == 2 and method != "chapman":
        result = fit_chapman(h)
        note = Check(
            "two_lists",
            Severity.NOTE,
            N_(
                "With two lists the {method} method cannot be used; this is the two-list "
                "Chapman estimate."
            ),
        ).with_values(method=method)
        return result.with_checks(note, *checks)
    if method == "loglinear" and progress is not None:
        given["progress"] = progress
    return _fitter(method)(h, **given).with_checks(*checks)


def estimate_stratified(
    h: CaptureHistories,
    column: str,
    method: str = "dga",
    *,
    progress: Callable[[str, int, int], None] | None = None,
    **options: Any,
) -> StratifiedEstimate:
    """Estimate each stratum of covariate ``column`` with ``method`` and combine the totals.

    A log-linear total needs every stratum's bootstrap replicates to have an interval, so
    ``bootstrap`` defaults to :data:`STRATIFIED_BOOTSTRAP` replicates there (0 turns it
    off). ``progress(stratum, done, total)`` is called as replicates run.
    """
    given = _check(method, options)
    if method == "loglinear" and "bootstrap" not in given:
        given["bootstrap"] = STRATIFIED_BOOTSTRAP

    def fit(stratum: CaptureHistories, name: str) -> Estimate:
        if progress is None:
            return estimate(stratum, method, **given)
        return estimate(
            stratum, method, progress=lambda done, total: progress(name, done, total), **given
        )

    return _estimate_stratified(h, column, fit)
