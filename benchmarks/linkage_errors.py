"""The errors of one world, pair by pair: which true pairs were missed and why, which false
pairs were clustered, with the (synthetic) records and their name keys.

Each missed true pair is put in one class (``not_proposed`` by any blocking key,
``scored_low``: proposed but below the threshold, ``clustering``: above it, left apart)
with tags: surname keys equal (``sn=``) or not, given names equal (``gn=``), only the
initials' sound equal (``gn~``), a birth missing on one side (``nobirth``), both records
of one list (``samesrc``). Each false pair inside a cluster is tagged the same way. Counts
per class and tag close each part, then per class and the two lists, and, for the
scored-low pairs, the comparisons that weighed against them (their level's match weight
below 0: ``place:different``), which say which fields lost the pair (the pairs scored under
0.1 are not kept, so show no levels, unless ``--keep-all``, which also counts the true
pairs scored under 0.1 by each comparison's level), and apart from them the
comparisons missing on a side (``missing:birth``: the null level, weight 0, which weighs
neither way; such a pair lacks evidence, nothing counts against it). For tuning settings
only: reading the errors of a report setting makes it no longer held out.

    python benchmarks/linkage_errors.py --setting 1004 --show 30
    python benchmarks/linkage_errors.py --independent big100k:19 --show 30
    python benchmarks/linkage_errors.py --records 100000 --seed 101 --show 30

A random setting's records are read by the intake from each list's CSV file, as a user's
are (``uncounted.intake.synthetic.read_as_uploaded``; places are shown as the gazetteer
codes the intake stored); ``--direct`` links the generator's frame instead.
``--independent KIND:SEED`` reads a world of the independent generator
(``linkage_independent.py``) from its records file and links it as ``uncounted link`` does;
that script's ``--errors`` reads the same world from the outside (what the generator did to
each missed pair), this one from the model's side.
"""

from __future__ import annotations

import argparse
import collections
import math
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkage_independent as independent
from linkage_misses import _COMPARED, _profiles, bound
from linkage_random import true_pairs

from uncounted.intake.synthetic import read_as_uploaded
from uncounted.linkage import LinkConfig, LinkResult, build_features, link_records
from uncounted.linkage import _model as model_module
from uncounted.linkage._blocking import proposed
from uncounted.synth import (
    WorldConfig,
    describe_setting,
    generate_world,
    random_world_config,
)


def _tags(a: pd.Series, b: pd.Series, same_source: bool) -> str:
    tags = ["sn=" if a.sn == b.sn else "sn!"]
    tags.append("gn=" if a.gn == b.gn else ("gn~" if a.gi == b.gi else "gn!"))
    if pd.isna(a.by_lo) or pd.isna(b.by_lo):
        tags.append("nobirth")
    if same_source:
        tags.append("samesrc")
    return " ".join(tags)


@dataclass(frozen=True)
class Linked:
    """A linked world with its truth: the records as linked (in the frame's order), each
    record's person, the link and its config."""

    title: str
    records: pd.DataFrame
    person: npt.NDArray[np.int64]
    result: LinkResult
    config: LinkConfig
    names: dict[int, object]
    """Each person's true full name (as the generator holds it)."""


def _ours(args: argparse.Namespace) -> Linked:
    """A random setting (``--setting``) or the common-name world of ``linkage_scale.py``."""
    if args.setting is not None:
        setting = random_world_config(args.setting, args.people)
        title = describe_setting(setting)
    else:
        setting = WorldConfig.of_records(args.records, args.seed, args.zipf)
        title = f"common-name world, seed {args.seed}, Zipf {args.zipf}"
    world = generate_world(setting)
    records = read_as_uploaded(world, direct=args.direct).records
    keep_all = args.keep_all
    config = LinkConfig(seed=0, **({"review_band": (0.0, 0.9)} if keep_all else {}))
    result = link_records(records, config)
    truth = result.records[["source", "record_id"]].merge(
        world.truth, on=["source", "record_id"], how="left"
    )
    population = world.population
    people = np.unique(truth["person_id"].to_numpy(dtype=np.int64)).tolist()
    return Linked(
        f"{title}; {len(records):,} records",
        records,
        truth["person_id"].to_numpy(dtype=np.int64),
        result,
        config,
        {p: (int(population.surname[p]), int(population.given[p])) for p in people},
    )


def _independent(name: str, keep_all: bool) -> Linked:
    kind, seed = name.split(":")
    world = independent.generate(kind, int(seed))
    with tempfile.TemporaryDirectory(prefix="linkerrors-") as folder:
        path = Path(folder) / "records.csv"
        independent.write_csv(world, path)
        records, config = independent.read_file(path, keep_all)
    result = link_records(records, config)
    person = {(t["source"], t["record_id"]): t["person"] for t in world.truth}
    records_read = result.records
    keys = zip(
        records_read["source"].astype(str), records_read["record_id"].astype(str), strict=True
    )
    return Linked(
        f"independent {kind} seed {seed}: {independent.describe_lists(world.specs)}; "
        f"{len(records):,} records",
        records,
        np.array([person[k] for k in keys], dtype=np.int64),
        result,
        config,
        {t["person"]: t["canonical"] for t in world.truth},
    )


def _against(result: LinkResult) -> tuple[npt.NDArray[np.int64], list[list[str]]]:
    """Each kept pair's comparison levels (a row per pair, -1 missing) and, per comparison
    and level, its label with the level's match weight (log2 m/u; nan unknown)."""
    comparisons = result.summary["model"]["comparisons"]
    sizes = [len(comparison["levels"]) for comparison in comparisons]
    levels = model_module._decode(result.pairs["pattern"].to_numpy(dtype=np.int64), sizes)
    labels = []
    for comparison in comparisons:
        row = []
        for level in comparison["levels"]:
            m, u = level["m_probability"], level["u_probability"]
            weight = math.log2(m / u) if m and u else math.nan
            row.append(f"{comparison['name']}:{level['level']}:{weight:+.1f}")
        labels.append(row)
    return levels, labels


_FIELDS = ("birth_date", "age", "sex", "place", "event_date", "event_type")


def what_records_say(linked: Linked) -> None:
    """How dense the names are (distinct full names per person recorded; how many other
    people hold a person's full name) and how often each field is left empty: what two
    worlds' errors are to be read against."""
    counts = collections.Counter(linked.names.values())
    people = len(linked.names)
    others = sum(counts[name] - 1 for name in linked.names.values()) / max(people, 1)
    print(
        f"people recorded {people:,}; distinct full names per person "
        f"{len(counts) / max(people, 1):.3f}; other people of the same full name per person "
        f"{others:.1f}"
    )
    fields = linked.records[list(_FIELDS)]
    empty = fields.isna() | fields.astype(str).eq("")
    bare = empty[["birth_date", "age", "event_date", "place"]].all(axis=1).mean()
    shares = ", ".join(f"{field} {empty[field].mean():.1%}" for field in _FIELDS)
    print(f"records empty: {shares}; no birth, event date or place {bare:.1%}")
    # Places as linkage compares them: the intake stores a place it resolved as its code and
    # one it did not as written, so "ru-ce-shali" and "Chali" differ as text and agree as
    # places (linkage_places.py reads why the rest differ).
    place = build_features(linked.records, linked.config.extra_columns)["place_code"]
    place = place.astype(str).to_numpy()
    left, right = true_pairs(linked.person)
    both = ~empty["place"].to_numpy()[left] & ~empty["place"].to_numpy()[right]
    same = both & (place[left] == place[right])
    print(
        f"true pairs with a place on both sides {both.mean():.1%}; of them the same place "
        f"{same.sum() / max(both.sum(), 1):.1%}"
    )


def read_errors(linked: Linked, show: int) -> None:
    """Print the missed true pairs by class, the false pairs in clusters, and their counts."""
    result, config, person = linked.result, linked.config, linked.person
    records = result.records
    features = build_features(records[linked.records.columns.tolist()], config.extra_columns)
    labels = records["cluster_id"].to_numpy()
    sources = records["source"].astype(str).to_numpy()
    left, right = true_pairs(person)
    missed = labels[left] != labels[right]
    hit = proposed(features, left, right, same_source=config.within_source)
    scored = result.pairs
    pair_keys = zip(scored["left"].tolist(), scored["right"].tolist(), strict=True)
    row_of = {key: n for n, key in enumerate(pair_keys)}
    probability = scored["match_probability"].to_numpy()
    levels, level_labels = _against(result) if len(scored) else (np.zeros((0, 0)), [])
    names = [c["name"] for c in result.summary["model"]["comparisons"]] if len(scored) else []

    def row(a: int, b: int) -> int | None:
        return row_of.get((a, b), row_of.get((b, a)))

    def chance(a: int, b: int) -> float:
        n = row(a, b)
        return 0.0 if n is None else float(probability[n])

    def weighed(a: int, b: int) -> list[str]:
        """The comparisons that weighed against the pair, and those missing on a side
        (``missing:``, weight 0)."""
        n = row(a, b)
        if n is None:
            return []
        found = [level_labels[c][k] for c, k in enumerate(levels[n].tolist()) if k >= 0]
        missing = [names[c] for c, k in enumerate(levels[n].tolist()) if k < 0]
        against = [label for label in found if float(label.rsplit(":", 1)[1]) < 0]
        return against + [f"missing:{name}" for name in missing]

    def show_record(i: int) -> str:
        r, f = records.iloc[i], features.iloc[i]
        born = r.get("birth_date") or r.get("age")
        return (
            f"   {r.source} | {r['name']} | {born} | {r.get('sex')} | {r.get('place')} "
            f"| {r.get('event_date')} [sn={f.sn} gn={f.gn} gi={f.gi} pn={f.pn}]"
        )

    def lists(a: int, b: int) -> str:
        return " ~ ".join(sorted((sources[a], sources[b])))

    print(linked.title)
    what_records_say(linked)
    print(f"true pairs: {len(left):,}; missed: {int(missed.sum()):,}")
    # What any scorer of these values could reach pair by pair (linkage_misses.bound):
    # where it is near the model's F1, the errors are namesakes the records cannot tell.
    for what, columns in (("compared", _COMPARED), ("name_birth", _COMPARED[:9])):
        print(f"bound_{what}: {bound(_profiles(features, columns), left, right)[0]}")
    print(
        "  (a class of one pair is pure by construction: with true_pairs_one_pair_classes"
        " near the true pairs these bound a scorer that remembers each pair; what one fitted"
        " on half the pairs reaches on the other: linkage_misses.py --anatomy --finer)"
    )
    classes: collections.Counter[str] = collections.Counter()
    by_lists: collections.Counter[str] = collections.Counter()
    against: collections.Counter[str] = collections.Counter()
    lacking: collections.Counter[str] = collections.Counter()
    # With --keep-all, the levels of each comparison the true pairs scored under 0.1 fell
    # in (which name level a typo leaves them at; eighteenth pass, linkscore).
    under: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    shown = 0
    for k in np.flatnonzero(missed).tolist():
        a, b = int(left[k]), int(right[k])
        p = chance(a, b)
        kind = (
            "not_proposed"
            if not hit[k]
            else ("scored_low" if p < config.threshold else "clustering")
        )
        tags = _tags(features.iloc[a], features.iloc[b], sources[a] == sources[b])
        classes[f"{kind} {tags}"] += 1
        by_lists[f"{kind} {lists(a, b)}"] += 1
        weights = weighed(a, b) if kind == "scored_low" else []
        against.update(label.rsplit(":", 1)[0] for label in weights if label[:8] != "missing:")
        lacking.update(label for label in weights if label.startswith("missing:"))
        if kind == "scored_low" and row(a, b) is None:
            against["not kept (scored under 0.1)"] += 1
        n = row(a, b) if kind == "scored_low" and p < 0.1 else None
        if n is not None:
            for c, k in enumerate(levels[n].tolist()):
                under[names[c]][level_labels[c][k].split(":", 1)[1] if k >= 0 else "missing"] += 1
        if shown < show:
            shown += 1
            print(f"{kind} p={p:.3f} {tags} {' '.join(weights)}")
            print(f"{show_record(a)}\n{show_record(b)}")
    for name, count in classes.most_common():
        print(f"{count:6d} {name}")
    print("missed true pairs by class and lists:")
    for name, count in by_lists.most_common():
        print(f"{count:6d} {name}")
    print("scored-low true pairs: comparisons that weighed against them (weight below 0)")
    for name, count in against.most_common():
        print(f"{count:6d} {name}")
    # A value missing on a side is the comparison's null level, weight 0: it does not weigh
    # against the pair, it only lacks the evidence that would have lifted it.
    print("scored-low true pairs: comparisons missing on a side (weight 0, not against)")
    for name, count in lacking.most_common():
        print(f"{count:6d} {name}")
    if under:
        print("true pairs scored under 0.1 (--keep-all), by each comparison's level and weight:")
        for name, counts in under.items():
            print(f"  {name}:")
            for label, count in counts.most_common():
                print(f"{count:6d}   {label}")
    false: collections.Counter[str] = collections.Counter()
    false_lists: collections.Counter[str] = collections.Counter()
    for members in records.groupby("cluster_id").indices.values():
        for i, a in enumerate(members.tolist()):
            for b in members[i + 1 :].tolist():
                if person[a] == person[b]:
                    continue
                tags = _tags(features.iloc[a], features.iloc[b], sources[a] == sources[b])
                false[tags] += 1
                false_lists[lists(a, b)] += 1
                if sum(false.values()) <= show:
                    print(f"false p={chance(a, b):.3f} {tags}")
                    print(f"{show_record(a)}\n{show_record(b)}")
    print(f"false pairs in clusters: {sum(false.values()):,}")
    for name, count in false.most_common():
        print(f"{count:6d} {name}")
    print("false pairs with a side undated, by where the undated record's own person is:")
    for name, count in _undated_false(linked, features, scored).most_common():
        print(f"{count:6d} {name}")
    print("false pairs in clusters by lists:")
    for name, count in false_lists.most_common():
        print(f"{count:6d} {name}")


def _undated_false(
    linked: Linked, features: pd.DataFrame, scored: pd.DataFrame
) -> collections.Counter[str]:
    """The false pairs in clusters with a side undated (no birth), by where the undated
    record's own person is: in no other record (nothing could have told the namesakes
    apart), or among its scored candidates, in its cluster (a chain through it) or
    elsewhere, and whether its own record scored as high as the namesake."""
    person = linked.person
    labels = linked.result.records["cluster_id"].to_numpy()
    undated = features["by_lo"].isna().to_numpy()
    candidates: dict[int, dict[int, float]] = collections.defaultdict(dict)
    for a, b, p in zip(
        scored["left"].tolist(),
        scored["right"].tolist(),
        scored["match_probability"].tolist(),
        strict=True,
    ):
        candidates[a][b] = candidates[b][a] = p
    records_of = collections.Counter(person.tolist())
    kinds: collections.Counter[str] = collections.Counter()
    for members in linked.result.records.groupby("cluster_id").indices.values():
        for i, a in enumerate(members.tolist()):
            for b in members[i + 1 :].tolist():
                if person[a] == person[b] or not (undated[a] or undated[b]):
                    continue
                x, y = (a, b) if undated[a] else (b, a)
                sides = "both undated" if undated[a] and undated[b] else "one undated"
                own = [p for z, p in candidates[x].items() if person[z] == person[x]]
                if records_of[person[x]] == 1:
                    kinds[f"{sides}: its person has no other record"] += 1
                elif not own:
                    kinds[f"{sides}: its person's records not kept as candidates"] += 1
                else:
                    where = (
                        "in its cluster"
                        if any(
                            labels[z] == labels[x] and person[z] == person[x] for z in candidates[x]
                        )
                        else "elsewhere"
                    )
                    than = ">=" if max(own) >= candidates[x].get(y, 0.0) else "<"
                    kinds[f"{sides}: its own record {where}, scored {than} the namesake"] += 1
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    world = parser.add_mutually_exclusive_group(required=True)
    world.add_argument("--setting", type=int, help="a random setting of ours")
    world.add_argument(
        "--independent", metavar="KIND:SEED", help="a world of linkage_independent.py"
    )
    world.add_argument(
        "--records", type=int, help="the common-name world of linkage_scale.py, this many records"
    )
    parser.add_argument("--seed", type=int, default=2, help="with --records")
    parser.add_argument("--zipf", type=float, default=1.1, help="with --records")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--show", type=int, default=25, help="pairs printed per part")
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the files read"
    )
    parser.add_argument(
        "--keep-all",
        action="store_true",
        help="keep every pair compared, so the pairs scored under 0.1 show their levels too "
        "(gigabytes at 100,000 records)",
    )
    args = parser.parse_args()
    linked = _independent(args.independent, args.keep_all) if args.independent else _ours(args)
    read_errors(linked, args.show)


if __name__ == "__main__":
    main()
