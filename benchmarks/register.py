"""Benchmark: the person register on a synthetic vault: a first linkage run into the register,
a second run that changes nothing (stable ids), the victim counts the dashboard reads (cold,
uncached), and the log-linear estimate from the register's capture histories.

    .venv/bin/python benchmarks/register.py [--people 2000] [--seed 11]

Synthetic people only (``uncounted.synth``). Every figure is wall-clock seconds on this
machine, one run each; the lists are imported first and not timed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from uncounted.services import analysis_review, imports, register, vaults
from uncounted.synth import WorldConfig, generate_world

USER, PASSPHRASE = "bench", "benchmark passphrase - synthetic data only"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    world = generate_world(WorldConfig(people=args.people, seed=args.seed))
    with tempfile.TemporaryDirectory(dir=".") as scratch:
        path = Path(scratch) / "vault"
        vaults.init_vault(path, USER, PASSPHRASE)
        with vaults.unlock(path, USER, PASSPHRASE) as session:
            for source in sorted(world.records["source"].unique()):
                listing = Path(scratch) / f"{source}.csv"
                world.records[world.records["source"] == source].to_csv(listing, index=False)
                imports.import_file(session, listing, source=source)
            timings: dict[str, float] = {}
            started = time.perf_counter()
            first = register.link_people(session)
            timings["first linkage run into the register"] = time.perf_counter() - started
            started = time.perf_counter()
            second = register.link_people(session)
            timings["second run, nothing changed"] = time.perf_counter() - started
            started = time.perf_counter()
            counted = register.counts(session)
            timings["victim counts (uncached)"] = time.perf_counter() - started
            started = time.perf_counter()
            run = analysis_review.estimate_from_register(session, "loglinear")
            timings["loglinear estimate from the register, with sensitivity"] = (
                time.perf_counter() - started
            )
    print(
        f"{len(world.records)} records of {world.population_size} synthetic people"
        f" ({world.records['source'].nunique()} lists)"
    )
    print(
        f"register: {counted.people} people; first run made {first.made};"
        f" second run kept {second.kept}, made {second.made}, retired {second.retired}"
    )
    print(f"estimate {run.median or run.point:.0f} ({run.q025:.0f}-{run.q975:.0f})")
    for label, seconds in timings.items():
        print(f"{label}: {seconds:.2f} s")


if __name__ == "__main__":
    main()
