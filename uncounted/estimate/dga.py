"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

The method of HRDAG's R package dga (``bma.cr``): every decomposable graphical model of the
lists gets a hyper-Dirichlet prior (``delta`` prior counts per cell of the full table,
``delta * 2**(p - |c|)`` per cell of a marginal on ``|c|`` lists), and the posterior of each
model and of the number of unobserved individuals M is computed exactly on a grid of M. The
log marginal likelihood of a decomposable model is a sum of clique terms minus separator
terms, each a sum of log-gamma functions of the marginal counts; only the all-zero marginal
cell depends on M. So each of the ``2**p - 1`` marginal terms is computed once over the whole
grid, and the log-posterior of all graphs is one matrix product of a (graphs x marginals)
matrix of +1/-1 coefficients with those terms.

The grid starts at M = 0..20n and is doubled while the posterior probability of its last
point exceeds 1e-6, as in the runs of R's dga this project compares against. Doubling only
evaluates the new half (the unnormalised log-posterior of a grid point does not depend on
the rest of the grid).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln, logsumexp
from threadpoolctl import ThreadpoolController

from uncounted.errors import InputError
from uncounted.estimate._graphs import DecomposableGraph, decomposable_graphs
from uncounted.estimate.adequacy import NEAR_DOCUMENTED, mass_at_documented
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Check, Estimate, ModelSummary, Severity
from uncounted.estimate.wording import GRID_TOO_SHORT, IMPROPER_POSTERIOR
from uncounted.messages import N_

Prior = Literal["inverse", "uniform"]
MIN_LISTS = 2
MAX_LISTS = 5
GRID_START_FACTOR = 20
TOP_MASS = 1e-6
MAX_DOUBLINGS = 8
MAX_GRID_POINTS = 4_000_000
_CHUNK = 2048
_NEGLIGIBLE = 60.0
_CACHE_BYTES = 256 * 2**20
_TOP_MODELS = 5
MIN_MODEL_WEIGHT = 0.001


class DgaError(InputError):
    """Raised when dga cannot be run on a table (too few or too many lists, bad options)."""


@dataclass(frozen=True)
class _Posterior:
    """Unnormalised log-posterior summaries accumulated over the grid of M."""

    log_by_m: npt.NDArray[np.float64]
    log_by_graph: npt.NDArray[np.float64]


class _Terms:
    """The M-independent parts of the log-posterior, computed once per table."""

    def __init__(self, h: CaptureHistories, delta: float, prior: Prior) -> None:
        p = h.n_lists
        cells = h.cell_counts().astype(np.float64)
        cells[0] = 0.0
        self.n = float(cells.sum())
        self.total_alpha = delta * 2**p
        self.prior = prior
        self.graphs = decomposable_graphs(p)
        masks = np.arange(1, 2**p)
        self.shift = np.empty(len(masks))
        self.const = np.empty(len(masks))
        index = np.arange(2**p)
        for row, mask in enumerate(masks):
            size = int(mask).bit_count()
            alpha = delta * 2.0 ** (p - size)
            marginal = np.bincount(index & mask, weights=cells, minlength=2**p)
            occupied = marginal[np.unique(index & mask)]
            zero_cell = marginal[0]
            self.shift[row] = zero_cell + alpha
            self.const[row] = gammaln(occupied[1:] + alpha).sum() - 2**size * gammaln(alpha)
        self.coef = np.zeros((len(self.graphs), len(masks)))
        for g, graph in enumerate(self.graphs):
            for clique in graph.cliques:
                self.coef[g, clique - 1] += 1.0
            for separator in graph.separators:
                self.coef[g, separator - 1] -= 1.0
        self.n_components = self.coef.sum(axis=1)
        self.stacked_coef = np.column_stack(
            [self.coef, self.n_components, np.ones(len(self.graphs))]
        )
        self.log_cells_factorial = float(gammaln(cells[1:] + 1).sum())
        self.tail_exponents = self._tail_exponents()
        self._cache: dict[tuple[float, int], npt.NDArray[np.float64]] = {}
        self._cached_bytes = 0
        self.segments: list[tuple[int, int]] = []
        self.running_peak = -np.inf

    def _tail_exponents(self) -> npt.NDArray[np.float64]:
        """Each graph's posterior of M decays like M**exponent (the power of its tail)."""
        prior_power = 1.0 if self.prior == "inverse" else 0.0
        exponents: npt.NDArray[np.float64] = (
            self.coef @ self.shift
            - self.n_components * (self.n + self.total_alpha)
            + self.n
            - prior_power
        )
        return exponents

    def stacked_terms(self, missing: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The M-dependent terms, one row per marginal plus the two shared rows.

        Cached (within a memory budget) so that the top models' own posteriors, computed
        after the model averaging, do not evaluate the log-gamma functions a second time.
        """
        key = (float(missing[0]), len(missing))
        if key in self._cache:
            return self._cache[key]
        stacked = np.empty((len(self.shift) + 2, len(missing)))
        np.add(missing[None, :], self.shift[:, None], out=stacked[:-2])
        gammaln(stacked[:-2], out=stacked[:-2])
        stacked[:-2] += self.const[:, None]
        stacked[-2] = gammaln(self.total_alpha) - gammaln(missing + self.n + self.total_alpha)
        shared = gammaln(missing + self.n + 1) - gammaln(missing + 1) - self.log_cells_factorial
        if self.prior == "inverse":
            shared -= np.log(missing + self.n)
        stacked[-1] = shared
        if self._cached_bytes + stacked.nbytes <= _CACHE_BYTES:
            self._cache[key] = stacked
            self._cached_bytes += stacked.nbytes
        return stacked

    def log_posterior(
        self,
        missing: npt.NDArray[np.float64],
        graphs: npt.NDArray[np.intp] | None = None,
        out: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float64]:
        """Unnormalised log P(graph, M | data) for the graphs (rows) and M (columns) asked.

        One matrix product: the marginal terms, the shared denominator (weighted by each
        graph's number of cliques minus separators) and the multinomial coefficient and
        prior (weight 1) are stacked as rows, the graphs' coefficients as columns.
        """
        stacked = self.stacked_terms(missing)
        coef = self.stacked_coef if graphs is None else self.stacked_coef[graphs]
        if out is None:
            out = np.empty((len(coef), len(missing)))
        np.matmul(coef, stacked, out=out)
        return out


def _accumulate(terms: _Terms, start: int, stop: int) -> _Posterior:
    """Log-sums over graphs (per M) and over M (per graph) for M in ``start..stop-1``.

    The reference is the highest log-posterior met so far (over every chunk and graph).
    Within each chunk of the grid, graphs whose log-posterior stays more than
    ``_NEGLIGIBLE`` below it are left out of the exponentials, and entries further than
    that below it are raised to that level before exponentiating (which keeps the
    exponential away from slow subnormal numbers). Either way an entry is below
    exp(-_NEGLIGIBLE) = 1e-26 of the largest term, so all of them together (fewer than
    1e9 entries) move no probability by more than about 1e-17 of the total: below the
    rounding of the sums themselves. Buffers are reused across chunks: allocating fresh
    large arrays costs more than the arithmetic.
    """
    terms.segments.append((start, stop))
    by_m = np.full(stop - start, -np.inf)
    by_graph = np.full(len(terms.graphs), -np.inf)
    log_post = np.empty((len(terms.graphs), _CHUNK))
    for low in range(start, stop, _CHUNK):
        width = min(_CHUNK, stop - low)
        terms.log_posterior(np.arange(low, low + _CHUNK, dtype=np.float64), out=log_post)
        row_peaks = log_post[:, :width].max(axis=1)
        reference = terms.running_peak = max(terms.running_peak, float(row_peaks.max()))
        kept = np.nonzero(row_peaks > reference - _NEGLIGIBLE)[0]
        if not len(kept):
            continue
        scaled = log_post[kept, :width] if len(kept) < len(row_peaks) else log_post[:, :width]
        scaled -= reference
        np.maximum(scaled, -_NEGLIGIBLE, out=scaled)
        np.exp(scaled, out=scaled)
        by_m[low - start : low - start + width] = reference + np.log(scaled.sum(axis=0))
        by_graph[kept] = np.logaddexp(by_graph[kept], reference + np.log(scaled.sum(axis=1)))
    return _Posterior(by_m, by_graph)


def _merge(first: _Posterior, second: _Posterior) -> _Posterior:
    return _Posterior(
        np.concatenate([first.log_by_m, second.log_by_m]),
        np.logaddexp(first.log_by_graph, second.log_by_graph),
    )


def _quantile(grid: npt.NDArray[np.int64], cdf: npt.NDArray[np.float64], q: float) -> float:
    """The smallest N whose cumulative posterior probability reaches ``q``."""
    return float(grid[min(int(np.searchsorted(cdf, q)), len(grid) - 1)])


def _check_options(h: CaptureHistories, delta: float | None, prior: str) -> float:
    if not MIN_LISTS <= h.n_lists <= MAX_LISTS:
        raise DgaError(
            N_(
                "dga averages over all decomposable models for {low} to {high} "
                "lists; this table has {lists} (merge lists, or use lcmcr or loglinear)"
            ),
            low=MIN_LISTS + 1,
            high=MAX_LISTS,
            lists=h.n_lists,
        )
    if prior not in ("inverse", "uniform"):
        raise DgaError(f"--prior must be 'inverse' or 'uniform', not {prior!r}")
    chosen = 2.0**-h.n_lists if delta is None else float(delta)
    if not (math.isfinite(chosen) and chosen > 0):
        raise DgaError("--delta must be a positive number")
    return chosen


def model_name(graph: DecomposableGraph, lists: tuple[str, ...]) -> str:
    """A model as its cliques, e.g. ``[EXH ABA OSCE][EXH HRW]`` (lists in one clique interact)."""
    return "".join(
        "[" + " ".join(lists[j] for j in members) + "]" for members in graph.clique_lists()
    )


@cache
def _blas_controller() -> ThreadpoolController:
    """Found once: inspecting the loaded libraries costs more than a small fit."""
    return ThreadpoolController()


def fit_dga(
    h: CaptureHistories,
    *,
    delta: float | None = None,
    prior: Prior = "inverse",
    top_models: int = _TOP_MODELS,
) -> Estimate:
    """Exact Bayesian model averaging over all decomposable graphs (R's ``dga::bma.cr``).

    ``delta`` is the hyper-Dirichlet prior count per cell (default ``2**-p``); ``prior`` is
    the prior on N: ``"inverse"`` (proportional to 1/N, dga's default) or ``"uniform"``.
    Returns the posterior median and 2.5/97.5% quantiles of N, the ``top_models`` models
    of highest posterior weight (those above 0.001), and the whole posterior
    ``(grid of N, probabilities)``.
    """
    chosen_delta = _check_options(h, delta, prior)
    # One BLAS thread: the products are small and many, and on a shared two-core machine
    # waking BLAS worker threads for each costs more than the arithmetic (5x on kosovo).
    with _blas_controller().limit(limits=1, user_api="blas"):
        return _fit(h, chosen_delta, prior, top_models)


def _fit(h: CaptureHistories, delta: float, prior: Prior, top_models: int) -> Estimate:
    terms = _Terms(h, delta, prior)
    n = h.observed
    size = GRID_START_FACTOR * n + 1
    posterior = _accumulate(terms, 0, size)
    doublings = 0
    while True:
        top_mass = float(np.exp(posterior.log_by_m[-1] - logsumexp(posterior.log_by_m)))
        if top_mass <= TOP_MASS or doublings >= MAX_DOUBLINGS or 2 * size > MAX_GRID_POINTS:
            break
        new_size = 2 * (size - 1) + 1
        posterior = _merge(posterior, _accumulate(terms, size, new_size))
        size = new_size
        doublings += 1
    return _summarise(h, terms, posterior, top_mass, doublings, delta, top_models)


def _summarise(
    h: CaptureHistories,
    terms: _Terms,
    posterior: _Posterior,
    top_mass: float,
    doublings: int,
    delta: float,
    top_models: int,
) -> Estimate:
    total = logsumexp(posterior.log_by_m)
    probs = np.exp(posterior.log_by_m - total)
    grid = np.arange(len(probs), dtype=np.int64) + h.observed
    cdf = np.cumsum(probs)
    weights = np.exp(posterior.log_by_graph - total)
    order = np.argsort(-weights, kind="stable")[:top_models]
    order = order[(weights[order] >= MIN_MODEL_WEIGHT) | (np.arange(len(order)) == 0)]
    models = _model_summaries(h, terms, order, weights, grid)
    q975 = _quantile(grid, cdf, 0.975)
    saturated = _saturated_weight(terms, weights, h.n_lists)
    checks = _checks(terms, probs, top_mass, grid, doublings, saturated, q975)
    # a posterior mean that is not finite is a property of the prior, not news about the
    # data: it is a diagnostic, and no mean is shown (it would only say where the grid ends)
    mean_is_finite = bool(terms.tail_exponents.max() < -2.0)
    return Estimate(
        method="dga",
        lists=h.lists,
        observed=h.observed,
        point=None,
        median=_quantile(grid, cdf, 0.5),
        mean=float(probs @ grid) if mean_is_finite else None,
        q025=_quantile(grid, cdf, 0.025),
        q975=q975,
        models=models,
        diagnostics={
            "graphs": len(terms.graphs),
            "delta": delta,
            "prior_on_N": terms.prior,
            "grid_max_N": int(grid[-1]),
            "grid_points": len(grid),
            "grid_doublings": doublings,
            "mass_at_grid_top": top_mass,
            "probability_none_unobserved": float(probs[0]),
            "mean_is_finite": mean_is_finite,
            "saturated_model_weight": saturated,
        },
        posterior=(grid, probs),
    ).with_checks(*checks)


def _model_summaries(
    h: CaptureHistories,
    terms: _Terms,
    order: npt.NDArray[np.intp],
    weights: npt.NDArray[np.float64],
    grid: npt.NDArray[np.int64],
) -> tuple[ModelSummary, ...]:
    """The top graphs' weights and each one's own posterior median and interval of N."""
    pieces = [
        terms.log_posterior(np.arange(low, low + _CHUNK, dtype=np.float64), order)[
            :, : min(_CHUNK, stop - low)
        ]
        for start, stop in terms.segments
        for low in range(start, stop, _CHUNK)
    ]
    rows = np.concatenate(pieces, axis=1)
    assert rows.shape[1] == len(grid)
    summaries = []
    for g, row in zip(order, rows, strict=True):
        cdf = np.cumsum(np.exp(row - logsumexp(row)))
        graph = terms.graphs[g]
        summaries.append(
            ModelSummary(
                name=model_name(graph, h.lists),
                weight=float(weights[g]),
                estimate=_quantile(grid, cdf, 0.5),
                details={
                    "q025": _quantile(grid, cdf, 0.025),
                    "q975": _quantile(grid, cdf, 0.975),
                    "interactions": len(graph.cliques) - len(graph.separators),
                },
            )
        )
    return tuple(summaries)


#: A model holding more than this share of the weight "dominates" the average.
DOMINANT_WEIGHT = 0.5


def _saturated_weight(terms: _Terms, weights: npt.NDArray[np.float64], p: int) -> float:
    """The weight of the model in which every list depends on every other."""
    full = 2**p - 1
    for g, graph in enumerate(terms.graphs):
        if len(graph.cliques) == 1 and int(graph.cliques[0]) == full:
            return float(weights[g])
    return 0.0


def _checks(
    terms: _Terms,
    probs: npt.NDArray[np.float64],
    top_mass: float,
    grid: npt.NDArray[np.int64],
    doublings: int,
    saturated: float,
    q975: float,
) -> list[Check]:
    checks: list[Check] = []
    if float(terms.tail_exponents.max()) >= -1.0:
        checks.append(
            Check(
                "improper_posterior",
                Severity.CAUTION,
                IMPROPER_POSTERIOR,
                N_("Use the default 1/N prior or a larger delta."),
            ).with_values(top=int(grid[-1]))
        )
    if top_mass > TOP_MASS:
        checks.append(
            Check(
                "grid_too_short",
                Severity.CAUTION,
                GRID_TOO_SHORT,
                N_("More overlap between the lists would narrow it; a larger delta smooths it."),
            ).with_values(top=int(grid[-1]), doublings=doublings)
        )
    if saturated > DOMINANT_WEIGHT:
        checks.append(
            Check(
                "saturated_model_dominates",
                Severity.CAUTION,
                N_(
                    "{weight:.0%} of the weight is on the model in which every list depends "
                    "on every other; under that model the number no list documented is set "
                    "by the prior, not by the data."
                ),
                N_(
                    "Compare with lcmcr, which models the dependence differently; more lists "
                    "would let the data decide."
                ),
            ).with_values(weight=saturated)
        )
    near = math.ceil(NEAR_DOCUMENTED * float(grid[0]))
    checks += mass_at_documented(int(grid[0]), float(probs[: near + 1].sum()), q975)
    return checks
