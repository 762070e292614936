"""Estimate per stratum (period, region, event type) and combine into a total.

Strata are independent, so the distribution of the total is the distribution of a sum of
independent per-stratum totals: the convolution of exact posteriors (dga), the element-wise
sum of posterior draws (Bayesian samplers) or of bootstrap replicates (log-linear). Summing
medians or interval ends would be wrong: the total's interval is narrower than that sum.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import replace as _replace
from typing import Any

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Check, Estimate, Severity
from uncounted.messages import N_, Message

_Z975 = 1.959963984540054


class StratificationError(InputError):
    """Raised when strata cannot be estimated or their results cannot be combined."""


@dataclass(frozen=True)
class StratifiedEstimate:
    """The combined total and every stratum's own estimate."""

    column: str
    total: Estimate
    strata: Mapping[str, Estimate]

    def to_json_dict(self) -> dict[str, Any]:
        """The total's ``estimate --json`` document, plus the column and each stratum's."""
        return {
            **self.total.to_json_dict(),
            "stratified_by": self.column,
            "strata": {name: e.to_json_dict() for name, e in self.strata.items()},
        }


def estimate_stratified(
    h: CaptureHistories,
    column: str,
    fit: Callable[[CaptureHistories, str], Estimate],
) -> StratifiedEstimate:
    """Fit every stratum of ``column`` with ``fit(stratum, its name)`` and add them up."""
    strata = h.stratify(column)
    results: dict[str, Estimate] = {}
    for name, stratum in strata.items():
        try:
            results[name] = fit(stratum, name)
        except InputError as error:
            raise StratificationError(
                N_("stratum {stratum!r} of column {column}: {problem}"),
                stratum=name,
                column=column,
                problem=error.message,
            ) from None
    return StratifiedEstimate(column, combine_strata(results), results)


def combine_strata(results: Mapping[str, Estimate]) -> Estimate:
    """The total of independent strata, from exact posteriors, draws or point estimates."""
    if not results:
        raise StratificationError(N_("there are no strata with documented people to combine"))
    estimates = list(results.values())
    checks = [_in_stratum(name, c) for name, e in results.items() for c in e.checks]
    own = {name: {c.sentence for c in e.checks} for name, e in results.items()}
    warnings: list[str] = [
        Message(N_("Stratum {stratum}: {finding}"), stratum=name, finding=w)
        for name, e in results.items()
        for w in e.warnings
        if w not in own[name]
    ]
    point = _sum_or_none([e.point for e in estimates])
    base = _combined_shell(estimates, point, warnings)
    if any(e.refused for e in estimates):
        return _replace(base, point=None, mean=None).with_checks(*checks)
    return _combined(base, estimates, warnings).with_checks(*checks)


def _in_stratum(name: str, check: Check) -> Check:
    """A stratum's check, as a check on the total that names the stratum."""
    return Check(
        check.code,
        check.severity,
        Message(N_("Stratum {stratum}: {finding}"), stratum=name, finding=check.message),
        check.remedy,
        check.lists,
    )


def _combined(base: Estimate, estimates: list[Estimate], warnings: list[str]) -> Estimate:
    if all(e.posterior is not None for e in estimates):
        return _from_posterior(base, _convolve([e.posterior for e in estimates if e.posterior]))
    if all(e.draws is not None for e in estimates):
        return _from_draws(base, [e.draws for e in estimates if e.draws is not None])
    if all(e.method == "chapman" for e in estimates):
        return _from_normal(base, estimates)
    no_interval = Check(
        "total_without_interval",
        Severity.CAUTION,
        N_(
            "Not every stratum has a posterior or bootstrap replicates, so the total has no "
            "interval: only the sum of the strata's point estimates is given."
        ),
        N_("Give the log-linear method bootstrap replicates (--bootstrap)."),
    )
    return base.with_checks(no_interval)


def _sum_or_none(values: list[float | None]) -> float | None:
    if any(v is None for v in values):
        return None
    return float(sum(v for v in values if v is not None))


def _combined_shell(
    estimates: list[Estimate], point: float | None, warnings: list[str]
) -> Estimate:
    methods = sorted({e.method for e in estimates})
    return Estimate(
        method=methods[0] if len(methods) == 1 else "+".join(methods),
        lists=estimates[0].lists,
        observed=sum(e.observed for e in estimates),
        point=point,
        median=None,
        mean=_sum_or_none([e.mean for e in estimates]),
        q025=None,
        q975=None,
        models=(),
        diagnostics={"strata": len(estimates)},
        warnings=tuple(warnings),
    )


def _convolve_pair(
    first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Full linear convolution, by FFT unless one side is short.

    numpy's FFT rather than scipy.signal: importing scipy.signal takes seconds, paid at
    every start of the command line.
    """
    if min(len(first), len(second)) <= 64:
        return np.convolve(first, second)
    size = len(first) + len(second) - 1
    padded = 1 << (size - 1).bit_length()
    product = np.fft.rfft(first, padded) * np.fft.rfft(second, padded)
    result: npt.NDArray[np.float64] = np.fft.irfft(product, padded)[:size]
    return result


def _convolve(
    posteriors: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The distribution of the sum of independent totals given on integer grids."""
    start = 0
    probs = np.ones(1)
    for grid, p in posteriors:
        full = np.zeros(int(grid[-1] - grid[0]) + 1)
        full[(grid - grid[0]).astype(np.intp)] = p
        start += int(grid[0])
        probs = _convolve_pair(probs, full)
        probs = np.clip(probs, 0.0, None)
        probs /= probs.sum()
    return np.arange(start, start + len(probs), dtype=np.int64), probs


def _from_posterior(
    base: Estimate, posterior: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]
) -> Estimate:
    grid, probs = posterior
    cdf = np.cumsum(probs)

    def quantile(q: float) -> float:
        return float(grid[min(int(np.searchsorted(cdf, q)), len(grid) - 1)])

    return _replace(
        base,
        median=quantile(0.5),
        mean=float(probs @ grid),
        q025=quantile(0.025),
        q975=quantile(0.975),
        posterior=posterior,
        diagnostics={**base.diagnostics, "combined_by": "convolution of exact posteriors"},
    )


def _from_draws(base: Estimate, draws: list[npt.NDArray[np.float64]]) -> Estimate:
    length = min(len(d) for d in draws)
    total = np.sum([d[:length] for d in draws], axis=0)
    warnings = list(base.warnings)
    if any(len(d) != length for d in draws):
        warnings.append(
            Message(
                N_("The strata have different numbers of draws; the total uses the first {n}."),
                n=length,
            )
        )
    return _replace(
        base,
        median=float(np.median(total)),
        mean=float(total.mean()),
        q025=float(np.quantile(total, 0.025)),
        q975=float(np.quantile(total, 0.975)),
        draws=total,
        warnings=tuple(warnings),
        diagnostics={**base.diagnostics, "combined_by": "sum of draws", "draws": length},
    )


def _from_normal(base: Estimate, estimates: list[Estimate]) -> Estimate:
    """Sum of two-list estimates: points add, and so do their variances."""
    variance = sum(((e.q975 or 0.0) - (e.point or 0.0)) ** 2 for e in estimates) / _Z975**2
    half_width = _Z975 * float(np.sqrt(variance))
    point = base.point or 0.0
    return _replace(
        base,
        q025=max(float(base.observed), point - half_width),
        q975=point + half_width,
        diagnostics={**base.diagnostics, "combined_by": "sum of estimates and variances"},
    )
