"""Misses no check can flag: for a calibration miss, a world where the same output is good.

Capture-recapture totals are not identifiable when people differ in how likely lists are to
reach them (Link 2003, "Nonidentifiability of population size from capture-recapture data
with heterogeneous detection probabilities", Biometrics 59: 1123-1130): two populations can
give the same distribution of the capture histories we see and different totals. This
script shows it on the calibration study's own worlds, so the goals of issue 16 (at least
90% of misses flagged, at most 20% of good results flagged) can be judged.

For every miss of a calibration run (``estimate_calibration.py --jsonl``) it builds a
**twin**: a latent-class world, of the form ``uncounted.synth.simulate_histories`` draws
(classes with their own capture probability per list), whose true total N' makes the
**same output** (the figure and interval the method gave on the miss's table) a good result:
N' inside the interval and the figure within 20% of N'. Of the admissible N' the one
nearest the true total is taken; the twin's classes are fitted so that its expected table of
observed histories is as close as possible (Kullback-Leibler, Poisson cells) to the miss's
world's, with one latent class more than the miss's world had. By default only the misses
with no observable sign are twinned (no caution, every method inside every other's
interval); ``--all-misses`` twins every miss (slower: the fits take seconds to minutes
each on a shared machine).

How far apart the two worlds are, as the table of a whole sample of their size sees it, is
measured exactly (a world of N people gives a multinomial table; the never-seen cell is
hidden), by Monte Carlo over tables drawn from both worlds:

* **total variation** between the distributions of the observed table, TV. For *any* rule
  that reads only the observed table (every check, ``--method all``'s comparison, anything
  a statistician could compute), the chance that it fires on the miss's world exceeds the
  chance that it fires on the twin by at most TV;
* the **power of the most powerful test** (Neyman-Pearson: the likelihood ratio of the two
  worlds) at size 5%: how often a test that knew both worlds exactly would tell the miss's
  world from its twin. Near 5% the tables cannot tell them apart.

**Upper bound on any flagging rule.** Take a set T of misses with twins, TV at most e_m each,
and count each twin as a good result as often as its miss occurs (the twins are worlds of the
generator's own latent-class form; the benchmark's draw of settings is one choice among
many, and a rule that relies on which classes it happens to draw learns the benchmark, not
the data). A rule that flags at most a share g of good results flags at most g(|G| + |T|)
of the twins, so at most that many plus the sum of e_m of the misses in T; flagging every
other miss at no cost, it flags at most

    (|M| - |T| + min(|T|, g (|G| + |T|)) + sum of e_m over T) / |M|

of all misses M. The script reports the smallest such bound over T (the twins with the
smallest TV first) at g = 20%.

    nice -n 19 .venv/bin/python benchmarks/estimate_identifiability.py \\
        benchmarks/results/calibration_heldout.jsonl \\
        --jsonl benchmarks/results/identifiability_heldout.jsonl

``--methods`` picks methods, ``--tables`` the Monte Carlo size (1,000 tables per world).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, gammaln, logsumexp

sys.path.insert(0, str(Path(__file__).parent))

from estimate_calibration import METHODS, MISS_ERROR, World, draw_world

#: Share of good results a rule may flag (issue 16's goal).
GOOD_FLAGGED = 0.2


def bits(lists: int) -> np.ndarray:
    """(2**lists, lists) 0/1 matrix: row i is the history of cell i (list 0 the low bit)."""
    index = np.arange(2**lists)
    return ((index[:, None] >> np.arange(lists)) & 1).astype(np.float64)


def cell_probs(probs: np.ndarray, weights: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Probability of every cell (cell 0: seen by no list) for latent classes."""
    p = np.clip(probs, 1e-12, 1 - 1e-12)
    log_cells = on @ np.log(p).T + (1 - on) @ np.log1p(-p).T  # (cells, classes)
    return np.exp(logsumexp(log_cells + np.log(weights)[None, :], axis=1))


def admissible_total(result: dict[str, Any], truth: int) -> int | None:
    """The total nearest *truth* for which *result*'s output is good (None if none)."""
    centre, low, high = result["centre"], result["q025"], result["q975"]
    if centre is None or low is None or high is None:
        return None
    lowest = max(low, centre / (1 + MISS_ERROR))
    highest = min(high, centre / (1 - MISS_ERROR))
    lowest, highest = math.ceil(lowest), math.floor(highest)
    if lowest > highest:
        return None
    return int(min(max(truth, lowest), highest))


def fit_twin(
    expected: np.ndarray, total: int, classes: int, on: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, float]:
    """Latent classes of a world of *total* people whose expected observed cells are nearest
    *expected* (Poisson Kullback-Leibler divergence over the observed cells)."""
    lists = on.shape[1]
    seen = expected[1:]

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        probs = expit(theta[: classes * lists].reshape(classes, lists))
        logits = np.concatenate([[0.0], theta[classes * lists :]])
        return probs, np.exp(logits - logsumexp(logits))

    def divergence(theta: np.ndarray) -> tuple[float, np.ndarray]:
        probs, weights = unpack(theta)
        p = np.clip(probs, 1e-12, 1 - 1e-12)
        each = np.exp(on[1:] @ np.log(p).T + (1 - on[1:]) @ np.log1p(-p).T)  # (cells, classes)
        mine = np.maximum(total * (each @ weights), 1e-300)
        value = float(np.sum(seen * np.log(np.maximum(seen, 1e-300) / mine) - seen + mine))
        # gradient: d/dm = 1 - seen/m; a class's cell probability moves with its logits
        # by (history - p) and with its weight by itself
        slope = total * (1 - seen / mine)[:, None] * each  # (cells, classes)
        by_weight = slope.sum(axis=0)
        by_logit = weights[:, None] * (slope.T @ on[1:] - probs * by_weight[:, None])
        by_class = weights * (by_weight - float(weights @ by_weight))
        return value, np.concatenate([by_logit.ravel(), by_class[1:]])

    # where to start: each list's share of the twin's people, the same in every class
    share = np.array([expected[on[:, j] == 1].sum() for j in range(lists)]) / total
    best: tuple[float, np.ndarray] | None = None
    for attempt in range(2):
        spread = rng.normal(0, 1.0 if attempt else 0.0, size=(classes, lists))
        start_p = np.clip(share[None, :] * np.exp(spread), 1e-4, 0.99)
        theta0 = np.concatenate(
            [np.log(start_p / (1 - start_p)).ravel(), rng.normal(0, 0.5, size=classes - 1)]
        )
        found = minimize(divergence, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
        if best is None or found.fun < best[0]:
            best = (float(found.fun), found.x)
        if best[0] < 1e-6:
            break
    assert best is not None
    probs, weights = unpack(best[1])
    return probs, weights, best[0]


def log_likelihood(tables: np.ndarray, total: int, cells: np.ndarray) -> np.ndarray:
    """Exact log-probability of observed tables (rows; cell 0 ignored) for *total* people."""
    seen = tables[:, 1:]
    n = seen.sum(axis=1)
    out = (
        gammaln(total + 1)
        - gammaln(np.maximum(total - n, 0) + 1)
        - gammaln(seen + 1).sum(axis=1)
        + (total - n) * np.log(max(cells[0], 1e-300))
        + seen @ np.log(np.maximum(cells[1:], 1e-300))
    )
    return np.where(n > total, -np.inf, out)


def distinguishability(
    a: tuple[int, np.ndarray], b: tuple[int, np.ndarray], tables: int, seed: int
) -> tuple[float, float]:
    """Total variation between the observed tables of worlds *a* and *b* ((people, cell
    probabilities) each), and the power at size 5% of the likelihood-ratio test."""
    rng = np.random.default_rng(seed)
    from_a = rng.multinomial(a[0], a[1], size=tables)
    from_b = rng.multinomial(b[0], b[1], size=tables)
    ratio_a = log_likelihood(from_a, *a) - log_likelihood(from_a, *b)
    ratio_b = log_likelihood(from_b, *a) - log_likelihood(from_b, *b)
    tv = float(np.mean(np.maximum(0.0, 1 - np.exp(-ratio_a))))
    threshold = np.quantile(ratio_b, 0.95)
    power = float(np.mean(ratio_a > threshold))
    return tv, power


def twin_of(world: World, result: dict[str, Any], tables: int) -> dict[str, Any] | None:
    """The twin of *result* (a miss on *world*) and how far apart the two worlds are."""
    total = admissible_total(result, world.size)
    if total is None:
        return None
    on = bits(world.lists)
    truth_cells = cell_probs(np.array(world.probs), np.array(world.weights), on)
    expected = world.size * truth_cells
    rng = np.random.default_rng(world.number)
    probs, weights, kl = fit_twin(expected, total, len(world.weights) + 1, on, rng)
    twin_cells = cell_probs(probs, weights, on)
    tv, power = distinguishability(
        (world.size, truth_cells), (total, twin_cells), tables, world.number
    )
    return {
        "twin_total": total,
        "twin_classes": len(weights),
        "twin_weights": [round(float(w), 4) for w in weights],
        "twin_probs": [[round(float(p), 5) for p in row] for row in probs],
        "kl_poisson": kl,
        "pinsker": math.sqrt(kl / 2),
        "tv": tv,
        "power": power,
    }


def bound(misses: int, good: int, tvs: list[float], share: float = GOOD_FLAGGED) -> float:
    """The smallest upper bound on the share of *misses* a rule flags while flagging at most
    *share* of the *good* results and of the twins, over sets of twinned misses (the twins'
    total variations *tvs*, the smallest first)."""
    ordered = sorted(tvs)
    best = 1.0
    for size in range(len(ordered) + 1):
        flagged = misses - size + min(size, share * (good + size)) + sum(ordered[:size])
        best = min(best, flagged / misses)
    return best


def summary(rows: list[dict[str, Any]], lines: list[dict[str, Any]], silent: set[Any]) -> str:
    """Per method and number of lists: twins built, how close, and per method the bound."""
    out = [
        "| method | lists | twins built | twin TV median / largest | best test's power at "
        "size 5%, median / largest | twins with TV < 0.1 |",
        "|---|---|---|---|---|---|",
    ]
    bounds = []
    for method in METHODS:
        given = [r for r in lines if r["method"] == method and r["miss"] is not None]
        twinned = [r for r in rows if r["method"] == method and r.get("tv") is not None]
        if not given or not twinned:
            continue
        for label, low, high in (("3-4", 3, 4), ("5-8", 5, 8)):
            mine = [r for r in twinned if low <= r["lists"] <= high]
            if not mine:
                continue
            tvs = [r["tv"] for r in mine]
            powers = [r["power"] for r in mine]
            out.append(
                f"| {method} | {label} | {len(mine)} | {np.median(tvs):.3f} / {max(tvs):.3f} "
                f"| {np.median(powers):.0%} / {max(powers):.0%} | {sum(t < 0.1 for t in tvs)} |"
            )
        misses = sum(r["miss"] for r in given)
        quiet = sum(1 for key in silent if key[1] == method)
        tvs = [r["tv"] for r in twinned]
        bounds.append(
            f"  {method}: {misses} misses ({quiet} with no sign, {len(twinned)} twinned), "
            f"{len(given) - misses} good; at most {bound(misses, len(given) - misses, tvs):.0%} "
            f"of misses flagged with at most {GOOD_FLAGGED:.0%} of good results (and twins)"
        )
    return "\n".join([*out, "", "bound:", *bounds])


def by_sign(rows: list[dict[str, Any]], silent: set[tuple[int, str]]) -> str:
    """Twins of the misses with no observable sign against those of the others."""
    out = []
    for method in METHODS:
        for label, chosen in (
            ("no sign", [r for r in rows if (r["world"], r["method"]) in silent]),
            (
                "flagged or disagreeing",
                [r for r in rows if (r["world"], r["method"]) not in silent],
            ),
        ):
            tvs = [r["tv"] for r in chosen if r["method"] == method and r.get("tv") is not None]
            if tvs:
                out.append(
                    f"  {method}, {label}: {len(tvs)} twins, TV median {np.median(tvs):.2f}, "
                    f"< 0.1 for {sum(t < 0.1 for t in tvs)}"
                )
    return "\n".join(out)


def main() -> None:
    from estimate_calibration import _disagreeing_worlds

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, nargs="+", help="estimate_calibration.py --jsonl files")
    parser.add_argument(
        "--jsonl", type=Path, nargs="+", help="write one line per miss and its twin here"
    )
    parser.add_argument(
        "--lists-from", type=int, default=3, help="only misses on at least this many lists"
    )
    parser.add_argument(
        "--lists-to", type=int, default=8, help="only misses on at most this many lists"
    )
    parser.add_argument(
        "--skip", type=Path, nargs="*", default=[], help="twins already built (--jsonl files)"
    )
    parser.add_argument(
        "--per-lists",
        type=int,
        help="at most this many misses per number of lists (the first worlds): a sample",
    )
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated methods")
    parser.add_argument("--tables", type=int, default=1000, help="Monte Carlo tables (1000)")
    parser.add_argument(
        "--all-misses",
        action="store_true",
        help="twin every miss, not only those with no observable sign (slow)",
    )
    parser.add_argument(
        "--summarise", action="store_true", help="only summarise an earlier --jsonl of twins"
    )
    args = parser.parse_args()
    lines = [json.loads(line) for path in args.run for line in path.read_text("utf-8").splitlines()]
    disagreeing = _disagreeing_worlds(lines)
    silent = {
        (r["world"], r["method"])
        for r in lines
        if r["miss"] and not r["flagged"] and r["world"] not in disagreeing
    }
    if args.summarise:
        assert args.jsonl is not None
        rows = [
            json.loads(line) for path in args.jsonl for line in path.read_text("utf-8").splitlines()
        ]
        print(summary(rows, lines, silent))
        print(by_sign(rows, silent))
        return
    methods = args.methods.split(",")
    started = time.perf_counter()
    rows = []
    out = args.jsonl[0].open("w", encoding="utf-8") if args.jsonl else None
    worlds: dict[int, World] = {}
    try:
        built = {
            (t["world"], t["method"])
            for path in args.skip
            for t in map(json.loads, path.read_text("utf-8").splitlines())
        }
        order = {method: i for i, method in enumerate(methods)}
        chosen = [
            r
            for r in lines
            if r["miss"]
            and r["method"] in methods
            and (args.all_misses or (r["world"], r["method"]) in silent)
            and args.lists_from <= r["lists"] <= args.lists_to
            and (r["world"], r["method"]) not in built
        ]
        taken: dict[int, int] = {}
        for r in sorted(chosen, key=lambda r: (order[r["method"]], r["world"])):
            taken[r["lists"]] = taken.get(r["lists"], 0) + 1
            if args.per_lists is not None and taken[r["lists"]] > args.per_lists:
                continue
            world = worlds.setdefault(r["world"], draw_world(r["world"]))
            row = {
                **{k: r[k] for k in ("world", "method", "lists", "size", "heterogeneity")},
                **{k: r[k] for k in ("dependence", "centre", "q025", "q975", "flagged")},
                "no_sign": (r["world"], r["method"]) in silent,
                **(twin_of(world, r, args.tables) or {}),
            }
            rows.append(row)
            if out:
                out.write(json.dumps(row) + "\n")
                out.flush()
            print(
                f"… {r['world']} {r['method']}: truth {world.size}, twin {row.get('twin_total')}, "
                f"TV {row.get('tv', math.nan):.3f}, power {row.get('power', math.nan):.2f}",
                flush=True,
            )
    finally:
        if out:
            out.close()
    print(f"{len(rows)} misses, {time.perf_counter() - started:.0f} s")
    print(summary(rows, lines, silent))
    print(by_sign(rows, silent))


if __name__ == "__main__":
    main()
