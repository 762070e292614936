"""What separates the misses? Observable features of each world and method, as CSV.

Exploration for issue 16 (the calibration study), on the **tuning** worlds only (numbers
below 10,000). It reads the lines of an ``estimate_calibration.py --jsonl`` run (figures,
truth, checks, miss or not), draws each world again (a world is fixed by its number) and
writes next to each result what an analyst can see in the data and in the results: the
number of lists and people, the share of people seen on one list only, the sample coverage
(Chao & Tsay 1998: one minus the average share of a list's people no other list found),
Chao's lower bound for lists that differ in reach (as a multiple of the documented count),
the pairwise dependence between lists among people some third list found
(``adequacy.pairwise_dependence``: average log odds ratio and its z-score), the BIC-best
log-linear model's goodness of fit (deviance p-value, the model refitted here), the
estimated unseen per documented person, the interval's width relative to the figure, the
figure relative to Chao's bound, and how far apart the methods' figures lie on that world.
Nothing here is shown to users: the checks chosen from it live in
``uncounted/estimate/adequacy.py`` and docs/estimation.md says why.

    nice -n 19 .venv/bin/python benchmarks/estimate_calibration.py --worlds 100 --first 0 \\
        --jsonl tuning.jsonl
    nice -n 19 .venv/bin/python benchmarks/estimate_calibration_features.py tuning.jsonl \\
        --csv benchmarks/results/calibration_features_tuning.csv

``--three-lists tuning.jsonl`` prints what a caution "most of the estimate is people no list
saw" would flag among results on 3 lists (where heterogeneity cannot be detected) at several
thresholds: how many misses and how many good results (session 12 considered it; the numbers
are in docs/estimation.md).

``--thresholds RUN.jsonl ...`` prints, per method, the misses and good results the dependence
caution would flag at other thresholds of odds and z (every other caution as it was in the
run), on worlds below 30,000 only: the tuning step of session 13 (docs/benchmarks.md).

``--independent 1000`` instead counts how often the dependence caution's statistic passes
z of 3, 3.5 and 4 on 1,000 tables of independent lists (its false alarms).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import chi2

sys.path.insert(0, str(Path(__file__).parent))

from estimate_calibration import STEPWISE_FROM, draw_world

from uncounted.estimate import CaptureHistories, estimate
from uncounted.estimate.adequacy import DEPENDENCE_ODDS, pairwise_dependence
from uncounted.synth import simulate_histories

FIELDS = [
    "world",
    "lists",
    "size",
    "density",
    "heterogeneity",
    "dependence",
    "observed",
    "method",
    "centre",
    "q025",
    "q975",
    "refused",
    "flagged",
    "checks",
    "covered",
    "error",
    "miss",
    "share_once",
    "coverage",
    "chao_ratio",
    "dependence_log_odds",
    "dependence_z",
    "loglinear_fit_p",
    "unseen_ratio",
    "width",
    "below_chao",
    "spread",
]


def data_features(h: CaptureHistories) -> dict[str, float]:
    """Features of the table alone, and the log-linear model's fit."""
    cells = h.cell_counts().astype(np.int64)
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
    dependence = pairwise_dependence(cells, on)
    log_odds, z = dependence if dependence is not None else (math.nan, math.nan)
    fit = estimate(h, "loglinear", stepwise=True if t >= STEPWISE_FROM else None).diagnostics
    p = math.nan
    if fit.get("deviance") is not None and fit.get("df"):
        p = float(chi2.sf(fit["deviance"], fit["df"]))
    return {
        "share_once": f1 / n,
        "coverage": coverage,
        "chao_ratio": chao / n,
        "dependence_log_odds": log_odds,
        "dependence_z": z,
        "loglinear_fit_p": p,
        "chao_lower": chao,
    }


def with_features(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """*rows* (one world's results) with the world's and each result's features."""
    world = draw_world(rows[0]["world"])
    features = data_features(world.histories)
    centres = [r["centre"] for r in rows if r["miss"] is not None]
    out = []
    for row in rows:
        row = {**row, **features, "checks": " ".join(row["checks"])}
        row["spread"] = max(centres) / min(centres) if len(centres) > 1 else None
        if row["miss"] is not None:
            centre, observed = row["centre"], row["observed"]
            row["unseen_ratio"] = (centre - observed) / observed
            row["below_chao"] = centre / features["chao_lower"]
            if row["q025"] is not None and row["q975"] is not None:
                row["width"] = (row["q975"] - row["q025"]) / centre
        out.append(row)
    return out


def false_alarms(tables: int) -> str:
    """How often the dependence statistic passes each z threshold on tables of independent
    lists (one class: 3-8 lists catching 5-60% each, 300-20,000 people, seeded)."""
    rng = np.random.default_rng(9)
    found = []
    for seed in range(tables):
        lists = int(rng.integers(3, 9))
        probs = list(rng.uniform(0.05, 0.6, size=lists))
        size = int(math.exp(rng.uniform(math.log(300), math.log(20_000))))
        table = simulate_histories(size, [probs], [1.0], seed=5000 + seed)
        h = CaptureHistories.from_dataframe(table)
        index = np.arange(2**lists)
        on = [(index >> j) & 1 == 1 for j in range(lists)]
        found.append(pairwise_dependence(h.cell_counts().astype(np.int64), on) or (0.0, 0.0))
    odds, z = np.array(found).T
    lines = [f"z standard deviation under independence: {np.std(z):.2f}"]
    for threshold in (3.0, 3.5, 4.0):
        fired = int(((z >= threshold) & (odds >= math.log(DEPENDENCE_ODDS))).sum())
        lines.append(f"z >= {threshold}: fired on {fired} of {tables} tables")
    return "\n".join(lines)


def three_lists_unseen_share(lines: list[dict[str, Any]]) -> str:
    """Misses and good results on 3 lists that a caution at each estimated unseen share
    (1 - documented / figure) would flag, per method."""
    out = []
    for method in ("loglinear", "dga", "lcmcr"):
        given = [
            r for r in lines if r["method"] == method and r["lists"] == 3 and r["miss"] is not None
        ]
        misses = [r for r in given if r["miss"]]
        good = [r for r in given if not r["miss"]]
        if not given:
            continue
        cells = []
        for threshold in (0.5, 0.7, 0.8, 0.9):

            def unseen(r: dict[str, Any], t: float = threshold) -> bool:
                return bool(1 - r["observed"] / r["centre"] >= t)

            cells.append(
                f"share >= {threshold}: {sum(map(unseen, misses))}/{len(misses)} misses, "
                f"{sum(map(unseen, good))}/{len(good)} good"
            )
        out.append(f"{method}: " + "; ".join(cells))
    return "\n".join(out)


def dependence_thresholds(lines: list[dict[str, Any]]) -> str:
    """Misses and good results flagged per method if the dependence caution fired at other
    thresholds; every other caution or refusal of the run is kept as it was."""
    found = {}
    for number in sorted({r["world"] for r in lines}):
        h = draw_world(number).histories
        index = np.arange(2**h.n_lists)
        on = [(index >> j) & 1 == 1 for j in range(h.n_lists)]
        found[number] = pairwise_dependence(h.cell_counts().astype(np.int64), on)
    out = []
    for method in ("loglinear", "dga", "lcmcr"):
        given = [r for r in lines if r["method"] == method and r["miss"] is not None]
        if not given:
            continue
        out.append(
            f"{method}: {sum(r['miss'] for r in given)} misses, "
            f"{sum(not r['miss'] for r in given)} good"
        )
        for odds in (1.05, 1.1, 1.2):
            for z in (2.0, 2.5, 3.0, 3.5, 4.0):

                def flagged(r: dict[str, Any], odds: float = odds, z: float = z) -> bool:
                    other = [
                        c
                        for c in r["checks"]
                        if c.startswith(("caution:", "refuse:"))
                        and c != "caution:lists_positively_dependent"
                    ]
                    dep = found[r["world"]]
                    fires = dep is not None and dep[0] >= math.log(odds) and dep[1] >= z
                    return bool(other) or fires

                misses = [r for r in given if r["miss"]]
                good = [r for r in given if not r["miss"]]
                out.append(
                    f"  odds >= {odds}, z >= {z}: misses {sum(map(flagged, misses))}/"
                    f"{len(misses)}, good {sum(map(flagged, good))}/{len(good)}"
                )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jsonl", type=Path, nargs="?", help="an estimate_calibration.py run")
    parser.add_argument("--csv", type=Path, help="write the features here")
    parser.add_argument(
        "--independent", type=int, help="only count false alarms on this many independent tables"
    )
    parser.add_argument(
        "--three-lists",
        action="store_true",
        help="only print what an unseen-share caution would flag on 3 lists",
    )
    parser.add_argument(
        "--thresholds",
        type=Path,
        nargs="+",
        help="only print what the dependence caution would flag at other thresholds",
    )
    args = parser.parse_args()
    if args.thresholds:
        rows = [
            json.loads(line)
            for path in args.thresholds
            for line in path.read_text("utf-8").splitlines()
        ]
        if any(r["world"] >= 30_000 for r in rows):
            parser.error("thresholds are tuned on worlds below 30,000 only")
        print(dependence_thresholds(rows))
        return
    if args.three_lists and args.jsonl:
        rows = [json.loads(line) for line in args.jsonl.read_text("utf-8").splitlines()]
        print(three_lists_unseen_share([r for r in rows if r["world"] < 10_000]))
        return
    if args.independent:
        print(false_alarms(args.independent))
        return
    if args.jsonl is None or args.csv is None:
        parser.error("give a --jsonl file of the tuning run and --csv")
    lines = [json.loads(line) for line in args.jsonl.read_text("utf-8").splitlines()]
    if any(r["world"] >= 10_000 for r in lines):
        parser.error("features are for tuning worlds only (numbers below 10,000)")
    by_world: dict[int, list[dict[str, Any]]] = {}
    for r in lines:
        by_world.setdefault(r["world"], []).append(r)
    with args.csv.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        for rows in by_world.values():
            writer.writerows(with_features(rows))


if __name__ == "__main__":
    main()
