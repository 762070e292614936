"""LCMCR sampler speed: Gibbs sweeps per second with K = 10, against R's LCMCR 0.4.14.

R's figures (54,083 sweeps/s on kosovo, 45,228 on uk_modern_slavery_6: ``Update(100000)``
after set-up, same kind of 2-core machine) come from ``shared/reference/README.md``; R
cannot run here. This script times the same thing: one chain, 100,000 sweeps after the
set-up, K = 10, a_alpha = b_alpha = 0.25, best of ``--repeats`` runs (the machine is shared,
so the best run is the least disturbed one). Wall-clock and CPU time are both reported.

numba's compile time is excluded from the rates and reported separately: once with an empty
cache (a first run after installation) and once loading the on-disk cache (every later run).

    .venv/bin/python benchmarks/estimate_lcmcr.py [--repeats 3] [--sweeps 100000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from uncounted.estimate.histories import CaptureHistories

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
R_RATES = {"kosovo": 54_083, "uk_modern_slavery_6": 45_228}

_COMPILE_SNIPPET = """
import time, numpy as np
t = time.perf_counter()
from uncounted.estimate._lcmcr_kernel import run_chain
cells = np.array([[1, 0], [0, 1], [1, 1]], dtype=np.int64)
freq = np.array([5, 5, 2], dtype=np.int64)
run_chain(np.random.default_rng(0), cells, freq, 10, 0.25, 0.25, 1, 4, 1, 240)
print(time.perf_counter() - t)
"""


def compile_seconds(cache_dir: str | None) -> float:
    """Seconds to import and first call the kernel in a fresh interpreter."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run(
        [sys.executable, "-c", _COMPILE_SNIPPET],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def sweep_rate(name: str, sweeps: int, repeats: int) -> tuple[float, float]:
    """Best (wall, CPU) sweeps per second of one chain over ``sweeps`` sweeps."""
    from uncounted.estimate._lcmcr_kernel import run_chain

    h = CaptureHistories.from_csv(REFERENCE / f"{name}.csv")
    cells = h.patterns.astype(np.int64)
    freq = h.counts.astype(np.int64)
    cap = 20 * h.observed
    run_chain(np.random.default_rng(0), cells, freq, 10, 0.25, 0.25, 1, 4, 1, cap)  # compiled
    best_wall = best_cpu = 0.0
    for repeat in range(repeats):
        rng = np.random.default_rng(repeat)
        # set-up (500 warm-up sweeps) timed apart, then exactly `sweeps` sweeps
        t0, c0 = time.perf_counter(), time.process_time()
        run_chain(rng, cells, freq, 10, 0.25, 0.25, 0, 1, 1, cap)
        setup_wall, setup_cpu = time.perf_counter() - t0, time.process_time() - c0
        rng = np.random.default_rng(repeat)
        t0, c0 = time.perf_counter(), time.process_time()
        run_chain(rng, cells, freq, 10, 0.25, 0.25, sweeps, 1, 1, cap)
        wall = time.perf_counter() - t0 - setup_wall
        cpu = time.process_time() - c0 - setup_cpu
        best_wall = max(best_wall, sweeps / wall)
        best_cpu = max(best_cpu, sweeps / cpu)
    return best_wall, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sweeps", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty_cache:
        cold = compile_seconds(empty_cache)
        warm = compile_seconds(empty_cache)
    print(f"compile, empty cache: {cold:.1f} s; load from cache: {warm:.1f} s")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("| data | sweeps/s wall | sweeps/s CPU | R sweeps/s | ratio (wall) | ratio (CPU) |")
    print("|---|---|---|---|---|---|")
    for name, r_rate in R_RATES.items():
        wall, cpu = sweep_rate(name, args.sweeps, args.repeats)
        print(
            f"| {name} | {wall:,.0f} | {cpu:,.0f} | {r_rate:,} | {wall / r_rate:.2f} "
            f"| {cpu / r_rate:.2f} |"
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
