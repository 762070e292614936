"""Blocking alone on many worlds: which true pairs no key proposes, and by what kind of error.

For each world (random settings of ``uncounted.synth`` by seed, and/or the independent
generator's worlds of ``benchmarks/linkage_independent.py``) the records are read as a
user's files are, put in the linkage's order and given their blocking keys
(``build_features``, the default cap); nothing is scored, so a world takes seconds. Per world:

- ``completeness``: the share of true pairs some key proposes (sex not conflicting; pairs
  inside one list counted, as the linker looks for them);
- ``pairs/rec``: distinct pairs proposed per record (``blocked_pairs``, what is compared);
- the never-proposed pairs by kind, read from the two records' parsed keys (a pair may be of
  several kinds): ``gn_first`` the given names differ in their first letter, ``sn_first`` the
  surnames do, ``swapped`` one record's surname is nearer the other's given name than its
  surname, ``initial`` one record has an initial in place of a given name, ``no_date`` one
  record has neither birth year nor event date, ``other`` none of these.

Totals over all worlds close the output; ``--show N`` prints N never-proposed pairs per world.

    python benchmarks/linkage_unproposed.py --settings 13 --seed 1000
    python benchmarks/linkage_unproposed.py --settings 30 --seed 13000
    python benchmarks/linkage_unproposed.py --settings 0 --kinds all --seeds 3 --first-seed 1
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkage_independent as independent
from linkage_random import true_pairs

from uncounted.intake import read_records_file
from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import LinkConfig, build_features
from uncounted.linkage._blocking import blocked_pairs, proposed
from uncounted.linkage._link import linking_order
from uncounted.synth import generate_world, random_world_config

KINDS = ("gn_first", "sn_first", "swapped", "initial", "no_date", "other")


@dataclass(frozen=True)
class World:
    name: str
    records: pd.DataFrame
    person: np.ndarray
    config: LinkConfig


def synth_worlds(first: int, settings: int, people: int) -> Iterator[World]:
    for seed in range(first, first + settings):
        world = generate_world(random_world_config(seed, people))
        records = read_as_uploaded(world).records
        person = records.merge(world.truth, on=["source", "record_id"])["person_id"].to_numpy()
        yield World(str(seed), records, person, LinkConfig(seed=0))


def independent_worlds(kinds: list[str], first: int, seeds: int) -> Iterator[World]:
    for kind in kinds:
        for seed in range(first, first + seeds):
            world = independent.generate(kind, seed)
            with tempfile.TemporaryDirectory(prefix="unproposed-") as folder:
                path = Path(folder) / "world.csv"
                independent.write_csv(world, path)
                table = read_records_file(path)
            records = pd.DataFrame(table.values, columns=list(table.columns))
            truth = {(t["source"], t["record_id"]): t["person"] for t in world.truth}
            keys = zip(records["source"], records["record_id"], strict=True)
            person = np.array([truth[key] for key in keys])
            config = LinkConfig(
                extra_columns=tuple(table.identifiers), block_on=tuple(table.documents)
            )
            yield World(f"{kind}/{seed}", records, person, config)


def _distance(a: object, b: object) -> int:
    """Levenshtein distance of two name parts (a missing part is far from everything)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return 99
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def kinds_of(a: pd.Series, b: pd.Series) -> list[str]:
    found: list[str] = []
    straight = _distance(a["sn"], b["sn"]) + _distance(a["gn"], b["gn"])
    crossed = _distance(a["sn"], b["gn"]) + _distance(a["gn"], b["sn"])
    if crossed < straight:
        found.append("swapped")
        b = b.copy()
        b["sn"], b["gn"] = b["gn"], b["sn"]
    for part, kind in (("gn", "gn_first"), ("sn", "sn_first")):
        x, y = a[part], b[part]
        if isinstance(x, str) and isinstance(y, str) and x[:1] != y[:1]:
            found.append(kind)
    if not isinstance(a["gn"], str) or not isinstance(b["gn"], str):
        found.append("initial")
    for r in (a, b):
        if pd.isna(r["by_lo"]) and pd.isna(r["ev_first"]):
            found.append("no_date")
            break
    return found or ["other"]


def _show(r: pd.Series, source: object) -> str:
    year = "" if pd.isna(r["by_lo"]) else f" b{int(r['by_lo'])}-{int(r['by_hi'])}"
    event = "" if pd.isna(r["ev_first"]) else f" ev{int(r['ev_first'])}"
    return f"{source}: {r['sn']} / {r['gn']} / {r['pn']} gi={r['gi']}{year}{event}"


def read_world(world: World, show: int) -> tuple[int, int, float, collections.Counter[str]]:
    order = linking_order(world.records)
    frame = world.records.iloc[order].reset_index(drop=True)
    person = world.person[order]
    config = world.config
    features = build_features(frame, config.extra_columns, config.block_cap)
    left, right = true_pairs(person)
    hit = proposed(features, left, right, same_source=config.within_source)
    pairs = len(blocked_pairs(features, config.block_on, config.within_source))
    kinds: collections.Counter[str] = collections.Counter()
    missed = np.flatnonzero(~hit)
    for n, at in enumerate(missed):
        a, b = features.iloc[left[at]], features.iloc[right[at]]
        found = kinds_of(a, b)
        kinds.update(found)
        if n < show:
            print(f"    {'+'.join(found)}: {_show(a, frame['source'][left[at]])}")
            print(f"    {' ' * len('+'.join(found))}  {_show(b, frame['source'][right[at]])}")
    records = len(frame)
    print(
        f"| {world.name} | {records:,} | {len(left):,} | {len(missed)} "
        f"| {hit.mean() if len(hit) else 1.0:.4f} | {pairs / records:.1f} | "
        + " | ".join(str(kinds[k]) for k in KINDS)
        + " |",
        flush=True,
    )
    return len(left), len(missed), pairs / records, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", type=int, default=13)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--kinds", default="", help="independent worlds: kinds, or all")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="never-proposed pairs shown per world")
    args = parser.parse_args()
    worlds: list[Iterator[World]] = [synth_worlds(args.seed, args.settings, args.people)]
    if args.kinds:
        kinds = list(independent.KINDS) if args.kinds == "all" else args.kinds.split(",")
        kinds = [k for k in kinds if k != "big100k"]
        worlds.append(independent_worlds(kinds, args.first_seed, args.seeds))
    print(
        "| world | records | true pairs | never proposed | completeness | pairs/rec | "
        + " | ".join(KINDS)
        + " |"
    )
    print("|---" * (6 + len(KINDS)) + "|")
    completeness: list[float] = []
    per_record: list[float] = []
    total: collections.Counter[str] = collections.Counter()
    true = missed = 0
    for source in worlds:
        for world in source:
            t, m, rate, kinds = read_world(world, args.show)
            per_record.append(rate)
            true, missed = true + t, missed + m
            total.update(kinds)
            completeness.append(1 - m / t if t else 1.0)
    if completeness:
        print(
            f"\n{len(completeness)} worlds: completeness median {np.median(completeness):.4f}, "
            f"worst {min(completeness):.4f}; pairs per record median {np.median(per_record):.1f}, "
            f"most {max(per_record):.1f}; never proposed {missed} of {true:,}; by kind "
            + ", ".join(f"{k} {total[k]}" for k in KINDS)
        )


if __name__ == "__main__":
    main()
