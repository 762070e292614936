"""Calibration study: when an estimate misses the truth, did it say it could not be trusted?

Synthetic worlds of known size are drawn from randomised settings and estimated by every
method through :func:`uncounted.estimate.estimate` (so the shared data checks run first, as
for a user). Per method the script reports interval coverage, the median and worst relative
error of the central figure, and the **warning rates**: the share of misses (interval
excludes the truth, or the central figure is more than 20% off) that came with a caution or
a refusal (goal: at least 90%), and the share of good results that came with one (goal: at
most 20%). A refusal gives no figure, so it is neither a miss nor a good result: refusals
are counted apart.

Settings drawn per world (seeded, so a world is fixed by its number):

* lists: 3 to 8; true size N: log-uniform from 300 to 50,000;
* density: sparse (lists catch 2-10% of a class) or dense (20-60%);
* heterogeneity: none (one class), mild (two classes, capture 2x apart), strong (two or
  three classes, 5x apart) or extreme (a hidden majority reached 20x less often);
* list dependence: none, positive (a class that a pair of lists both reach much more often:
  referral between them) or negative (two groups of lists that reach different classes).

Every setting is a latent-class population, which ``uncounted.synth.simulate_histories``
draws directly (classes with their own capture probability per list), so no simulator lives
here. Methods run as a user gets them, with two exceptions to keep the study within reach of
a shared 2-core machine: log-linear selection is stepwise from 6 lists (the default is
stepwise from 7; the search over all 32,768 models of 6 lists takes 11-30 s a world), and
dga runs on 3 and 4 lists, and on 5 lists up to 10,000 documented people. **LCMCR runs at
its defaults** (8 chains, burn-in 10,000, 1,000 samples at thinning 100), as users get it:
until session 12 the benchmark ran 2 chains of 500 samples at thinning 20, and half of the
good LCMCR results it cautioned were "not mixed" or "chains disagree", an artefact of the
short run (``--short-lcmcr`` still gives that run, for exploring). At the defaults LCMCR
takes 1-3 minutes a world here, so ``--methods lcmcr`` runs it in a process of its own.

The last column counts a result as flagged when its own checks caution **or** when the
methods run on the same world disagree (some method's figure outside another's interval):
what a user of ``--method all`` is told.

Thresholds were tuned on worlds 0-99 (``--first 0``) and are reported on worlds
10,000-10,199 (``--first 10000``), which played no part in choosing them:

    nice -n 19 .venv/bin/python benchmarks/estimate_calibration.py --worlds 200 --first 10000

Session 12 ran worlds 30,000-30,199; session 13 counted every world below 30,000 as tuning
(``estimate_calibration_features.py --thresholds``), kept the rules and reported on fresh
worlds from 40,000 (``--first 40000``). ``estimate_identifiability.py`` reads a run's lines
and builds, for its misses, worlds where the same output would have been good.

``--jsonl FILE`` keeps one line per world and method (settings, truth, figures, checks).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from uncounted.estimate import CaptureHistories, Estimate, estimate
from uncounted.synth import simulate_histories

MISS_ERROR = 0.2
#: The short LCMCR run of sessions 10-11 (``--short-lcmcr``); the study runs the defaults.
LCMCR_SHORT = {"chains": 2, "burnin": 10_000, "samples": 500, "thinning": 20}
METHODS = ("loglinear", "dga", "lcmcr")
#: Log-linear selection is stepwise from this many lists (the default is from 7): the search
#: over all 32,768 models of 6 lists takes 11-30 s a world here.
STEPWISE_FROM = 6
#: dga on 5 lists is skipped above this many documented people (its grid of 20 times the
#: documented count over 822 graphs took 71 s for 36,764 people on this shared machine).
DGA_MAX_OBSERVED_5 = 10_000
HETEROGENEITY = ("none", "mild", "strong", "extreme")
DEPENDENCE = ("none", "positive", "negative")


@dataclass(frozen=True)
class World:
    """One randomised world: its settings and its capture histories."""

    number: int
    lists: int
    size: int
    density: str
    heterogeneity: str
    dependence: str
    histories: CaptureHistories
    #: The latent classes the world was drawn from, over the lists kept (for
    #: ``estimate_identifiability.py``): per class the capture probability of each list.
    probs: tuple[tuple[float, ...], ...] = ()
    weights: tuple[float, ...] = ()

    def settings(self) -> dict[str, Any]:
        return {
            "world": self.number,
            "lists": self.lists,
            "size": self.size,
            "density": self.density,
            "heterogeneity": self.heterogeneity,
            "dependence": self.dependence,
        }


def _classes(
    rng: np.random.Generator, lists: int, density: str, heterogeneity: str, dependence: str
) -> tuple[list[list[float]], list[float]]:
    """Class weights and per-class capture probabilities for the drawn settings."""
    low, high = (0.02, 0.10) if density == "sparse" else (0.20, 0.60)
    base = rng.uniform(low, high, size=lists)
    if heterogeneity == "none":
        probs, weights = [base], [1.0]
    elif heterogeneity == "mild":
        probs, weights = [base, base / 2], [0.5, 0.5]
    elif heterogeneity == "strong":
        k = int(rng.integers(2, 4))
        probs = [base / 5**i for i in range(k)]
        weights = list(rng.dirichlet(np.ones(k)))
    else:  # extreme: a hidden majority reached 20 times less often
        probs, weights = [base, base / 20], [0.3, 0.7]
    if dependence == "positive":
        a, b = rng.choice(lists, size=2, replace=False)
        referred = np.array(probs[0], dtype=np.float64) / 3
        referred[[a, b]] = np.minimum(0.9, referred[[a, b]] * 9)
        probs = [*probs, referred]
        weights = [w * 0.8 for w in weights] + [0.2]
    elif dependence == "negative":
        half = lists // 2
        first = np.array(probs[0], dtype=np.float64)
        second = first.copy()
        first[half:] /= 6
        second[:half] /= 6
        probs = [first, second, *probs[1:]]
        weights = [weights[0] / 2, weights[0] / 2, *weights[1:]]
    return [list(np.clip(p, 1e-4, 0.95)) for p in probs], weights


def draw_world(number: int) -> World:
    """World *number*: its settings drawn from a generator seeded by the number."""
    rng = np.random.default_rng(number)
    lists = int(rng.integers(3, 9))
    size = round(math.exp(rng.uniform(math.log(300), math.log(50_000))))
    density = str(rng.choice(["sparse", "dense"]))
    heterogeneity = str(rng.choice(HETEROGENEITY))
    dependence = str(rng.choice(DEPENDENCE))
    probs, weights = _classes(rng, lists, density, heterogeneity, dependence)
    table = simulate_histories(size, probs, weights, seed=number)
    # A list that found nobody is no list a user would have (the table would be refused):
    # it is left out, so the world has fewer lists than drawn (first met at world 30,101).
    empty = [c for c in table.columns if c != "count" and not table[c].any()]
    histories = CaptureHistories.from_dataframe(table.drop(columns=empty))
    kept = [j for j, c in enumerate(c for c in table.columns if c != "count") if c not in empty]
    return World(
        number,
        histories.n_lists,
        size,
        density,
        heterogeneity,
        dependence,
        histories,
        tuple(tuple(float(p[j]) for j in kept) for p in probs),
        tuple(float(w) for w in weights),
    )


def methods_for(
    world: World, short_lcmcr: bool = False
) -> dict[str, Callable[[CaptureHistories], Estimate]]:
    """The methods run on *world*: as a user gets them, but for the exceptions above."""
    h = world.histories
    stepwise = True if h.n_lists >= STEPWISE_FROM else None
    lcmcr_settings: dict[str, Any] = LCMCR_SHORT if short_lcmcr else {}
    chosen: dict[str, Callable[[CaptureHistories], Estimate]] = {
        "loglinear": lambda h: estimate(h, "loglinear", stepwise=stepwise, seed=world.number),
        "lcmcr": lambda h: estimate(h, "lcmcr", seed=world.number, **lcmcr_settings),
    }
    if h.n_lists <= 4 or (h.n_lists == 5 and h.observed <= DGA_MAX_OBSERVED_5):
        chosen["dga"] = lambda h: estimate(h, "dga")
    return chosen


def outcome(result: Estimate, truth: int) -> dict[str, Any]:
    """The figures, whether they miss the truth, and what the checks said."""
    centre = result.median if result.median is not None else result.point
    record: dict[str, Any] = {
        "centre": centre,
        "q025": result.q025,
        "q975": result.q975,
        "refused": result.refused,
        "flagged": result.cautioned,
        "checks": [f"{c.severity}:{c.code}" for c in result.checks],
    }
    if centre is None or result.refused:
        record.update(covered=None, error=None, miss=None)
        return record
    covered = (
        result.q025 is not None and result.q975 is not None and result.q025 <= truth <= result.q975
    )
    error = abs(centre - truth) / truth
    record.update(covered=covered, error=error, miss=(not covered) or error > MISS_ERROR)
    return record


def run(
    first: int,
    worlds: int,
    jsonl: Path | None,
    methods: tuple[str, ...] = METHODS,
    short_lcmcr: bool = False,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    out = jsonl.open("w", encoding="utf-8") if jsonl else None
    try:
        for number in range(first, first + worlds):
            world = draw_world(number)
            for method, fit in methods_for(world, short_lcmcr).items():
                if method not in methods:
                    continue
                started = time.perf_counter()
                result = fit(world.histories)
                row = {
                    **world.settings(),
                    "observed": world.histories.observed,
                    "method": method,
                    "seconds": time.perf_counter() - started,
                    "interval": result.diagnostics.get("interval"),
                    **outcome(result, world.size),
                }
                rows.append(row)
                if out:
                    out.write(json.dumps(row) + "\n")
                    out.flush()
            done = number - first + 1
            if done % 10 == 0 or "lcmcr" in methods:
                print(f"… {done} of {worlds} worlds", flush=True)
    finally:
        if out:
            out.close()
    return rows


def _share(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{part / whole:.0%} ({part}/{whole})"


def _disagreeing_worlds(rows: list[dict[str, Any]]) -> set[int]:
    """Worlds where some method's figure lies outside another method's interval."""
    by_world: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if r["miss"] is not None:
            by_world.setdefault(r["world"], []).append(r)
    return {
        world
        for world, given in by_world.items()
        if len(given) > 1
        and not all(
            r["q025"] is not None
            and r["q975"] is not None
            and r["q025"] <= s["centre"] <= r["q975"]
            for r in given
            for s in given
        )
    }


def summarise(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of docs/benchmarks.md: one row per method."""
    disagreeing = _disagreeing_worlds(rows)
    lines = [
        "| method | runs | refused | coverage | median rel. error | worst rel. error "
        "| misses with a caution/refusal | good results with a caution | seconds median / worst "
        "| with `--method all`: misses / good flagged |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for method in METHODS:
        mine = [r for r in rows if r["method"] == method]
        if not mine:
            continue
        given = [r for r in mine if r["miss"] is not None]
        misses = [r for r in given if r["miss"]]
        good = [r for r in given if not r["miss"]]
        errors = [r["error"] for r in given]
        seconds = [r["seconds"] for r in mine]
        told = [r for r in given if r["flagged"] or r["world"] in disagreeing]
        told_misses = sum(r["miss"] for r in told)
        told_good = len(told) - told_misses
        lines.append(
            f"| {method} | {len(mine)} | {sum(r['refused'] for r in mine)} "
            f"| {_share(sum(r['covered'] for r in given), len(given))} "
            f"| {np.median(errors):.1%} | {max(errors):.0%} "
            f"| {_share(sum(r['flagged'] for r in misses), len(misses))} "
            f"| {_share(sum(r['flagged'] for r in good), len(good))} "
            f"| {np.median(seconds):.1f} / {max(seconds):.1f} "
            f"| {_share(told_misses, len(misses))} / {_share(told_good, len(good))} |"
        )
    return "\n".join(lines)


def by_heterogeneity(rows: list[dict[str, Any]]) -> str:
    """Misses and flagged misses per method and heterogeneity level (Markdown)."""
    lines = [
        "| method | " + " | ".join(HETEROGENEITY) + " |",
        "|---|" + "---|" * len(HETEROGENEITY),
    ]
    for method in METHODS:
        cells = []
        for level in HETEROGENEITY:
            given = [
                r
                for r in rows
                if r["method"] == method and r["heterogeneity"] == level and r["miss"] is not None
            ]
            misses = [r for r in given if r["miss"]]
            flagged = sum(r["flagged"] for r in misses)
            cells.append(f"{len(misses)}/{len(given)} missed, {flagged} flagged")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def unflagged_misses(rows: list[dict[str, Any]]) -> str:
    """The settings of misses that came with no caution (what the checks do not see)."""
    quiet = [r for r in rows if r["miss"] and not r["flagged"]]
    counts: dict[str, int] = {}
    for r in quiet:
        key = f"{r['method']}, {r['lists']} lists, {r['heterogeneity']}, {r['dependence']}"
        counts[key] = counts.get(key, 0) + 1
    return "\n".join(f"  {n} × {key}" for key, n in sorted(counts.items(), key=lambda x: -x[1]))


def silent_misses(rows: list[dict[str, Any]]) -> str:
    """Misses with no sign at all: no caution of their own and no disagreement between methods.

    These are what no check of one run and no comparison of methods could have flagged; they
    are counted, per method, with how many were more than 20% off and how many came from the
    "extreme" setting (a hidden majority every list reaches rarely: Link 2003).
    """
    disagreeing = _disagreeing_worlds(rows)
    lines = []
    for method in METHODS:
        misses = [r for r in rows if r["method"] == method and r["miss"]]
        if not misses:
            continue
        quiet = [r for r in misses if not r["flagged"] and r["world"] not in disagreeing]
        far = sum(r["error"] > MISS_ERROR for r in quiet)
        extreme = sum(r["heterogeneity"] == "extreme" for r in quiet)
        lines.append(
            f"  {method}: {len(quiet)} of {len(misses)} misses had no sign "
            f"({far} more than 20% off, {extreme} in the extreme setting)"
        )
    return "\n".join(lines)


def report(rows: list[dict[str, Any]]) -> None:
    print(summarise(rows))
    print(by_heterogeneity(rows))
    print("misses without a caution, by setting:")
    print(unflagged_misses(rows) or "  none")
    print("misses with no observable sign (no caution, methods agree):")
    print(silent_misses(rows) or "  none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worlds", type=int, default=200, help="how many worlds (200)")
    parser.add_argument(
        "--first", type=int, default=10_000, help="number of the first world (10000: report)"
    )
    parser.add_argument("--jsonl", type=Path, help="write one line per world and method here")
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help="comma-separated methods to run (all three; LCMCR alone is the slow one)",
    )
    parser.add_argument(
        "--short-lcmcr",
        action="store_true",
        help="LCMCR with 2 short chains (sessions 10-11), not the defaults: for exploring",
    )
    parser.add_argument(
        "--summarise",
        type=Path,
        nargs="+",
        help="only summarise the lines of earlier --jsonl files (e.g. one per process)",
    )
    args = parser.parse_args()
    if args.summarise:
        rows = [
            json.loads(line)
            for path in args.summarise
            for line in path.read_text("utf-8").splitlines()
        ]
        report(rows)
        return
    methods = tuple(m for m in args.methods.split(",") if m)
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        parser.error(f"unknown method(s): {', '.join(unknown)}")
    started = time.perf_counter()
    rows = run(args.first, args.worlds, args.jsonl, methods, args.short_lcmcr)
    print(
        f"worlds {args.first}-{args.first + args.worlds - 1}, {time.perf_counter() - started:.0f} s"
    )
    report(rows)


if __name__ == "__main__":
    main()
