"""Benchmark of log-linear multiple systems estimation against Rcapture and SparseMSE.

R cannot run on this machine; the peers' timings are those of
/work/shared/reference/README.md (R 4.2.2 on a 2-core machine of this project's kind).

    .venv/bin/python benchmarks/estimate_loglinear.py [--quick]

Prints a Markdown table: wall-clock and CPU seconds of each run, the peer's seconds and the
ratio (peer / ours, wall clock). ``--quick`` uses 100 bootstrap replicates instead of 1,000.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear import fit_loglinear
from uncounted.estimate.result import Estimate

REFERENCE = Path("/work/shared/reference")

# (label, data set, options, peer, peer seconds; None = did not finish in 120 s)
CASES: list[tuple[str, str, dict[str, object], str, float | None]] = [
    ("all models, BIC, 5 lists", "dga_my97_5list_example", {}, "Rcapture closedpMS.t", 43.833),
    ("all models, BIC, 5 lists", "netherlands_5", {}, "Rcapture closedpMS.t", 55.749),
    ("all models, BIC, 5 lists", "new_orleans_5", {}, "Rcapture closedpMS.t", 51.478),
    ("all models, BIC, 5 lists", "uk_modern_slavery_5", {}, "Rcapture closedpMS.t", 53.756),
    ("all models, BIC, 5 lists", "western_us_5", {}, "Rcapture closedpMS.t", 60.27),
    ("all models, BIC, 6 lists", "uk_modern_slavery_6", {}, "Rcapture closedpMS.t", None),
    ("all models, BIC, 6 lists", "netherlands_6", {}, "Rcapture closedpMS.t", None),
    (
        "stepwise + BCa bootstrap",
        "uk_modern_slavery_6",
        {"stepwise": True, "bootstrap": 1000, "seed": 1234},
        "SparseMSE estimatepopulation",
        385.0,
    ),
    (
        "stepwise + BCa bootstrap",
        "western_us_5",
        {"stepwise": True, "bootstrap": 1000, "seed": 1234},
        "SparseMSE estimatepopulation",
        89.0,
    ),
]


def _timed(run: Callable[[], Estimate]) -> tuple[Estimate, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 bootstrap replicates")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")
    print("| task | data | ours: wall s | ours: CPU s | peer | peer s | ratio | result |")
    print("|---|---|---|---|---|---|---|---|")
    for label, name, options, peer, peer_seconds in CASES:
        opts = dict(options)
        if args.quick and "bootstrap" in opts:
            opts["bootstrap"] = 100
        histories = CaptureHistories.from_csv(REFERENCE / f"{name}.csv")
        estimate, wall, cpu = _timed(
            lambda h=histories, o=opts: fit_loglinear(h, **o)  # type: ignore[arg-type, misc]
        )
        model = estimate.models[0].name if estimate.models else "-"
        interval = f"{estimate.q025:,.0f}-{estimate.q975:,.0f}" if estimate.q975 else "-"
        result = f"{model} N={estimate.point:,.0f} ({interval})"
        peer_text = "did not finish in 120" if peer_seconds is None else f"{peer_seconds:g}"
        ratio = f">{120 / wall:.0f}x" if peer_seconds is None else f"{peer_seconds / wall:.0f}x"
        if "bootstrap" in opts:
            label = f"{label} ({opts['bootstrap']} replicates)"
        print(
            f"| {label} | {name} | {wall:.2f} | {cpu:.2f} | {peer} | {peer_text} | {ratio} "
            f"| {result} |",
            flush=True,
        )
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
