"""Convergence diagnostics for Markov chains: split R-hat and effective sample size.

A single chain cannot tell whether it has explored the whole posterior; several chains
started apart can, when they disagree. These are the rank-normalised diagnostics of
Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), "Rank-normalization, folding, and
localization: an improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2):

* each chain is split in half, so a trend inside one chain shows up as disagreement;
* draws are replaced by the normal scores of their ranks over all chains, so heavy tails
  (the posterior of a population size has one) do not hide or fake disagreement;
* R-hat is the larger of the value on the ranks and on the ranks of the distances to the
  median ("folded"), which catches chains with the same centre but different spread;
* effective sample size uses Geyer's initial monotone sequence of autocorrelations.

Every function takes an array of shape ``(chains, draws)``.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.special import ndtri
from scipy.stats import rankdata

from uncounted.errors import InputError

FloatArray = npt.NDArray[np.float64]

#: Fewer draws per chain than this leave nothing to split and compare.
MIN_DRAWS = 4


class DiagnosticsInputError(InputError):
    """Raised when the draws given to a diagnostic are not a (chains, draws) array of
    finite numbers with at least four draws per chain."""


def _as_chains(draws: npt.ArrayLike) -> FloatArray:
    array = np.asarray(draws, dtype=np.float64)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2:
        raise DiagnosticsInputError(
            f"diagnostics need draws shaped (chains, draws); got {array.ndim} dimensions"
        )
    if array.shape[1] < MIN_DRAWS:
        raise DiagnosticsInputError(
            f"diagnostics need at least {MIN_DRAWS} draws per chain; got {array.shape[1]}"
        )
    if not np.all(np.isfinite(array)):
        raise DiagnosticsInputError("diagnostics need finite draws; some are NaN or infinite")
    return array


def split_chains(draws: npt.ArrayLike) -> FloatArray:
    """Each chain cut into its first and second half (the middle draw of an odd chain dropped)."""
    array = _as_chains(draws)
    half = array.shape[1] // 2
    return np.concatenate([array[:, :half], array[:, -half:]], axis=0)


def rank_normalize(draws: npt.ArrayLike) -> FloatArray:
    """Normal scores of the ranks over all chains (ties share their average rank)."""
    array = np.asarray(draws, dtype=np.float64)
    ranks = rankdata(array, method="average").reshape(array.shape)
    return np.asarray(ndtri((ranks - 0.375) / (array.size + 0.25)), dtype=np.float64)


def _basic_rhat(chains: FloatArray) -> float:
    """Potential scale reduction of chains taken as they are (no split, no ranks)."""
    n = chains.shape[1]
    within = float(np.mean(np.var(chains, axis=1, ddof=1)))
    if within <= 0.0:
        return math.nan
    between_over_n = float(np.var(np.mean(chains, axis=1), ddof=1)) if len(chains) > 1 else 0.0
    pooled = (n - 1) / n * within + between_over_n
    return math.sqrt(pooled / within)


def split_rhat(draws: npt.ArrayLike) -> float:
    """Rank-normalised split R-hat: max of the bulk and the folded value.

    About 1 when the chains agree; above 1.01 deserves a look and above 1.1 means the chains
    have not mixed. NaN when every draw is the same (nothing to compare).
    """
    halves = split_chains(draws)
    bulk = _basic_rhat(rank_normalize(halves))
    folded = _basic_rhat(rank_normalize(np.abs(halves - np.median(halves))))
    values = [v for v in (bulk, folded) if not math.isnan(v)]
    return max(values) if values else math.nan


def _autocovariance(chain: FloatArray) -> FloatArray:
    """Biased autocovariance at every lag (divided by the chain length), by FFT."""
    n = chain.size
    centred = chain - chain.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    return np.asarray(np.fft.irfft(spectrum * np.conjugate(spectrum), size)[:n] / n)


def _ess(chains: FloatArray) -> float:
    """Effective sample size of the pooled draws, Geyer's initial monotone sequence."""
    n_chains, n = chains.shape
    acov = np.array([_autocovariance(c) for c in chains])
    mean_var = float(np.mean(acov[:, 0])) * n / (n - 1)
    var_plus = mean_var * (n - 1) / n
    if n_chains > 1:
        var_plus += float(np.var(np.mean(chains, axis=1), ddof=1))
    if var_plus <= 0.0:
        return math.nan
    rho = 1.0 - (mean_var - np.mean(acov, axis=0)) / var_plus
    rho[0] = 1.0
    # sum pairs of consecutive autocorrelations while the pair sum stays positive
    pair_sums: list[float] = []
    t = 0
    while t + 1 < n:
        pair = float(rho[t] + rho[t + 1])
        if pair <= 0.0:
            break
        pair_sums.append(pair)
        t += 2
    # ...and force the pair sums to decrease (the initial monotone sequence)
    for i in range(1, len(pair_sums)):
        pair_sums[i] = min(pair_sums[i], pair_sums[i - 1])
    tau = -1.0 + 2.0 * sum(pair_sums)
    total = n_chains * n
    tau = max(tau, 1.0 / math.log10(total))
    return float(total / tau)


def ess_bulk(draws: npt.ArrayLike) -> float:
    """Bulk effective sample size: of the rank-normalised split chains.

    How many independent draws the chains are worth for the centre of the posterior
    (median, mean). NaN when every draw is the same.
    """
    return _ess(rank_normalize(split_chains(draws)))


def ess_tail(draws: npt.ArrayLike) -> float:
    """Tail effective sample size: the smaller of those of the 5% and 95% quantiles.

    How many independent draws the chains are worth for the ends of a 90-95% interval.
    """
    halves = split_chains(draws)
    low, high = np.quantile(halves, [0.05, 0.95])
    values = [_ess((halves <= low).astype(np.float64)), _ess((halves <= high).astype(np.float64))]
    finite = [v for v in values if not math.isnan(v)]
    return min(finite) if finite else math.nan
