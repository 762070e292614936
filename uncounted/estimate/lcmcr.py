"""LCMCR: the Bayesian non-parametric latent-class estimator of Manrique-Vallier (2016).

People differ in how likely they are to be documented, and lists that share who they reach
overlap more than chance allows. The model lets the documented population be a mixture of up
to ``K`` latent classes, each with its own probability of being on each list, and learns how
many classes the data support (a truncated Dirichlet process). It is the model of the R
package LCMCR 0.4.14, with the same priors, initialisation, update order and the same cap on
the number of undocumented individuals (20 times the documented, enforced by rejection).

What this module adds to the R package is honesty about the sampler: it runs several chains
from independent seeds, compares them (split R-hat, effective sample size, per-chain
medians) and says in plain words when they disagree, which on some real data sets they do
at the package's example settings (the Netherlands data give 48k, 49k or 142k depending on
the seed), and when the cap, not the data, sets the upper end of the interval.

Chains started where R starts them all sit in the same mode when the posterior has two: on
netherlands_5 all eight chains stayed near 48k in 2 of 12 seeds, with R-hat 1.02-1.04 and
nothing but "run longer" said. So every other chain starts dispersed: a latent class of
people no list reached, :data:`DISPERSED_STARTS` times the cap in size (the other chains
start as R does, with none). A chain started high finds the upper mode when it exists and
falls back when it does not; the chains then disagree, and the result says so.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError
from uncounted.estimate._lcmcr_kernel import run_chain
from uncounted.estimate.adequacy import NEAR_DOCUMENTED, mass_at_documented
from uncounted.estimate.diagnostics import ess_bulk, ess_tail, split_rhat
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Check, Estimate, ModelSummary, Severity
from uncounted.estimate.wording import CAP_BINDS, CHAINS_DISAGREE
from uncounted.messages import N_, Message

#: R-hat above this means the chains have not mixed (Vehtari et al. 2021 recommend 1.01 for
#: final results; 1.1 is the long-standing threshold for "do not use").
RHAT_LIMIT = 1.1
#: Chains whose medians differ by more than this fraction sit in different places.
MEDIAN_SPREAD_LIMIT = 0.10
#: Draws within this fraction of the cap on the undocumented count count as "at the cap".
NEAR_CAP_FRACTION = 0.05
#: The cap is reported when it binds in at least this share of sweeps or draws.
CAP_SHARE_LIMIT = 0.001
#: Fewer effective draws than this make the interval ends imprecise (Vehtari et al. 2021
#: ask for 100 per chain with four chains).
MIN_ESS = 400
#: Fewer effective draws than this mean the chains have barely moved: a chain that visits
#: another mode once or twice, or sits in one mode while the posterior has two, shows here
#: even when all chains happen to sit in the same place and R-hat stays low.
MIN_ESS_RELIABLE = 100
#: The unobserved count odd-numbered chains start from, as shares of the cap, in turn.
DISPERSED_STARTS = (0.25, 0.5, 0.1, 0.75)
#: dga, the remedy offered when chains disagree, handles at most this many lists.
DGA_MAX_LISTS = 5


class LcmcrSettingsError(InputError):
    """Raised when a setting of the LCMCR sampler is out of range (names the setting)."""


@dataclass(frozen=True)
class ChainResult:
    """One chain's retained draws of the undocumented count and how often the cap bound."""

    unobserved: npt.NDArray[np.int64]
    capped_sweeps: int
    sampling_sweeps: int


def _check_settings(
    h: CaptureHistories,
    K: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    chains: int,
    max_unseen_factor: float,
    seed: int | None,
) -> None:
    checks = [
        (h.n_lists >= 2, "LCMCR needs at least 2 lists"),
        (h.observed > 0, "LCMCR needs at least one documented individual"),
        (K >= 2, f"--K must be at least 2 (got {K})"),
        (a_alpha > 0 and b_alpha > 0, "a_alpha and b_alpha must be positive"),
        (burnin >= 0, f"--burnin must be 0 or more (got {burnin})"),
        (samples >= 4, f"--samples must be at least 4 (got {samples})"),
        (thinning >= 1, f"--thinning must be at least 1 (got {thinning})"),
        (chains >= 1, f"--chains must be at least 1 (got {chains})"),
        (max_unseen_factor > 0, "max_unseen_factor must be positive"),
        (seed is None or seed >= 0, f"--seed must be 0 or more (got {seed})"),
    ]
    for ok, message in checks:
        if not ok:
            raise LcmcrSettingsError(message)


def chain_seeds(seed: int | None, chains: int) -> tuple[int, list[np.random.SeedSequence]]:
    """The root entropy (reported, so a run without a seed can be repeated) and one
    independent seed sequence per chain."""
    root = np.random.SeedSequence(seed)
    entropy = root.entropy
    assert isinstance(entropy, int)  # SeedSequence(int | None) always has int entropy
    return entropy, root.spawn(chains)


def _run_chains(
    h: CaptureHistories,
    seeds: list[np.random.SeedSequence],
    K: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    max_unobserved: int,
) -> list[ChainResult]:
    cells = h.patterns.astype(np.int64)
    freq = h.counts.astype(np.int64)

    def one(chain: int) -> ChainResult:
        rng = np.random.Generator(np.random.PCG64(seeds[chain]))
        start = start_unobserved(chain, max_unobserved)
        draws, capped, _ = run_chain(
            rng, cells, freq, K, a_alpha, b_alpha, burnin, samples, thinning, max_unobserved, start
        )
        return ChainResult(np.asarray(draws, dtype=np.int64), int(capped), samples * thinning)

    if len(seeds) == 1:
        return [one(0)]
    # the kernel releases the GIL, so chains run side by side on separate cores
    workers = min(len(seeds), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(len(seeds))))


def start_unobserved(chain: int, max_unobserved: int) -> int:
    """Where chain number *chain* starts the unobserved count: even chains at 0 (as R),
    odd chains dispersed across the range up to the cap (:data:`DISPERSED_STARTS`)."""
    if chain % 2 == 0:
        return 0
    share = DISPERSED_STARTS[(chain // 2) % len(DISPERSED_STARTS)]
    return math.floor(share * max_unobserved)


def _other_method(n_lists: int) -> Message:
    """The remedy that exists for this many lists: dga up to 5, log-linear beyond."""
    if n_lists <= DGA_MAX_LISTS:
        return N_("compare with dga")
    return N_("compare with loglinear")


def _chain_checks(
    chain_medians: list[float], rhat: float, ess: float, n_chains: int, n_lists: int
) -> list[Check]:
    checks: list[Check] = []
    low, high = min(chain_medians), max(chain_medians)
    spread = (high - low) / low if low > 0 else 0.0
    rhat_bad = not math.isnan(rhat) and rhat > RHAT_LIMIT
    other = _other_method(n_lists)
    if n_chains > 1 and (rhat_bad or spread > MEDIAN_SPREAD_LIMIT):
        checks.append(
            Check(
                "chains_disagree",
                Severity.CAUTION,
                CHAINS_DISAGREE,
                N_("Run more chains for longer, and {other}."),
            ).with_values(low=low, high=high, rhat=rhat, other=other)
        )
    elif n_chains == 1 and rhat_bad:
        checks.append(
            Check(
                "chain_unsettled",
                Severity.CAUTION,
                N_(
                    "The chain has not settled (split R-hat {rhat:.2f}); the estimate is not "
                    "reliable at these settings."
                ),
                N_("Run more chains for longer, and {other}."),
            ).with_values(rhat=rhat, other=other)
        )
    if not math.isnan(ess) and ess < MIN_ESS_RELIABLE:
        checks.append(
            Check(
                "chains_not_mixed",
                Severity.CAUTION,
                N_(
                    "The chains have not mixed: their draws are worth only about {ess:,.0f} "
                    "independent ones; the estimate is not reliable at these settings."
                ),
                N_("Run longer (more samples or thinning), and {other}."),
            ).with_values(ess=ess, other=other)
        )
    elif not math.isnan(ess) and ess < MIN_ESS:
        checks.append(
            Check(
                "few_effective_draws",
                Severity.NOTE,
                N_(
                    "The draws are worth only about {ess:,.0f} independent ones; the interval "
                    "ends are imprecise."
                ),
                N_("Run longer (more samples or thinning)."),
            ).with_values(ess=ess)
        )
    return checks


def _cap_checks(
    observed: int, factor: float, near_cap_share: float, capped_share: float
) -> list[Check]:
    if near_cap_share < CAP_SHARE_LIMIT and capped_share < CAP_SHARE_LIMIT:
        return []
    return [
        Check(
            "cap_binds",
            Severity.CAUTION,
            CAP_BINDS,
            N_(
                "Treat the upper end as unknown: raising the limit only moves it. More lists, "
                "or more people on several lists, would let the data bound the total."
            ),
        ).with_values(factor=factor, observed=observed, capped=capped_share, near=near_cap_share)
    ]


def fit_lcmcr(
    h: CaptureHistories,
    *,
    K: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    burnin: int = 10_000,
    samples: int = 1_000,
    thinning: int = 100,
    chains: int = 8,
    seed: int | None = None,
    max_unseen_factor: float = 20,
) -> Estimate:
    """Posterior of the total population N under the LCMCR latent-class model.

    Each of ``chains`` chains runs LCMCR's 500-sweep initialisation, ``burnin`` sweeps, then
    keeps the number of undocumented individuals every ``thinning`` sweeps until it has
    ``samples`` draws (defaults: the R package's documented example). ``seed`` fixes every
    chain (each gets its own seed derived from it); without one the seed used is reported in
    ``diagnostics["seed"]``. Undocumented counts above ``max_unseen_factor`` times the
    documented are rejected, as in the R package. Odd-numbered chains start dispersed
    (:func:`start_unobserved`). Summaries are over all chains' draws.
    """
    _check_settings(
        h, K, a_alpha, b_alpha, burnin, samples, thinning, chains, max_unseen_factor, seed
    )
    observed = h.observed
    max_unobserved = math.floor(max_unseen_factor * observed)
    entropy, seeds = chain_seeds(seed, chains)
    results = _run_chains(h, seeds, K, a_alpha, b_alpha, burnin, samples, thinning, max_unobserved)

    totals = np.array([r.unobserved for r in results], dtype=np.float64) + observed
    pooled = totals.reshape(-1)
    chain_medians = [float(np.median(c)) for c in totals]
    rhat = split_rhat(totals)
    bulk = ess_bulk(totals)
    tail = ess_tail(totals)
    near_cap = (
        np.concatenate([r.unobserved for r in results])
        >= (1.0 - NEAR_CAP_FRACTION) * max_unobserved
    )
    near_cap_share = float(np.mean(near_cap))
    capped_share = sum(r.capped_sweeps for r in results) / sum(r.sampling_sweeps for r in results)

    q025, median, q975 = (float(v) for v in np.quantile(pooled, [0.025, 0.5, 0.975]))
    checks = _chain_checks(chain_medians, rhat, bulk, chains, h.n_lists)
    checks += _cap_checks(observed, max_unseen_factor, near_cap_share, capped_share)
    near = float(np.mean(pooled - observed <= NEAR_DOCUMENTED * observed))
    checks += mass_at_documented(observed, near, q975)
    diagnostics = {
        "seed": entropy,
        "chains": chains,
        "K": K,
        "a_alpha": a_alpha,
        "b_alpha": b_alpha,
        "burnin": burnin,
        "samples_per_chain": samples,
        "thinning": thinning,
        "chain_medians": chain_medians,
        "chain_starts": [start_unobserved(c, max_unobserved) for c in range(chains)],
        "rhat": None if math.isnan(rhat) else rhat,
        "ess_bulk": None if math.isnan(bulk) else bulk,
        "ess_tail": None if math.isnan(tail) else tail,
        "max_total": observed + max_unobserved,
        "share_draws_near_cap": near_cap_share,
        "share_sweeps_capped": capped_share,
    }
    return Estimate(
        method="lcmcr",
        lists=h.lists,
        observed=observed,
        point=None,
        median=median,
        mean=float(np.mean(pooled)),
        q025=q025,
        q975=q975,
        models=(ModelSummary(name=f"LCMCR K={K}", weight=1.0, estimate=median),),
        diagnostics=diagnostics,
        draws=pooled,
    ).with_checks(*checks)
