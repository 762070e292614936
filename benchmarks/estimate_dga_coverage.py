"""Coverage of dga's 95% intervals on simulated capture histories with a known N.

Two designs, each with ``--replicates`` independent data sets of N = 400 people on 4 lists:
``independent`` (every person has the same capture probability per list: a model dga
contains) and ``heterogeneous`` (two equal hidden groups, one about twice as catchable on
every list: the dependence this creates is only partly captured by graphical models).

    .venv/bin/python benchmarks/estimate_dga_coverage.py [--replicates 400] [--seed 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from uncounted.estimate import CaptureHistories, fit_dga

TRUE_N = 400
LOW = np.array([0.15, 0.2, 0.1, 0.2])
HIGH = np.array([0.35, 0.3, 0.4, 0.25])


def simulate(rng: np.random.Generator, heterogeneous: bool) -> CaptureHistories:
    if heterogeneous:
        high = rng.random(TRUE_N) < 0.5
        p = np.where(high[:, None], HIGH, LOW)
    else:
        p = np.broadcast_to(LOW, (TRUE_N, 4))
    caught = rng.random((TRUE_N, 4)) < p
    seen = caught[caught.any(axis=1)].astype(np.uint8)
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureHistories(("A", "B", "C", "D"), patterns, counts.astype(np.int64))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=400)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    for design in ("independent", "heterogeneous"):
        rng = np.random.default_rng(args.seed)
        covered, below, medians = 0, 0, []
        start = time.perf_counter()
        for _ in range(args.replicates):
            result = fit_dga(simulate(rng, design == "heterogeneous"))
            assert result.q025 is not None and result.q975 is not None
            covered += result.q025 <= TRUE_N <= result.q975
            below += result.q975 < TRUE_N
            medians.append(result.median)
        print(
            f"{design:13s} coverage {covered / args.replicates:.3f} "
            f"(interval entirely below N: {below / args.replicates:.3f}), "
            f"median of posterior medians {np.median(medians):.0f} (true N {TRUE_N}), "
            f"{args.replicates} replicates in {time.perf_counter() - start:.1f} s"
        )


if __name__ == "__main__":
    main()
