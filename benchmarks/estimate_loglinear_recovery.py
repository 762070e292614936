"""Coverage study: how often the log-linear intervals cover a known total N.

    .venv/bin/python benchmarks/estimate_loglinear_recovery.py [--replicates 500]

Two simulated populations of N = 2,000 on four lists:

* ``loglinear``: capture follows a log-linear model with dependencies A:B and C:D (the
  method's assumptions hold);
* ``latent classes``: 30% of people are easy to capture (p = 0.5, 0.45, 0.4, 0.5) and 70%
  hard (0.15, 0.1, 0.12, 0.2): heterogeneity that no log-linear model of four lists fully
  describes, the situation of most human-rights data.

Each replicate is estimated by BIC over all 113 hierarchical models (profile interval) and by
SparseMSE-style stepwise selection (profile interval). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear import fit_loglinear

TRUE_N = 2_000
LISTS = ("A", "B", "C", "D")


def _loglinear(rng: np.random.Generator) -> np.ndarray:
    cells = np.arange(16)
    x = ((cells[:, None] >> np.arange(4)) & 1).astype(float)
    capture = np.array([0.3, 0.25, 0.2, 0.3])
    eta = x @ np.log(capture / (1 - capture)) + 1.0 * x[:, 0] * x[:, 1] + 0.8 * x[:, 2] * x[:, 3]
    p = np.exp(eta)
    return rng.multinomial(TRUE_N, p / p.sum())


def _latent_classes(rng: np.random.Generator) -> np.ndarray:
    easy = rng.binomial(TRUE_N, 0.3)
    cells = np.zeros(16, dtype=np.int64)
    for size, p in ((easy, [0.5, 0.45, 0.4, 0.5]), (TRUE_N - easy, [0.15, 0.1, 0.12, 0.2])):
        captured = rng.random((size, 4)) < np.asarray(p)
        cells += np.bincount(captured.astype(int) @ (1 << np.arange(4)), minlength=16)
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicates", type=int, default=500)
    args = parser.parse_args()
    print("| population | selection | replicates | coverage of 95% interval | median N | s |")
    print("|---|---|---|---|---|---|")
    for label, simulate in (("loglinear", _loglinear), ("latent classes", _latent_classes)):
        for stepwise in (False, True):
            rng = np.random.default_rng(2026)
            start = time.perf_counter()
            covered, points = 0, []
            for _ in range(args.replicates):
                cells = simulate(rng)
                cells[0] = 0
                result = fit_loglinear(CaptureHistories.from_cells(LISTS, cells), stepwise=stepwise)
                if result.point is not None:
                    points.append(result.point)
                lower, upper = result.q025, result.q975
                covered += lower is not None and upper is not None and lower <= TRUE_N <= upper
            selection = "stepwise" if stepwise else "BIC, all models"
            print(
                f"| {label} | {selection} | {args.replicates} | {covered / args.replicates:.3f} "
                f"| {np.median(points):,.0f} | {time.perf_counter() - start:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
