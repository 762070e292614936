"""Parameter recovery study: do the 95% intervals cover a known population?

Populations of known size are simulated, listed with heterogeneous or homogeneous capture
over four lists, and estimated by LCMCR, dga and log-linear (BIC over all hierarchical
models, profile-likelihood interval). For each method and scenario the script reports the
share of replicates whose 95% interval contains the true N (with its own 95% binomial
interval), the median relative error of the central estimate and the median interval width.

    .venv/bin/python benchmarks/estimate_recovery.py [--replicates 200] [--methods lcmcr,dga]

LCMCR runs with 2 chains, burn-in 2,000, 400 samples, thinning 10 (as the CI test
tests/estimate/test_recovery.py; the documented defaults would take about 30 minutes).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.stats import beta

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Estimate


@dataclass(frozen=True)
class Scenario:
    """A population: size, class shares and each class's capture probability per list."""

    name: str
    total: int
    shares: tuple[float, ...]
    capture: tuple[tuple[float, ...], ...]


SCENARIOS = (
    Scenario(
        "two classes, moderate (CI test's)",
        2000,
        (0.6, 0.4),
        ((0.20, 0.25, 0.15, 0.30), (0.50, 0.60, 0.55, 0.45)),
    ),
    Scenario(
        "two classes, a hard-to-reach majority",
        2000,
        (0.7, 0.3),
        ((0.10, 0.15, 0.08, 0.20), (0.40, 0.50, 0.45, 0.30)),
    ),
    Scenario("homogeneous, independent lists", 1000, (1.0,), ((0.2, 0.25, 0.15, 0.3),)),
)


def simulate(rng: np.random.Generator, scenario: Scenario) -> CaptureHistories:
    capture = np.array(scenario.capture)
    classes = rng.choice(len(scenario.shares), size=scenario.total, p=scenario.shares)
    listed = rng.random((scenario.total, capture.shape[1])) < capture[classes]
    listed = listed[listed.any(axis=1)].astype(np.uint8)
    patterns, counts = np.unique(listed, axis=0, return_counts=True)
    names = tuple(f"L{j + 1}" for j in range(capture.shape[1]))
    return CaptureHistories(names, patterns, counts.astype(np.int64))


def fitters() -> dict[str, Callable[[CaptureHistories, int], Estimate]]:
    from uncounted.estimate.dga import fit_dga
    from uncounted.estimate.lcmcr import fit_lcmcr
    from uncounted.estimate.loglinear import fit_loglinear

    return {
        "lcmcr": lambda h, seed: fit_lcmcr(
            h, seed=seed, chains=2, burnin=2000, samples=400, thinning=10
        ),
        "dga": lambda h, seed: fit_dga(h),
        "loglinear": lambda h, seed: fit_loglinear(h),
    }


def central(estimate: Estimate) -> float | None:
    return estimate.median if estimate.median is not None else estimate.point


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--methods", default="lcmcr,dga,loglinear")
    parser.add_argument("--scenarios", default="0,1,2", help="indices into SCENARIOS")
    args = parser.parse_args()
    available = fitters()
    methods = [m for m in args.methods.split(",") if m]
    print(
        "| scenario | method | replicates | coverage of 95% interval | (95% CI) "
        "| median rel. error | median width / N | no estimate | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for scenario in [SCENARIOS[int(i)] for i in args.scenarios.split(",")]:
        for method in methods:
            rng = np.random.default_rng(20260325)
            covered = failed = 0
            errors: list[float] = []
            widths: list[float] = []
            start = time.perf_counter()
            for replicate in range(args.replicates):
                h = simulate(rng, scenario)
                estimate = available[method](h, 1000 + replicate)
                mid = central(estimate)
                if mid is None or estimate.q025 is None or estimate.q975 is None:
                    failed += 1
                    continue
                covered += estimate.q025 <= scenario.total <= estimate.q975
                errors.append(mid / scenario.total - 1)
                widths.append((estimate.q975 - estimate.q025) / scenario.total)
            seconds = time.perf_counter() - start
            done = args.replicates - failed
            low = beta.ppf(0.025, covered, done - covered + 1) if covered else 0.0
            high = beta.ppf(0.975, covered + 1, done - covered) if covered < done else 1.0
            print(
                f"| {scenario.name} (N={scenario.total}) | {method} | {done} "
                f"| {covered / max(done, 1):.1%} | {low:.1%}–{high:.1%} "
                f"| {np.median(errors):+.1%} | {np.median(widths):.2f} | {failed} "
                f"| {seconds:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
