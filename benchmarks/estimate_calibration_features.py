"""What separates the misses? Observable features of each world and method, dumped as CSV.

Exploration for issue 16 (the calibration study): on the **tuning** worlds only (numbers
below 10,000), each world of :mod:`estimate_calibration` is estimated by every method as a
user gets it, and next to whether the result missed the truth the script writes what an
analyst can see in the data and the results: the number of lists and people, the share of
people seen on one list only, the sample coverage (Chao & Tsay 1998), Chao's lower bound for
lists that differ in reach, the pairwise dependence between lists among people some third
list found, the estimated unseen per documented person, the interval's width, how far the
methods' figures lie apart, and LCMCR's chain diagnostics. Nothing here is shown to users:
the checks chosen from it live in ``uncounted/estimate/adequacy.py``.

    nice -n 19 .venv/bin/python benchmarks/estimate_calibration_features.py \
        --worlds 100 --first 0 --csv benchmarks/results/calibration_features_tuning.csv
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from estimate_calibration import draw_world, methods_for, outcome

from uncounted.estimate import CaptureHistories


def data_features(h: CaptureHistories) -> dict[str, float]:
    """Features of the table alone."""
    cells = h.cell_counts().astype(np.float64)
    index = np.arange(len(cells))
    times = np.array([int(i).bit_count() for i in index])
    on = [(index >> j) & 1 == 1 for j in range(h.n_lists)]
    n = float(cells.sum())
    f1 = float(cells[times == 1].sum())
    f2 = float(cells[times == 2].sum())
    t = h.n_lists
    sizes = [float(cells[m].sum()) for m in on]
    unique = [float(cells[1 << j]) for j in range(t)]
    coverage = 1 - float(np.mean([u / s for u, s in zip(unique, sizes, strict=True) if s > 0]))
    chao = n + (t - 1) / t * (f1 * f1 / (2 * f2) if f2 > 0 else f1 * (f1 - 1) / 2)
    log_ors = []
    for a, b in combinations(range(t), 2):
        others = np.zeros(len(cells), dtype=bool)
        for c in range(t):
            if c not in (a, b):
                others |= on[c]
        sub = others
        n11 = cells[sub & on[a] & on[b]].sum() + 0.5
        n10 = cells[sub & on[a] & ~on[b]].sum() + 0.5
        n01 = cells[sub & ~on[a] & on[b]].sum() + 0.5
        n00 = cells[sub & ~on[a] & ~on[b]].sum() + 0.5
        log_ors.append(math.log(n11 * n00 / (n10 * n01)))
    return {
        "share_once": f1 / n,
        "coverage": coverage,
        "chao_lower": chao,
        "chao_ratio": chao / n,
        "max_log_or": max(log_ors),
        "min_log_or": min(log_ors),
        "mean_log_or": float(np.mean(log_ors)),
        "mean_list_share": float(np.mean(sizes)) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worlds", type=int, default=100)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--csv", type=Path, required=True)
    args = parser.parse_args()
    if args.first >= 10_000:
        parser.error("features are for tuning worlds only (numbers below 10,000)")
    fields: list[str] | None = None
    with args.csv.open("w", encoding="utf-8", newline="") as out:
        writer: csv.DictWriter[str] | None = None
        for number in range(args.first, args.first + args.worlds):
            world = draw_world(number)
            h = world.histories
            feats = data_features(h)
            rows: list[dict[str, Any]] = []
            for method, fit in methods_for(world).items():
                result = fit(h)
                row: dict[str, Any] = {
                    **world.settings(),
                    "observed": h.observed,
                    "method": method,
                    **feats,
                    **outcome(result, world.size),
                }
                row["checks"] = " ".join(row["checks"])
                centre = row["centre"]
                if centre is not None and not result.refused:
                    row["unseen_ratio"] = (centre - h.observed) / h.observed
                    if result.q025 is not None and result.q975 is not None:
                        row["width"] = (result.q975 - result.q025) / centre
                        row["upper_ratio"] = result.q975 / h.observed
                    row["below_chao"] = centre / feats["chao_lower"]
                d = result.diagnostics
                row["rhat"] = d.get("rhat")
                row["ess"] = d.get("ess_bulk")
                rows.append(row)
            centres = [r["centre"] for r in rows if r["centre"] is not None and not r["refused"]]
            for row in rows:
                row["spread"] = max(centres) / min(centres) if len(centres) > 1 else None
                if fields is None:
                    fields = [*row.keys(), "unseen_ratio", "width", "upper_ratio", "below_chao"]
                    fields = list(dict.fromkeys(fields))
                    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
                    writer.writeheader()
                assert writer is not None
                writer.writerow(row)
            out.flush()
            print(f"world {number}", flush=True)


if __name__ == "__main__":
    main()
