"""Pairwise precision / recall / F1 of uncounted on synthetic worlds of several sizes.

Linkage that works on one world can fail on another (recall once fell to 0.3 at 1,200
people while it was 0.92 at 3,000), so quality is measured over sizes, seeds and 5 or 6
of the default lists. The records are read by the intake from each list's CSV file, as a
user's are (``uncounted.intake.synthetic.read_as_uploaded``). Prints a Markdown table on stdout.

    .venv/bin/python benchmarks/linkage_worlds.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import LinkConfig, link_records
from uncounted.synth import WorldConfig, default_sources, generate_world

WORLDS = (
    (500, 2, 6),
    (600, 21, 5),
    (600, 7, 6),
    (1200, 2017, 6),
    (1200, 2017, 5),
    (1200, 11, 5),
    (1200, 4, 6),
    (2000, 3, 5),
    (3000, 2017, 5),
    (3000, 11, 5),
    (5000, 1, 5),
    (5000, 8, 6),
)


def main() -> None:
    print(
        "| people | seed | lists | records | true people seen | clusters | precision | recall "
        "| F1 | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for people, seed, lists in WORLDS:
        world = generate_world(
            WorldConfig(people=people, seed=seed, sources=default_sources()[:lists])
        )
        records = read_as_uploaded(world).records  # as the intake reads the lists' files
        started = time.perf_counter()
        result = link_records(records, LinkConfig(seed=0))
        seconds = time.perf_counter() - started
        clustered = result.records.merge(world.truth, on=["source", "record_id"])
        score = pairwise_score(clustered, "person_id")
        seen = clustered["person_id"].nunique()
        print(
            f"| {people:,} | {seed} | {lists} | {len(records):,} | {seen:,} | {result.clusters:,} "
            f"| {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} | {seconds:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
