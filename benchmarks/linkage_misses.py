"""Where the true pairs that linkage misses are lost: blocking, scoring or clustering.

For one world (a random setting by seed, or the common-name world of
``benchmarks/linkage_scale.py`` by record count) every true pair the clusters split is put
in one class:

- ``not_proposed``: no blocking key proposes it; ``capped`` among them: a key would have
  proposed it without the block-size cap, and ``capped_by_dates`` those by what the two
  records' dates let the cap do (:func:`cap_dates`);
- ``scored_low``: proposed, but its match probability is below the threshold;
- ``clustering``: scored at or above the threshold, yet the records end in two clusters.

Prints one JSON object with the counts (and the per-key counts of capped pairs), and
``where_misses_go`` (:func:`where_misses_go`): the same classes by how many records hold the
pair's shared full name, the scored-low pairs by probability, and which fields they carry on
both sides, so that two sizes of one world can be read side by side (where recall goes as the
namesakes grow).

``--anatomy`` adds where F1 is lost and how much of it any scorer could win back:

- ``true_pairs_by_kind``: every true pair by kind (both records of one list or of two; the
  same surname and given name, the same surname with a given name missing on a side, or
  names that differ; a birth year missing on a side, births that agree or differ), with
  how many were missed and where (the classes above);
- ``false_pairs_by_kind``: the pairs of two people inside one cluster, by the same kinds
  and ``siblings`` (two people of one family);
- ``bound_compared``, ``bound_name_birth``, ``bound_written`` (:func:`bound`): the best
  pairwise F1 of a scorer that sees each pair's two records only as their values of what
  the model compares, of the list, sex, name and birth alone, or of every column as
  written: pairs whose records have the same values form one class, linked or left whole;
- ``bound_patterns`` (:class:`PatternClasses`): the same over the blocked pairs' agreement
  patterns (the model's comparison levels) with how common the shared name is, what a
  Fellegi-Sunter scorer of these levels sees; ``model_pairwise``: the model's own pairs at
  the threshold before clustering, to read it against (the clustering, one record of a
  list for a person, may go beyond a pairwise bound).

``--calibration`` adds how far the model's probabilities can be believed at this size: the
kept pairs by probability, with the share of them that are one person, and the pairwise
and clusters' precision, recall and F1 were the threshold another (the same scores
clustered again, :func:`uncounted.linkage.relink`), and the exact name's chance
(``same_person_chance``) summed over the same-name pairs of two lists against how many of
them are one person, by how many records hold the name (:func:`exact_name_chance`).

    python benchmarks/linkage_misses.py --setting 1004
    python benchmarks/linkage_misses.py --records 100000 --zipf 1.1
    python benchmarks/linkage_misses.py --records 990000 --zipf 1.1 --anatomy --keep-above 0.01

The records are read by the intake from each list's CSV file, as a user's are
(``uncounted.intake.synthetic.read_as_uploaded``); ``--direct`` links the generator's frame instead.
Reading is timed apart (``read_seconds``); ``seconds`` is the link.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_namesakes import name_pairs
from linkage_random import true_pairs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linkage"))
from linkage_scoring import pairwise_score

from uncounted.intake.synthetic import ReadRecords, read_as_uploaded
from uncounted.linkage import LinkConfig, LinkResult, build_features, link_records, relink
from uncounted.linkage import _model as model_module
from uncounted.linkage._blocking import (
    Codes,
    _counts,
    _number,
    _pairs_of,
    block_keys,
    key_columns,
    proposed,
)
from uncounted.linkage._link import linking_order
from uncounted.linkage._namesakes import same_person_chance
from uncounted.synth import (
    WorldConfig,
    generate_world,
    random_world_config,
)


def _world(args: argparse.Namespace) -> tuple[ReadRecords, pd.DataFrame]:
    """The records of the world *args* name (as the intake reads them unless ``--direct``)
    and its truth."""
    if args.setting is not None:
        world = generate_world(random_world_config(args.setting, args.people))
    else:
        world = generate_world(WorldConfig.of_records(args.records, args.seed, args.zipf))
    truth = world.truth.assign(family_id=world.population.family[world.truth["person_id"]])
    return read_as_uploaded(world, direct=args.direct), truth


# What the model compares of a record (the comparison table less the keys made from other
# records' values; its first nine: the list, sex, name and birth), and a record as written
# (every column but its id): two records with the same values are the same to a scorer
# that sees only them.
_COMPARED = (
    "source",
    "sex",
    "sn",
    "gn",
    "gi",
    "pn",
    "by_lo",
    "by_hi",
    "bdate",
    "place_code",
    "place_parent",
    "ev_first",
    "ev_last",
    "event_type",
)


def _profiles(frame: pd.DataFrame, columns: Sequence[str]) -> Codes:
    """One number per distinct combination of *columns* (missing values equal each other)."""
    values = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
    return values.astype(str).groupby(list(columns), sort=False).ngroup().to_numpy(np.int64)


def bound(
    profile: Codes, left: Codes, right: Codes
) -> tuple[dict[str, object], npt.NDArray[np.float64]]:
    """The best pairwise F1 of a scorer that sees only each pair's two records as *profile*
    numbers them: pairs of records with the same two profiles are one class it must link
    or leave whole; a class holds every pair of its records (true pairs and pairs of two
    people), and the best F1 links the purest classes first (F1 is best at a threshold on
    the share of true pairs). Also the F1 of linking the classes at least half true (the
    decision of a perfectly calibrated model at 0.5), and how many true pairs sit in
    classes where two people outnumber one person; with each true pair's class share.

    A class of one pair is pure by construction, so where most records carry values of
    their own (a name and little else) the bound is that of a scorer that remembers each
    pair, not one that could be fitted: ``true_pairs_one_pair_classes`` says how many true
    pairs it counts so (setting 29017: 1,067 true pairs, bound 0.9939; fitted on half the
    pairs and measured on the other, ``--finer``, 0.7976, under the model's own 0.8392)."""
    counts = np.bincount(profile)
    low, high = np.minimum(profile[left], profile[right]), np.maximum(profile[left], profile[right])
    width = int(profile.max()) + 1
    classes, of_pair, true = np.unique(low * width + high, return_inverse=True, return_counts=True)
    a, b = classes // width, classes % width
    total = np.where(a == b, counts[a] * (counts[a] - 1) // 2, counts[a] * counts[b])
    share = true / total
    order = np.argsort(-share, kind="stable")
    found, linked = np.cumsum(true[order]), np.cumsum(total[order])
    f1 = 2 * found / (linked + len(left))
    best = int(np.argmax(f1))
    half = share >= 0.5
    hits, made = int(true[half].sum()), int(total[half].sum())
    return {
        "best_f1": round(float(f1[best]), 4),
        "best_precision": round(float(found[best] / linked[best]), 4),
        "best_recall": round(float(found[best] / len(left)), 4),
        "f1_at_half": round(2 * hits / (made + len(left)), 4),
        "true_pairs_outnumbered": int(true[~half].sum()),
        "true_pairs_alone": int(true[total == true].sum()),
        "true_pairs_one_pair_classes": int(true[total == 1].sum()),
    }, share[of_pair]


def _name_kind(features: pd.DataFrame, left: Codes, right: Codes) -> npt.NDArray[np.str_]:
    """How the two records' names compare: the same surname and given name (keys), the
    same surname with a given name missing on a side (an initial), or otherwise."""
    sn = features["sn"].to_numpy(dtype=object)
    gn = features["gn"].to_numpy(dtype=object)
    same_sn = pd.notna(sn[left]) & (sn[left] == sn[right])
    same_gn = pd.notna(gn[left]) & (gn[left] == gn[right])
    a_gap = pd.isna(gn[left]) | pd.isna(gn[right])
    return np.select(
        [same_sn & same_gn, same_sn & a_gap], ["same name", "initial"], default="names differ"
    )


def anatomy(
    features: pd.DataFrame,
    left: Codes,
    right: Codes,
    siblings: npt.NDArray[np.bool_],
) -> pd.Series:
    """Each pair's kind: both records of one list or not, how the names compare, whether
    a side lacks the birth year (or both births agree or differ), and *siblings* (two
    people of one family)."""
    source = features["source"].to_numpy(dtype=object)
    lo, hi = _number(features, "by_lo"), _number(features, "by_hi")
    no_birth = np.isnan(lo[left]) | np.isnan(lo[right])
    overlap = (lo[left] <= hi[right]) & (lo[right] <= hi[left])
    birth = np.select([no_birth, overlap], ["a birth missing", "births agree"], "births differ")
    where = np.where(source[left] == source[right], "one list", "two lists")
    kinship = np.where(siblings, ", siblings", "")
    kinds = [
        f"{w}, {n}, {b}{k}"
        for w, n, b, k in zip(where, _name_kind(features, left, right), birth, kinship, strict=True)
    ]
    return pd.Series(kinds, dtype=object)


def _table(counts: dict[str, pd.Series]) -> dict[str, dict[str, int]]:
    frame = pd.DataFrame(counts).fillna(0).astype(int)
    frame = frame.sort_values("missed", ascending=False)
    return {str(kind): row.to_dict() for kind, row in frame.iterrows()}


def _probabilities(
    pairs: pd.DataFrame, left: Codes, right: Codes, records: int
) -> npt.NDArray[np.float64]:
    """The match probability of each pair (*left* < *right*) among the scored *pairs*; 0
    where it was not kept."""
    kept = pairs["left"].to_numpy(np.int64) * records + pairs["right"].to_numpy(np.int64)
    order = np.argsort(kept)
    kept, probability = kept[order], pairs["match_probability"].to_numpy(np.float64)[order]
    wanted = left * records + right
    at = np.minimum(np.searchsorted(kept, wanted), max(len(kept) - 1, 0))
    found = (kept[at] == wanted) if len(kept) else np.zeros(len(wanted), dtype=bool)
    return np.where(found, probability[at] if len(kept) else 0.0, 0.0)


class PatternClasses:
    """The blocked pairs as the model compares them, counted by class: the agreement
    pattern (every comparison's level) with how many records hold the shared name (in
    doublings; the full name when both parts agree, else the surname when it agrees),
    what term frequencies adjust. Filled while :func:`link_records` scores (the compared
    pairs are handed to the scoring step, ``_model._score``, and not kept).

    With *finer*, the same classes are also counted split by each of :data:`FINER`'s finer
    descriptions of the two records (one at a time, all together, and all with the pair of
    lists), each pair in one of two halves (:func:`half_of`), for :meth:`held_out`."""

    _AT_ONCE = 8_000_000

    def __init__(
        self, features: pd.DataFrame, person: Codes, order: Codes, finer: bool = False
    ) -> None:
        # Positions in the scoring are in linking order: *order* gives the rows' positions.
        self.order = order
        self.person = person[order]
        name = pd.factorize(features["name_key"].to_numpy(dtype=object)[order])[0]
        surname = pd.factorize(features["sn"].to_numpy(dtype=object)[order])[0]
        self.name, self.surname = name.astype(np.int64), surname.astype(np.int64)
        self.name_holders = _counts(self.name)
        self.surname_holders = _counts(self.surname)
        self.all: pd.Series = pd.Series(dtype=np.int64)
        self.true: pd.Series = pd.Series(dtype=np.int64)
        self.true_codes: list[Codes] = []
        self.true_classes: list[Codes] = []
        self.counted = False
        self.finer = FinerEvidence(features.iloc[order].reset_index(drop=True)) if finer else None
        self.split: dict[str, pd.Series] = {}

    def count(self, left: npt.NDArray[np.int32], right: npt.NDArray[np.int32], code: Codes) -> None:
        for start in range(0, len(code), self._AT_ONCE):
            a = left[start : start + self._AT_ONCE].astype(np.int64)
            b = right[start : start + self._AT_ONCE].astype(np.int64)
            same_name = (self.name[a] >= 0) & (self.name[a] == self.name[b])
            same_surname = (self.surname[a] >= 0) & (self.surname[a] == self.surname[b])
            bucket = np.where(
                same_name,
                1 + np.log2(np.maximum(self.name_holders[a], 1)).astype(np.int64),
                np.where(
                    same_surname,
                    32 + np.log2(np.maximum(self.surname_holders[a], 1)).astype(np.int64),
                    0,
                ),
            )
            classes = code[start : start + self._AT_ONCE].astype(np.int64) * 64 + bucket
            true = self.person[a] == self.person[b]
            if self.finer is not None:
                half = half_of(self.order[a], self.order[b])
                for variant, extra in self.finer.variants(a, b).items():
                    split = (classes * extra[1] + extra[0]) * 2 + half
                    for kind, chosen in (("all", split), ("true", split[true])):
                        key = f"{variant}/{kind}"
                        counted = pd.Series(chosen).value_counts()
                        self.split[key] = self.split.get(key, pd.Series(dtype=np.int64)).add(
                            counted, fill_value=0
                        )
            self.all = self.all.add(pd.Series(classes).value_counts(), fill_value=0)
            self.true = self.true.add(pd.Series(classes[true]).value_counts(), fill_value=0)
            low = np.minimum(self.order[a[true]], self.order[b[true]])
            high = np.maximum(self.order[a[true]], self.order[b[true]])
            self.true_codes.append(low * len(self.order) + high)
            self.true_classes.append(classes[true])

    def bound(self, true_pairs: int) -> dict[str, object]:
        """The best F1 of a scorer that sees only these classes (linking the purest first)
        over all *true_pairs* (those never proposed count as missed)."""
        true = self.true.reindex(self.all.index, fill_value=0).to_numpy(np.int64)
        total = self.all.to_numpy(np.int64)
        share = true / total
        order = np.argsort(-share, kind="stable")
        found, linked = np.cumsum(true[order]), np.cumsum(total[order])
        f1 = 2 * found / (linked + true_pairs)
        best = int(np.argmax(f1))
        half = share >= 0.5
        hits, made = int(true[half].sum()), int(total[half].sum())
        return {
            "classes": len(total),
            "best_f1": round(float(f1[best]), 4),
            "best_precision": round(float(found[best] / linked[best]), 4),
            "best_recall": round(float(found[best] / true_pairs), 4),
            "f1_at_half": round(2 * hits / (made + true_pairs), 4),
            "true_pairs_outnumbered": int(true[~half].sum()),
        }

    def held_out(self, true_halves: tuple[int, int]) -> dict[str, dict[str, object]]:
        """For each finer description, a scorer fitted on one half of the pairs and measured
        on the other (both ways round, the mean): a class's share of true pairs is read
        from the fitting half (pulled toward its pattern's share there, two pairs' worth,
        so a class seen once is not taken as pure), and the measured half's classes are
        linked at a share of at least 0.5 (``f1_at_half``) or at the best share
        (``best_f1``, the one choice made on the measured half). A class that is one
        pair's own values cannot then count as pure: what one half's pairs teach about
        the other's is what a scorer could learn. ``true_halves``: the true pairs (never
        proposed ones included) in each half."""
        found: dict[str, dict[str, object]] = {}
        for variant in FINER_VARIANTS:
            every = self.split[f"{variant}/all"]
            true = self.split[f"{variant}/true"].reindex(every.index, fill_value=0)
            keys = every.index.to_numpy(np.int64)
            size = self.finer.sizes[variant] if self.finer is not None else 1
            cls, half, pattern = keys // 2, keys % 2, keys // 2 // size
            runs = [
                _held_out_f1(cls, pattern, half, every, true, fit, true_halves[1 - fit])
                for fit in (0, 1)
            ]
            found[variant] = {
                "classes": len(np.unique(cls)),
                **{k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]},
            }
        return found

    def shares(self, left: Codes, right: Codes) -> npt.NDArray[np.float64]:
        """The share of true pairs in each given true pair's class (nan: never proposed)."""
        share = (self.true.reindex(self.all.index, fill_value=0) / self.all).to_dict()
        codes = np.concatenate(self.true_codes or [np.zeros(0, np.int64)])
        classes = np.concatenate(self.true_classes or [np.zeros(0, np.int64)])
        of_code = dict(zip(codes.tolist(), classes.tolist(), strict=True))
        wanted = (left * len(self.order) + right).tolist()
        return np.array(
            [share[of_code[w]] if w in of_code else np.nan for w in wanted], dtype=np.float64
        )


def half_of(low: Codes, high: Codes) -> Codes:
    """Which half (0 or 1) a pair of record rows falls in, by a hash of the two rows (the
    same half whichever of them is given first)."""
    a, b = np.minimum(low, high).astype(np.uint64), np.maximum(low, high).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = (a * np.uint64(0x9E3779B97F4A7C15) + b) * np.uint64(0xBF58476D1CE4E5B9)
    return ((mixed >> np.uint64(31)) & np.uint64(1)).astype(np.int64)


def _held_out_f1(
    cls: Codes,
    pattern: Codes,
    half: Codes,
    every: pd.Series,
    true: pd.Series,
    fit: int,
    true_measured: int,
) -> dict[str, float]:
    """F1 on the half that is not *fit* of classes linked by their share on *fit*."""
    all_counts, true_counts = every.to_numpy(np.float64), true.to_numpy(np.float64)
    on_fit = half == fit
    fit_all = pd.Series(all_counts[on_fit]).groupby(cls[on_fit]).sum()
    fit_true = pd.Series(true_counts[on_fit]).groupby(cls[on_fit]).sum()
    pat_all = pd.Series(all_counts[on_fit]).groupby(pattern[on_fit]).sum()
    pat_true = pd.Series(true_counts[on_fit]).groupby(pattern[on_fit]).sum()
    measured = ~on_fit
    m_cls, m_pattern = cls[measured], pattern[measured]
    prior = (pat_true / pat_all).reindex(m_pattern).fillna(0.0).to_numpy()
    seen_all = fit_all.reindex(m_cls).fillna(0.0).to_numpy()
    seen_true = fit_true.reindex(m_cls).fillna(0.0).to_numpy()
    share = (seen_true + 2.0 * prior) / (seen_all + 2.0)
    linked_all, linked_true = all_counts[measured], true_counts[measured]
    at_half = share >= 0.5
    hits, made = linked_true[at_half].sum(), linked_all[at_half].sum()
    order = np.argsort(-share, kind="stable")
    found, linked = np.cumsum(linked_true[order]), np.cumsum(linked_all[order])
    f1 = 2 * found / (linked + true_measured)
    best = int(np.argmax(f1))
    return {
        "f1_at_half": 2 * hits / (made + true_measured),
        "precision_at_half": hits / max(made, 1.0),
        "recall_at_half": hits / true_measured,
        "best_f1": float(f1[best]),
    }


# What a finer level could tell of two records beyond the model's levels, each as a small
# number per pair (0: the two do not agree on it, or a side lacks it):
# - place: the same place, by how common it is (doublings of its share of records: the
#   capital, or a village of a few hundred);
# - days: the two events' days apart, both known to the day (0, 1-2, 3-5, 6-10, 11-31, more);
# - type: the same kind of event, by how common the kind is;
# - patronymic: the same patronymic, by how common it is;
# - birth: both births known, by the wider of the two ranges (a date, a year, two years...).
FINER = {"place": 9, "days": 7, "type": 9, "patronymic": 9, "birth": 5}
FINER_VARIANTS = ("patterns", *FINER, "all", "all and lists")
_DAYS = np.array([0, 1, 3, 6, 11, 32])


class FinerEvidence:
    """The values :data:`FINER` reads, per record (in the order of *features*' rows)."""

    def __init__(self, features: pd.DataFrame) -> None:
        self.place, self.place_rarity = self._rarity(features["place_code"])
        self.pn, self.pn_rarity = self._rarity(features["pn"])
        self.type, self.type_rarity = self._rarity(features["event_type"])
        self.source = pd.factorize(features["source"].to_numpy(dtype=object))[0].astype(np.int64)
        first, last = _number(features, "ev_first"), _number(features, "ev_last")
        self.day = np.where(first == last, first, np.nan)
        low, high = _number(features, "by_lo"), _number(features, "by_hi")
        self.width = np.where(np.isnan(low), -1, np.minimum(high - low, 3)).astype(np.int64)
        sizes = {"patterns": 1, **FINER}
        sizes["all"] = int(np.prod(list(FINER.values())))
        sizes["all and lists"] = sizes["all"] * 64
        self.sizes = sizes

    @staticmethod
    def _rarity(column: pd.Series) -> tuple[Codes, Codes]:
        """Each record's value as a number (-1 missing) and 1 + how many doublings rarer
        than all records its value is (at most 8)."""
        codes = pd.factorize(column.to_numpy(dtype=object))[0].astype(np.int64)
        held = _counts(codes)
        share = held / max(int((codes >= 0).sum()), 1)
        rarity = 1 + np.minimum(np.floor(-np.log2(np.maximum(share, 1e-12))), 7)
        return codes, np.where(codes >= 0, rarity, 0).astype(np.int64)

    def variants(self, a: Codes, b: Codes) -> dict[str, tuple[Codes, int]]:
        """Each variant's number for the pairs (*a*, *b*) and how many numbers it has."""
        same_place = (self.place[a] >= 0) & (self.place[a] == self.place[b])
        same_pn = (self.pn[a] >= 0) & (self.pn[a] == self.pn[b])
        same_type = (self.type[a] >= 0) & (self.type[a] == self.type[b])
        apart = np.abs(self.day[a] - self.day[b])
        dated = ~np.isnan(apart)
        days = np.where(dated, np.searchsorted(_DAYS, np.nan_to_num(apart), side="right"), 0)
        born = (self.width[a] >= 0) & (self.width[b] >= 0)
        values = {
            "place": np.where(same_place, self.place_rarity[a], 0),
            "days": days.astype(np.int64),
            "type": np.where(same_type, self.type_rarity[a], 0),
            "patronymic": np.where(same_pn, self.pn_rarity[a], 0),
            "birth": np.where(born, 1 + np.maximum(self.width[a], self.width[b]), 0),
        }
        every = np.zeros(len(a), dtype=np.int64)
        for name, size in FINER.items():
            every = every * size + values[name]
        low = np.minimum(self.source[a], self.source[b])
        lists = low * 8 + np.maximum(self.source[a], self.source[b])
        return {
            "patterns": (np.zeros(len(a), dtype=np.int64), 1),
            **{name: (values[name], size) for name, size in FINER.items()},
            "all": (every, self.sizes["all"]),
            "all and lists": (every * 64 + lists, self.sizes["all and lists"]),
        }


@contextmanager
def counting_patterns(classes: PatternClasses) -> Iterator[None]:
    """Within it, every scoring step of the linkage counts its compared pairs in *classes*."""
    original = model_module._score

    def scored(compared: Any, *args: Any) -> Any:
        if not classes.counted:  # the blocked pairs' scoring; then the near misses'
            classes.count(compared.left, compared.right, compared.code)
            classes.counted = True
        return original(compared, *args)

    model_module._score = scored
    try:
        yield
    finally:
        model_module._score = original


def _pairwise_at(
    pairs: pd.DataFrame, person: Codes, true_pairs: int, threshold: float
) -> dict[str, float]:
    """Pairwise precision, recall and F1 of the scored pairs at *threshold*, before the
    clustering (what the pattern bound is to be read against)."""
    linked = pairs["match_probability"].to_numpy() >= threshold
    a, b = pairs["left"].to_numpy()[linked], pairs["right"].to_numpy()[linked]
    hits = int((person[a] == person[b]).sum())
    precision, recall = hits / max(len(a), 1), hits / max(true_pairs, 1)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-12), 4),
    }


# Probabilities the kept pairs are counted by, and the thresholds the clusters are read at.
_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1.0)
_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)


def _calibration(
    result: LinkResult, config: LinkConfig, truth: pd.DataFrame, person: Codes, true_pairs: int
) -> dict[str, object]:
    """The kept pairs by probability with the share one person (a model believed at this
    size has about the probability's share), and F1 were the threshold another: pairwise
    before the clustering, and the clusters of the same scores clustered again."""
    pairs = result.pairs
    probability = pairs["match_probability"].to_numpy(dtype=np.float64)
    one = person[pairs["left"].to_numpy()] == person[pairs["right"].to_numpy()]
    slot = np.clip(np.searchsorted(_BINS, probability, side="right") - 1, 0, len(_BINS) - 2)
    bins = {}
    for k in range(len(_BINS) - 1):
        inside = slot == k
        if inside.any():
            bins[f"{_BINS[k]:.2f}-{_BINS[k + 1]:.2f}"] = {
                "pairs": int(inside.sum()),
                "one_person": round(float(one[inside].mean()), 4),
                "mean_probability": round(float(probability[inside].mean()), 4),
            }
    clusters = {}
    for threshold in _THRESHOLDS:
        again = relink(result, replace(config, threshold=threshold))
        score = pairwise_score(again.records.merge(truth, on=["source", "record_id"]), "person_id")
        clusters[str(threshold)] = {
            "pairwise": _pairwise_at(pairs, person, true_pairs, threshold),
            "clusters": {
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
            },
        }
    return {
        "calibration": bins,
        "at_threshold": clusters,
        "true_pairs_below_threshold_by_level": _below_by_level(
            result, one & (probability < config.threshold), one
        ),
    }


# Bins of a folded full name's records (how common it is) for the exact name's chance.
_NAME_RECORDS = (2, 3, 5, 10, 30, 100)


def exact_name_chance(features: pd.DataFrame, person: Codes) -> dict[str, dict[str, float]]:
    """Whether the exact name's chance (``same_person_chance``) can be believed: over the
    pairs of two lists with the same folded full name, by the name's records, the sum of
    the chances (the one-person pairs the model expects before anything else is seen)
    against the pairs that are one person, and their ratio (1 when calibrated)."""
    chance = same_person_chance(features)
    pairs = name_pairs(features)
    left, right = pairs["at_l"].to_numpy(), pairs["at_r"].to_numpy()
    sources = features["source"].to_numpy()
    two = sources[left] != sources[right]
    expected = chance.reindex(pairs["name_key"]).to_numpy(dtype=np.float64)[two]
    one = (person[left] == person[right])[two]
    records = features["name_key"].value_counts()
    held = pairs["name_key"].map(records).to_numpy(dtype=np.int64)[two]
    bins = {"all": np.ones(len(one), dtype=bool)}
    for low, high in itertools.pairwise((*_NAME_RECORDS, None)):
        label = f"{low}-{high - 1}" if high is not None else f"{low}+"
        bins[label] = (held >= low) & (held < high if high is not None else True)
    found = {}
    for label, inside in bins.items():
        if inside.any():
            sure, true = float(expected[inside].sum()), int(one[inside].sum())
            found[label] = {
                "pairs": int(inside.sum()),
                "expected": round(sure, 1),
                "one_person": true,
                "ratio": round(sure / max(true, 1), 3),
            }
    return found


def _share(flags: npt.NDArray[np.bool_]) -> float:
    return round(float(flags.mean()), 4) if len(flags) else 0.0


def fields_beside(
    features: pd.DataFrame, pairs: pd.DataFrame, person: Codes, threshold: float
) -> dict[str, dict[str, object]]:
    """The kept pairs of two lists with the same folded name, in four groups (one person
    scored below *threshold*, two people scored 0.1 to it: the namesakes beside them;
    one person and two people at or above it): which fields both records carry, the
    pairs of lists they come from, and what :class:`FinerEvidence` reads of them."""
    left, right = pairs["left"].to_numpy(np.int64), pairs["right"].to_numpy(np.int64)
    probability = pairs["match_probability"].to_numpy(np.float64)
    name = features["name_key"].to_numpy(dtype=object)
    source = features["source"].to_numpy(dtype=object)
    same = pd.notna(name[left]) & (name[left] == name[right]) & (source[left] != source[right])
    one = person[left] == person[right]
    low = probability < threshold
    groups = {
        "one person, below": same & one & low,
        "two people, 0.1 to below": same & ~one & low & (probability >= 0.1),
        "one person, above": same & one & ~low,
        "two people, above": same & ~one & ~low,
    }
    finer = FinerEvidence(features)
    carried = {
        "place": features["place_code"].notna().to_numpy(),
        "event day": ~np.isnan(finer.day),
        "event date": features["ev_first"].notna().to_numpy(),
        "patronymic": features["pn"].notna().to_numpy(),
        "birth": features["by_lo"].notna().to_numpy(),
        "sex": features["sex"].notna().to_numpy(),
        "event type": features["event_type"].notna().to_numpy(),
    }
    beyond = [carried[k] for k in ("place", "event date", "patronymic", "birth", "event type")]
    found: dict[str, dict[str, object]] = {}
    for label, inside in groups.items():
        a, b = left[inside], right[inside]
        values = finer.variants(a, b)
        lists = pd.Series(
            [" + ".join(sorted(p)) for p in zip(source[a], source[b], strict=True)], dtype=object
        )
        found[label] = {
            "pairs": int(inside.sum()),
            "both carry": {k: _share(v[a] & v[b]) for k, v in carried.items()},
            "nothing but the name and sex": _share(~np.any([v[a] & v[b] for v in beyond], axis=0)),
            "lists": {str(k): int(v) for k, v in lists.value_counts().head(15).items()},
            **{
                name: {str(k): int(v) for k, v in pd.Series(values[name][0]).value_counts().items()}
                for name in FINER
            },
        }
    return found


def _below_by_level(
    result: LinkResult, below: npt.NDArray[np.bool_], true: npt.NDArray[np.bool_]
) -> dict[str, dict[str, list[int]]]:
    """Of the kept true pairs, by each comparison's level: how many, and how many of them
    scored below the threshold (which levels carry the recall lost in scoring)."""
    comparisons = result.summary["model"]["comparisons"]
    sizes = [len(comparison["levels"]) for comparison in comparisons]
    levels = model_module._decode(result.pairs["pattern"].to_numpy(dtype=np.int64), sizes)
    found: dict[str, dict[str, list[int]]] = {}
    for c, comparison in enumerate(comparisons):
        labels = ["missing"] + [level["level"] for level in comparison["levels"]]
        column = levels[:, c] + 1
        found[comparison["name"]] = {
            label: [int((true & (column == k)).sum()), int((below & (column == k)).sum())]
            for k, label in enumerate(labels)
            if (true & (column == k)).any()
        }
    return found


def _anatomy_report(
    records: pd.DataFrame,
    features: pd.DataFrame,
    true: tuple[Codes, Codes],
    labels: npt.NDArray[np.object_],
    people: tuple[Codes, Codes],
    lost: dict[str, npt.NDArray[np.bool_]],
    patterns: PatternClasses,
) -> dict[str, object]:
    """The true pairs (missed or not) and the false pairs inside clusters, by kind; the
    bound of :func:`bound` on what the model compares and on the records as written."""
    left, right = true
    person, family = people
    cluster_codes, _ = pd.factorize(labels)
    in_left, in_right = _pairs_of(cluster_codes.astype(np.int64))
    false = person[in_left] != person[in_right]
    in_left, in_right = in_left[false], in_right[false]
    compared, shares = bound(_profiles(features, _COMPARED), left, right)
    name_birth, _ = bound(_profiles(features, _COMPARED[:9]), left, right)
    written, _ = bound(
        _profiles(records, [c for c in records.columns if c != "record_id"]), left, right
    )
    kinds = anatomy(features, left, right, np.zeros(len(left), dtype=bool))
    columns = {"true pairs": kinds.value_counts()}
    missed = np.zeros(len(left), dtype=bool)
    for name, where in lost.items():
        columns[name] = kinds[where].value_counts()
        missed |= where
    columns["missed"] = kinds[missed].value_counts()
    columns["outnumbered"] = kinds[shares < 0.5].value_counts()
    pattern_shares = patterns.shares(left, right)
    columns["outnumbered (patterns)"] = kinds[pattern_shares < 0.5].value_counts()
    columns["missed, not outnumbered (patterns)"] = kinds[
        missed & (pattern_shares >= 0.5)
    ].value_counts()
    siblings = family[in_left] == family[in_right]
    false_kinds = anatomy(features, in_left, in_right, siblings).value_counts()
    return {
        "bound_patterns": patterns.bound(len(left)),
        "bound_compared": compared,
        "bound_name_birth": name_birth,
        "bound_written": written,
        "false_pairs": len(in_left),
        "true_pairs_by_kind": _table(columns),
        "false_pairs_by_kind": {str(k): int(v) for k, v in false_kinds.items()},
    }


# How many records hold a true pair's shared full name, in doublings: at ten times the
# records every name has about ten times the holders, so a pair that carries the name and
# nothing else is scored lower (its chance of being one person falls as its namesakes grow).
_HOLDERS = (2, 4, 8, 16, 32, 64, 128, 256, 512)

# What a scored-low true pair's two records both carry besides the name and the sex.
_BESIDE_NAME = ("birth", "place", "event date", "patronymic")


def _holders_band(count: Codes) -> npt.NDArray[np.str_]:
    """Each count of holders as its band of :data:`_HOLDERS` ("3-4", "over 512")."""
    edges = np.array(_HOLDERS)
    at = np.searchsorted(edges, count, side="left")
    labels = [f"{low + 1}-{high}" for low, high in zip((0, *_HOLDERS[:-1]), _HOLDERS, strict=True)]
    labels.append(f"over {_HOLDERS[-1]}")
    return np.array(labels)[at]


def where_misses_go(
    features: pd.DataFrame,
    true: tuple[Codes, Codes],
    lost: dict[str, npt.NDArray[np.bool_]],
    scored: npt.NDArray[np.float64],
    threshold: float,
) -> dict[str, object]:
    """Where the missed true pairs go as the records grow, three readings of one run:

    - ``by_name_holders``: the true pairs of one folded full name by how many records hold
      that name (:data:`_HOLDERS`), each with how many were missed and where (the classes
      of *lost*); the other true pairs (names that differ) in one row;
    - ``scored_low_probability``: the scored-low true pairs by their match probability (0
      where the pair was not kept: below ``--keep-above``);
    - ``scored_low_carry``: of the scored-low true pairs, how many have each field on both
      records, and how many carry nothing beside the name and the sex (no field of
      :data:`_BESIDE_NAME` on both sides), against the same for the true pairs linked."""
    left, right = true
    name = pd.Series(features["name_key"].to_numpy(dtype=object))
    holders = name.map(name.value_counts()).fillna(0).to_numpy(np.int64)
    same = name.notna().to_numpy()[left] & (name.to_numpy()[left] == name.to_numpy()[right])
    band = np.where(same, _holders_band(holders[left]), "names differ")
    columns = {"true pairs": pd.Series(band).value_counts()}
    missed = np.zeros(len(left), dtype=bool)
    for label, where in lost.items():
        columns[label] = pd.Series(band[where]).value_counts()
        missed |= where
    columns["missed"] = pd.Series(band[missed]).value_counts()
    table = pd.DataFrame(columns).fillna(0).astype(int)
    order = [b for b in (*_holders_band(np.array((*_HOLDERS, 10**6))), "names differ")]
    table = table.reindex([b for b in order if b in table.index])
    low = lost["scored low"]
    edges = (1e-12, 0.1, 0.2, 0.3, 0.4, threshold)
    probability = {"not kept": int((low & (scored < edges[0])).sum())}
    for a, b in itertools.pairwise(edges):
        label = "kept, below 0.1" if a == edges[0] else f"{a:g}-{b:g}"
        probability[label] = int((low & (scored >= a) & (scored < b)).sum())
    carried = {
        "birth": features["by_lo"].notna().to_numpy(),
        "place": features["place_code"].notna().to_numpy(),
        "event date": features["ev_first"].notna().to_numpy(),
        "patronymic": features["pn"].notna().to_numpy(),
    }
    both = {k: v[left] & v[right] for k, v in carried.items()}
    bare = ~np.any(list(both.values()), axis=0)
    linked = ~missed
    carry = {
        group: {
            "pairs": int(inside.sum()),
            **{f"both carry {k}": int((v & inside).sum()) for k, v in both.items()},
            "nothing beside the name and sex": int((bare & inside).sum()),
            "nothing beside, same name": int((bare & inside & same).sum()),
        }
        for group, inside in (("scored low", low), ("linked", linked))
    }
    return {
        "by_name_holders": {str(k): row.to_dict() for k, row in table.iterrows()},
        "scored_low_probability": probability,
        "scored_low_carry": carry,
    }


# What the dates of a true pair lost to the cap let the refinement do (a key over the cap is
# refined by the birth year, or lacking it the event's month; see uncounted.linkage._blocking).
CAP_DATES = (
    "one born, other not",  # by year against by month: never one block
    "neither born, one undated",  # the undated record has no refinement: it loses the key
    "neither born, both dated",  # by the event's month: months apart, or windows
    "born, a year shared",  # one refinement agrees on half the keys: windows, or the keys'
    "born, no year shared",  # a slip in the year, or an age that is off
)


def cap_dates(features: pd.DataFrame, left: Codes, right: Codes) -> npt.NDArray[np.str_]:
    """Each pair's class of :data:`CAP_DATES`, from the two records' birth ranges and event
    dates."""
    low, high = _number(features, "by_lo"), _number(features, "by_hi")
    event = _number(features, "ev_first")
    born_l, born_r = ~np.isnan(low[left]), ~np.isnan(low[right])
    dated_l, dated_r = ~np.isnan(event[left]), ~np.isnan(event[right])
    shared = np.maximum(low[left], low[right]) <= np.minimum(high[left], high[right])
    return np.select(
        [born_l != born_r, ~born_l & ~(dated_l & dated_r), ~born_l, shared],
        list(CAP_DATES[:4]),
        CAP_DATES[4],
    )


def add_world_options(parser: argparse.ArgumentParser) -> None:
    """The options :func:`_world` reads."""
    parser.add_argument("--setting", type=int, default=None, help="random setting seed")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument(
        "--direct", action="store_true", help="link the generator's frame, not the files read"
    )
    parser.add_argument(
        "--keep-above", type=float, default=0.001, help="scored pairs kept down to this"
    )
    parser.add_argument(
        "--anatomy",
        action="store_true",
        help="missed and false pairs by kind, and the best F1 any scorer of pairs could reach",
    )
    parser.add_argument(
        "--finer",
        action="store_true",
        help="the best F1 of a scorer of the blocked pairs' patterns and finer evidence,"
        " fitted on half the pairs and measured on the other half",
    )
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="the share of pairs that are one person by probability, and F1 at other thresholds",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_world_options(parser)
    args = parser.parse_args()
    read, truth = _world(args)
    records = read.records
    # Pairs down to 0.001 are kept (not only the review band's 0.1), so the weights of the
    # scored-low pairs can be read; the clustering is the same (it uses the threshold).
    config = LinkConfig(review_band=(args.keep_above, 0.9))
    given = records.merge(truth, on=["source", "record_id"], how="left")
    person = given["person_id"].to_numpy()
    features = build_features(records, config.extra_columns, config.block_cap)
    patterns = PatternClasses(features, person, linking_order(records), finer=args.finer)
    started = time.perf_counter()
    with counting_patterns(patterns) if args.anatomy or args.finer else nullcontext():
        result = link_records(records, config)
    seconds = time.perf_counter() - started
    left, right = true_pairs(person)
    labels = result.records["cluster_id"].to_numpy()
    score = pairwise_score(result.records.merge(truth, on=["source", "record_id"]), "person_id")
    missed = labels[left] != labels[right]
    hit = proposed(features, left, right, same_source=config.within_source)
    scored = _probabilities(result.pairs, left, right, len(records))
    # Bits of evidence a scored-low pair lacked (0.5 is 0 bits; below 0.001 counted as more
    # than 10): a prior k times larger lifts the pairs within log2(k) bits.
    short = -np.log2(np.maximum(scored, 1e-300) / np.maximum(1.0 - scored, 1e-300))
    not_proposed = missed & ~hit
    scored_low = missed & hit & (scored < config.threshold)
    clustering = missed & hit & (scored >= config.threshold)
    name_key = features["name_key"].to_numpy(dtype=object)
    same_name = pd.notna(name_key[left]) & (name_key[left] == name_key[right])
    # The never-proposed pairs whose names differ (a typo beside a common name) apart: the
    # one class whose miss rate grows with the records (seventeenth pass, linkscale7).
    differ_lost = not_proposed & ~same_name
    uncapped = block_keys(features, cap=10**9)
    capped_by_key: dict[str, int] = {}
    capped_by_key_names_differ: dict[str, int] = {}
    any_uncapped = np.zeros(len(left), dtype=bool)
    for column in key_columns(uncapped):
        values = uncapped[column].to_numpy(dtype=np.float64, na_value=np.nan)
        agree = (values[left] == values[right]) & ~np.isnan(values[left])
        any_uncapped |= agree
        capped_by_key[column] = int((agree & not_proposed).sum())
        capped_by_key_names_differ[column] = int((agree & differ_lost).sum())
    capped = not_proposed & any_uncapped
    dates = cap_dates(features, left[capped], right[capped])
    capped_by_dates = {kind: int((dates == kind).sum()) for kind in CAP_DATES}
    differ_dates = cap_dates(features, left[capped & differ_lost], right[capped & differ_lost])
    sexes = features["sex"].to_numpy(dtype=object)
    sex_conflict = pd.notna(sexes[left]) & pd.notna(sexes[right]) & (sexes[left] != sexes[right])
    same_source = records["source"].to_numpy()[left] == records["source"].to_numpy()[right]
    no_birth = features["by_lo"].isna().to_numpy()
    bits = {}
    for low, high in ((0, 1), (1, 2), (2, 3), (3, 5), (5, 10), (10, np.inf)):
        inside = scored_low & (short > low) & (short <= high) & (scored > 0)
        bits[f"{low}-{high}"] = int(inside.sum())
    bits["not kept"] = int((scored_low & (scored == 0)).sum())
    report: dict[str, object] = {
        "where_misses_go": where_misses_go(
            features,
            (left, right),
            {"not proposed": not_proposed, "scored low": scored_low, "clustering": clustering},
            scored,
            config.threshold,
        )
    }
    if args.anatomy:
        report["model_pairwise"] = _pairwise_at(result.pairs, person, len(left), config.threshold)
        report |= _anatomy_report(
            records,
            features,
            (left, right),
            labels,
            (person, given["family_id"].to_numpy(np.int64)),
            {"not proposed": not_proposed, "scored low": scored_low, "clustering": clustering},
            patterns,
        )
    if args.calibration:
        report |= _calibration(result, config, truth, person, len(left))
        report["exact_name_chance"] = exact_name_chance(features, person)
        report["fields_beside"] = fields_beside(features, result.pairs, person, config.threshold)
    if args.finer:
        halves = half_of(left, right)
        report["held_out"] = patterns.held_out((int((halves == 0).sum()), int((halves == 1).sum())))
    print(
        json.dumps(
            {
                "records": len(records),
                "read_by": "direct" if args.direct else "intake",
                "read_seconds": round(read.seconds, 2),
                "seconds": round(seconds, 1),
                "cpu_seconds": result.summary["cpu_seconds"],
                "pairs_compared": result.summary["pairs_compared"],
                "pairs_per_record": round(result.summary["pairs_compared"] / len(records), 1),
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
                "true_pairs": len(left),
                "missed": int(missed.sum()),
                "not_proposed": int(not_proposed.sum()),
                "not_proposed_capped": int(capped.sum()),
                "capped_by_dates": capped_by_dates,
                "not_proposed_same_source": int((not_proposed & same_source).sum()),
                "not_proposed_sex_conflict": int((not_proposed & sex_conflict).sum()),
                "capped_by_key": {k: v for k, v in capped_by_key.items() if v},
                "not_proposed_names_differ": int(differ_lost.sum()),
                "capped_names_differ_by_dates": {
                    kind: int((differ_dates == kind).sum()) for kind in CAP_DATES
                },
                "capped_by_key_names_differ": {
                    k: v for k, v in capped_by_key_names_differ.items() if v
                },
                "scored_low": int(scored_low.sum()),
                "scored_low_below_0.1": int((scored_low & (scored < 0.1)).sum()),
                "scored_low_a_birth_missing": int(
                    (scored_low & (no_birth[left] | no_birth[right])).sum()
                ),
                "scored_low_same_source": int((scored_low & same_source).sum()),
                "scored_low_same_name": int((scored_low & same_name).sum()),
                "scored_low_same_name_a_birth_missing": int(
                    (scored_low & same_name & (no_birth[left] | no_birth[right])).sum()
                ),
                "scored_low_bits_short": bits,
                "clustering": int(clustering.sum()),
                "clustering_same_source": int((clustering & same_source).sum()),
                "model": {
                    k: v for k, v in result.summary["model"].items() if not isinstance(v, dict)
                },
                **report,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
