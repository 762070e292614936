"""How fast the synthetic-world generator makes 1,000,000 records, and how varied the names are.

Run:  .venv/bin/python benchmarks/synth_scale.py [--records 1000000] [--baseline 100000]

Measures, in one run on one machine:
- time to generate a world with about ``--records`` records (people, six sources, records,
  truth and capture histories), the time to write its three CSV files, and the peak memory
  of the process;
- as the point of comparison, the same names written the straightforward way (calling the
  romanisation for every name part of every record in a Python loop, as a per-record
  generator such as the linkage prototype's did) on ``--baseline`` records, and the ratio
  of records per second;
- the share of distinct full names (surname, given name, patronymic) per person.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from uncounted.synth import WorldConfig, generate_world, romaniser


def _naive_names(world_config: WorldConfig, limit: int) -> tuple[int, float]:
    """Write *limit* records' names one at a time, romanising each part of each record."""
    world = generate_world(world_config)
    surnames = world.people["surname"].tolist()
    givens = world.people["given_name"].tolist()
    patronymics = world.people["patronymic"].tolist()
    truth = world.truth.head(limit)
    specs = {spec.name: spec for spec in world_config.sources}
    start = time.process_time()
    names = []
    for source, person in zip(truth["source"], truth["person_id"], strict=True):
        spec = specs[source]
        write = romaniser(spec.romanisation)
        parts = [write(surnames[person]), write(givens[person])]
        if spec.patronymic:
            parts.append(write(patronymics[person]))
        name = " ".join(parts if spec.name_order == "surname_first" else parts[1:] + parts[:1])
        names.append(name.upper() if spec.upper_case else name)
    return len(names), time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    probe = WorldConfig(seed=args.seed)
    people = round(args.records / probe.expected_records_per_person())
    config = WorldConfig(people=people, seed=args.seed)

    start, cpu = time.perf_counter(), time.process_time()
    world = generate_world(config)
    records = world.records
    truth = world.truth
    histories = world.capture_histories()
    generated, generated_cpu = time.perf_counter() - start, time.process_time() - cpu
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        world.write(Path(scratch))
        written = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    full = (
        world.people["surname"]
        + " "
        + world.people["given_name"]
        + " "
        + world.people["patronymic"]
    )
    baseline_people = round(args.baseline / probe.expected_records_per_person() * 1.1)
    count, naive = _naive_names(WorldConfig(people=baseline_people, seed=args.seed), args.baseline)

    print(f"people: {people:,}  records: {len(records):,}  truth rows: {len(truth):,}")
    print(f"observed (on >= 1 list): {int(histories['count'].sum()):,}")
    print(
        f"generate (people, records, truth, histories): {generated:.2f} s "
        f"= {len(records) / generated:,.0f} records/s (CPU {generated_cpu:.2f} s)"
    )
    print(f"write records.csv, truth.csv, histories.csv: {written:.2f} s")
    print(f"peak memory (max RSS of this process, whole run): {peak_mb:,.0f} MB")
    print(f"distinct full names per person: {full.nunique() / len(full):.3f}")
    print(
        f"baseline, per-record romanisation of names only: {count:,} records in "
        f"{naive:.2f} CPU s "
        f"= {count / naive:,.0f} records/s"
    )
    print(
        f"ratio (generator records per CPU s over baseline names-only records per CPU s): "
        f"{(len(records) / generated_cpu) / (count / naive):.1f}x"
    )


if __name__ == "__main__":
    main()
