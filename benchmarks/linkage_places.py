"""Do one person's two records agree on the place, as linkage reads it? (issue 12, linkgaz)

For every true pair whose two records both give a place, the places are compared as the
linkage compares them (``build_features``' ``place_code``: the gazetteer code, or for a place
the gazetteer does not find, its folded spelling), not as stored (the intake keeps a place
it resolved as its code and one it did not as written, so "ru-ce-shali" and "Chali" differ
as text and agree as places). A pair that disagrees is put in one class: two places the
gazetteer found (``two codes``: a village against another level), one found against one not
(``code vs text``: a spelling the gazetteer does not resolve), or neither found (``two
texts``: a village it lacks, spelt two ways). The commonest disagreeing spellings close the
report. No linking is done, so a world takes seconds.

    python benchmarks/linkage_places.py --independent all --seeds 24 --first-seed 1
    python benchmarks/linkage_places.py --settings 30 --seed 23000
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkage_independent as independent

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import build_features
from uncounted.model.vocabulary import places
from uncounted.synth import generate_world, random_world_config


def _independent_worlds(kinds: list[str], seeds: range) -> Iterator[tuple[str, pd.DataFrame]]:
    for kind in kinds:
        for seed in seeds:
            world = independent.generate(kind, seed)
            with tempfile.TemporaryDirectory(prefix="linkplaces-") as folder:
                path = Path(folder) / "records.csv"
                independent.write_csv(world, path)
                frame, _ = independent.read_file(path)
            person = {(t["source"], t["record_id"]): t["person"] for t in world.truth}
            keys = zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True)
            yield f"{kind} {seed}", frame.assign(person=[person[k] for k in keys])


def _our_worlds(first: int, count: int, people: int) -> Iterator[tuple[str, pd.DataFrame]]:
    for seed in range(first, first + count):
        world = generate_world(random_world_config(seed, people))
        records = read_as_uploaded(world).records
        truth = world.truth[["source", "record_id", "person_id"]]
        merged = records.merge(truth, on=["source", "record_id"], how="left")
        yield f"setting {seed}", records.assign(person=merged["person_id"].to_numpy())


_KINDS = ("two codes", "code vs text", "two texts")
Spellings = collections.Counter[tuple[str, ...]]


def _classify(frame: pd.DataFrame, spellings: Spellings) -> dict[str, int]:
    codes = set(places().codes())
    keys = build_features(frame.drop(columns=["person"]))["place_code"].tolist()
    written = frame["place"].astype(str).tolist()
    by_person: dict[object, list[int]] = collections.defaultdict(list)
    for row, (person, key) in enumerate(zip(frame["person"], keys, strict=True)):
        if key is not None:
            by_person[person].append(row)
    counts: collections.Counter[str] = collections.Counter()
    for rows in by_person.values():
        for at, a in enumerate(rows):
            for b in rows[at + 1 :]:
                if keys[a] == keys[b]:
                    counts["same"] += 1
                    continue
                found = (keys[a] in codes) + (keys[b] in codes)
                kind = _KINDS[2 - found]
                counts[kind] += 1
                spellings[(kind, *sorted((written[a], written[b])))] += 1
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--independent", help="comma-separated kinds, or all (the seven)")
    parser.add_argument("--seeds", type=int, default=6, help="with --independent")
    parser.add_argument("--first-seed", type=int, default=1, help="with --independent")
    parser.add_argument("--settings", type=int, help="this many of our random settings")
    parser.add_argument("--seed", type=int, default=23000, help="the first setting")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--show", type=int, default=20, help="disagreeing spellings shown")
    args = parser.parse_args()
    if args.independent:
        kinds = independent.REPORTED if args.independent == "all" else args.independent.split(",")
        seeds = range(args.first_seed, args.first_seed + args.seeds)
        worlds = _independent_worlds(kinds, seeds)
    else:
        worlds = _our_worlds(args.seed, args.settings or 30, args.people)
    total: collections.Counter[str] = collections.Counter()
    spellings: Spellings = collections.Counter()
    for name, frame in worlds:
        counts = _classify(frame, spellings)
        pairs = sum(counts.values())
        differ = 1 - counts.get("same", 0) / max(pairs, 1)
        print(
            f"{name}: {pairs:,} true pairs with a place on both sides, differ {differ:.1%} {counts}"
        )
        total.update(counts)
    pairs = sum(total.values())
    print(
        f"all: {pairs:,} true pairs with a place on both sides; disagree "
        f"{pairs - total['same']:,} ({1 - total['same'] / max(pairs, 1):.2%}): "
        + ", ".join(f"{kind} {total[kind]:,}" for kind in _KINDS)
    )
    for (kind, a, b), count in spellings.most_common(args.show):
        print(f"{count:6d} {kind}: {a!r} / {b!r}")


if __name__ == "__main__":
    main()
