"""Time uncounted's dga against R's dga 2.0.2 on the reference data sets.

R's figures are those recorded in shared/reference/README.md (R 4.2.2 on a 2-core machine of
this project's kind; R cannot run here). For each data set this prints the best of
``--repeat`` whole ``fit_dga`` calls (grid extension and top-model summaries included), the
first call in the process (which also enumerates the decomposable graphs), R's time and the
ratio, and checks the quantiles against R's.

    .venv/bin/python benchmarks/estimate_dga.py [--repeat 3] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from uncounted.estimate import CaptureHistories, fit_dga

REFERENCE = Path("/work/shared/reference")
if not REFERENCE.exists():
    REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"

# data set: (R seconds, R q025, R median, R q975) from shared/reference/README.md
R_DGA = {
    "artificial_3": (0.012, 96, 290, 4_022),
    "dga_my97_3list_example": (0.006, 694, 731, 787),
    "dga_my97_5list_example": (0.392, 590, 618, 656),
    "hiv_rome_4": (0.099, 9_404, 11_220, 14_095),
    "korea_palembang_3": (0.004, 123, 159, 451),
    "kosovo": (0.436, 9_827, 12_595, 16_544),
    "lesbian_allegheny_4": (0.171, 4_635, 5_131, 5_749),
    "netherlands_5": (28.234, 41_677, 50_436, 207_827),
    "new_orleans_5": (0.111, 511, 869, 1_758),
    "scot_pwid_4": (0.403, 26_138, 32_783, 40_499),
    "spina_bifida_3": (0.009, 686, 725, 784),
    "uk_modern_slavery_5": (2.867, 10_387, 22_990, 33_508),
    "western_us_5": (0.235, 1_343, 2_132, 3_848),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args()
    rows = []
    for name, (r_seconds, *r_quantiles) in R_DGA.items():
        h = CaptureHistories.from_csv(REFERENCE / f"{name}.csv")
        times, cpu = [], []
        for _ in range(max(args.repeat, 1)):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = fit_dga(h)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        ours = (result.q025, result.median, result.q975)
        worst = max(abs(o / r - 1) for o, r in zip(ours, r_quantiles, strict=True) if o)
        grid = result.diagnostics["grid_points"]
        rows.append((name, h.n_lists, grid, times, min(cpu), r_seconds, worst))
    if args.markdown:
        print(
            "| data | lists | grid points | first call s | best s | best CPU s | R s "
            "| R / best | R / CPU | max quantile gap to R |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
    for name, p, grid, times, cpu_best, r_seconds, worst in rows:
        best = min(times)
        if args.markdown:
            print(
                f"| {name} | {p} | {grid:,} | {times[0]:.3f} | {best:.3f} | {cpu_best:.3f} "
                f"| {r_seconds} | {r_seconds / best:.1f}x | {r_seconds / cpu_best:.1f}x "
                f"| {worst:.2%} |"
            )
        else:
            print(
                f"{name:24s} p={p} grid={grid:>7,} first={times[0]:7.3f}s best={best:7.3f}s "
                f"cpu={cpu_best:7.3f}s R={r_seconds:7.3f}s R/ours={r_seconds / best:6.1f}x "
                f"quantile gap={worst:.2%}"
            )
    print(
        f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end of the run"
    )


if __name__ == "__main__":
    main()
