"""Training and scoring the Fellegi–Sunter model with Splink.

u-probabilities come from random pairs (Splink). The blocked pairs are compared in the
database once (Splink's blocking and comparison levels), and each pair is kept as its two
records and its agreement pattern (:class:`ComparedPairs`). m-probabilities come from our
own two-class EM over the patterns of the pairs of different lists (if that model is not
believed, of those whose records have names likelier held by one person than by several, where
namesakes do not outnumber matches at any number of records), starting from the documented
defaults of :mod:`uncounted.linkage._comparisons` and, when reviewers supplied decisions,
from those labelled pairs. The trained m are then checked (:func:`implausible`); a model
that cannot describe true matches is not used: the defaults are, with a warning in the
summary. m-probabilities are floored (EM otherwise gives absurd weights such as -67 for
event dates two weeks apart) and u-probabilities barely (so none is zero), and the prior is
set near 1/n records. Every pair is then scored from its pattern with the trained model,
as Splink's prediction would score it (a test holds the two equal), without blocking and
comparing the pairs a second time.

u is estimated in DuckDB whatever the backend (Splink's sampler draws with the database's
own random numbers); comparing is done in the backend, EM and scoring here in numpy, so
DuckDB and Spark give the same model and the same clusters.
"""

from __future__ import annotations

import copy
import logging
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.linkage._backends import Backend, backend_api
from uncounted.linkage._blocking import blocked_slices, key_columns
from uncounted.linkage._clustering import ScoredPairs
from uncounted.linkage._comparisons import (
    FULL_DATES,
    HARD_RULES,
    SEX_RULE,
    SLIP_LABEL,
    blocking_rules,
    comparisons,
    extra_feature,
)
from uncounted.linkage._namesakes import held_by_one, same_person_chance
from uncounted.messages import N_, Message

M_FLOOR = 0.005
# Below this many records, random-pair u estimates and EM are noise: the defaults are used.
MIN_RECORDS_TO_TRAIN = 300
U_FLOOR = 1e-6
_MIN_TRAINING_RECORDS = 4

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelRun:
    """Scored candidate pairs and the parameters of the model that scored them."""

    pairs: ScoredPairs
    pairs_compared: int
    parameters: dict[str, Any]
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    near_misses: ScoredPairs | None = None
    """Pairs no blocking key proposed, found for records left with no likely link (see
    :func:`near_miss_keys`) and scored by the same model: for review, never linked."""


def _floor_levels(model: dict[str, Any]) -> None:
    """Floor m (so no level can veto a true match) and u (so none gives infinite weight)."""
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            values = np.array([float(level.get(key) or floor) for level in levels])
            values = np.maximum(values, floor)
            values = values / values.sum()
            for level, value in zip(levels, values, strict=True):
                level[key] = float(value)


def linkable_pairs(features: pd.DataFrame) -> int:
    """How many pairs the hard rules allow: different sources and no conflicting sex."""
    known = features["sex"].notna()
    per_source = features.groupby("source").size().to_numpy(dtype=np.float64)
    by_sex = pd.crosstab(features.loc[known, "source"], features.loc[known, "sex"])
    cross_source = (per_source.sum() ** 2 - (per_source**2).sum()) / 2
    sex_counts = by_sex.to_numpy(dtype=np.float64)
    # Pairs of different sources with two known, different sexes: all such ordered pairs,
    # less those within one source, halved.
    per_sex = sex_counts.sum(axis=0)
    either_order = per_sex.sum() ** 2 - (per_sex**2).sum()
    same_source = (sex_counts.sum(axis=1) ** 2 - (sex_counts**2).sum(axis=1)).sum()
    conflicting = (either_order - same_source) / 2
    return round(float(cross_source - conflicting))


def prior_match_probability(features: pd.DataFrame) -> float:
    """The chance that two records the hard rules allow to match are the same person.

    About one other record per record is the same person (people appear in one list or in
    several), so about n/2 of the pairs match; they are spread over the pairs that *can*
    match — records of different sources whose sex does not conflict — not over all n²/2
    pairs, of which those rules already exclude a third or more.
    """
    records = len(features)
    allowed = linkable_pairs(features)
    if allowed <= 0:
        return min(0.5, 1.0 / max(records, 2))
    return float(min(0.5, (records / 2) / allowed))


def _settings(
    features: pd.DataFrame,
    extra_columns: tuple[str, ...],
    block_on: tuple[str, ...],
    prior: float,
    within_source: bool = True,
) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(extra_columns),
        blocking_rules_to_generate_predictions=list[Any](
            blocking_rules(key_columns(features), block_on, within_source)
        ),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["source"],
        max_iterations=20,
    )


def _linker(table: Any, settings: Any) -> Any:
    from splink import Linker

    return Linker(table, settings, log_level=None)


# Above this many records the blocked pairs are compared one slice of left-hand records at
# a time: the table with every comparison's weight is otherwise held whole (a million
# records: tens of millions of pairs, gigabytes).
RECORDS_PER_CHUNK = 150_000


@dataclass(frozen=True)
class ComparedPairs:
    """Every blocked pair once, compared: its two records (positions, left < right), its
    agreement pattern as one whole number (:func:`pattern_codes`), and whether the two
    records are of different lists. Counted for EM and scored from the same arrays, so
    the pairs are blocked and compared in the database once, not once for each."""

    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    code: npt.NDArray[np.signedinteger[Any]]
    cross: npt.NDArray[np.bool_]


def _sizes(model: dict[str, Any]) -> list[int]:
    """How many levels (the null level left out) each comparison of *model* has."""
    return [
        sum(1 for level in comparison["comparison_levels"] if not level.get("is_null_level"))
        for comparison in model["comparisons"]
    ]


def _strides(sizes: list[int]) -> list[int]:
    """Place values of the pattern code: level k of comparison c adds (k + 1) x stride c,
    a missing value adds 0."""
    strides, place = [], 1
    for size in sizes:
        strides.append(place)
        place *= size + 1
    return strides


def pattern_codes(gamma: npt.NDArray[np.int64], sizes: list[int]) -> npt.NDArray[np.int64]:
    """One whole number per row of level positions *gamma* (-1 missing)."""
    strides = np.array(_strides(sizes), dtype=np.int64)
    codes: npt.NDArray[np.int64] = ((gamma.astype(np.int64) + 1) * strides).sum(axis=1)
    return codes


def _decode(codes: npt.NDArray[np.int64], sizes: list[int]) -> npt.NDArray[np.int64]:
    """Level positions (-1 missing) of pattern *codes*, one column per comparison."""
    columns = [
        (codes // stride) % (size + 1) - 1
        for size, stride in zip(sizes, _strides(sizes), strict=True)
    ]
    return np.stack(columns, axis=1).astype(np.int64)


# Splink's Jaro-Winkler calls in level conditions, on one column of both records.
_SIMILARITY = re.compile(r'(jaro_winkler(?:_similarity)?)\("?(\w+)_l"?, "?\2_r"?\)')


def _comparison_sql(blocked: str, table: str, model: dict[str, Any], columns: list[str]) -> str:
    """SQL giving each blocked pair of the table *blocked* its records, its pattern code and
    whether its records are of different lists, from the level conditions of *model*
    (Splink's own SQL, in the order Splink tries them: the null level, then each level,
    the first that holds). Each Jaro-Winkler similarity is computed once per pair, not in
    every level that reads it. Built from Splink's table names, the model's conditions and
    the feature columns' names: no user text."""
    similarities: dict[str, str] = {}

    def named(match: re.Match[str]) -> str:
        alias = f"sim_{match.group(2)}"
        similarities[alias] = match.group(0)
        return alias

    cases = []
    strides = _strides(_sizes(model))
    code_type = "integer" if _space(_sizes(model)) < 2**31 else "bigint"
    for comparison, stride in zip(model["comparisons"], strides, strict=True):
        whens, digit = [], 1
        for level in comparison["comparison_levels"]:
            condition = _SIMILARITY.sub(named, level["sql_condition"])
            if level.get("is_null_level"):
                whens.append(f"when {condition} then 0")
                continue
            is_else = condition.strip().upper() == "ELSE"
            whens.append(f"else {digit}" if is_else else f"when {condition} then {digit}")
            digit += 1
        # Summed in the code's type: whole numbers of 32 bits overflow past 2**31.
        cases.append(f"(case {' '.join(whens)} end) * cast({stride} as {code_type})")
    sides = ", ".join(f"l.{column} as {column}_l, r.{column} as {column}_r" for column in columns)
    computed = "".join(f", {sql} as {alias}" for alias, sql in similarities.items())
    return (
        f"select cast(join_key_l as integer) as l, cast(join_key_r as integer) as r, "  # noqa: S608
        f"cast({' + '.join(cases)} as {code_type}) as code, source_l <> source_r as x "
        f"from (select *{computed} from (select b.join_key_l, b.join_key_r, {sides} "
        f"from {blocked} as b join {table} as l on l.unique_id = b.join_key_l "
        f"join {table} as r on r.unique_id = b.join_key_r) as pairs) as compared"
    )


def _compare(
    linker: Any,
    table: Any,
    model: dict[str, Any],
    columns: list[str],
    records: int,
    chunks: int | None = None,
    blocked: tuple[Any, Callable[[int], Iterator[npt.NDArray[np.int64]]]] | None = None,
) -> ComparedPairs:
    """Block (Splink's blocking rules of *linker*) and compare every pair once: each pair's
    records, pattern code and lists. *columns* are the feature columns the levels read.
    *blocked* (the database API, and a function listing the pairs of :func:`blocked_pairs`
    in a given number of slices, :func:`blocked_slices`) gives the blocked pairs instead
    of the database's blocking: the same pairs, listed faster, a slice at a time."""
    total = chunks or chunks_for(records)
    fields: dict[str, list[npt.NDArray[Any]]] = {"l": [], "r": [], "code": [], "x": []}
    slices = blocked[1](total) if blocked is not None else None
    for chunk in range(1, total + 1):
        if blocked is not None and slices is not None:
            api = blocked[0]
            part_codes = next(slices)
            listed = api.register(
                pd.DataFrame(
                    {"join_key_l": part_codes // records, "join_key_r": part_codes % records}
                )
            )
        elif total == 1:
            listed = linker.inference.compute_blocked_pairs_for_predict()
        else:
            listed = linker.inference.compute_blocked_pairs_for_predict_chunk(
                left_chunk=(chunk, total)
            )
        sql = _comparison_sql(listed.physical_name, table.physical_name, model, columns)
        part = linker.misc.query_sql(sql, output_type="pandas")
        listed.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        for name, values in fields.items():
            values.append(part[name].to_numpy())
        del part
    # In no fixed order (slices and threads): what is kept of them is sorted when scored.
    # Each field is joined and its slices let go before the next (a million records' pairs
    # are 1.4 GB whole; all slices and all joined fields at once were twice that).
    return ComparedPairs(
        left=_joined(fields["l"], np.int32),
        right=_joined(fields["r"], np.int32),
        code=_joined(fields["code"], np.int32 if _space(_sizes(model)) < 2**31 else np.int64),
        cross=_joined(fields["x"], np.bool_),
    )


def _joined(parts: list[npt.NDArray[Any]], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """*parts* end to end as one array of *dtype*; *parts* is emptied."""
    joined = np.concatenate(
        [part.astype(dtype, copy=False) for part in parts] or [np.zeros(0, dtype)]
    )
    parts.clear()
    return joined


def _compared_columns(features: pd.DataFrame) -> list[str]:
    """The feature columns the comparison levels read (every one but the blocking keys)."""
    return [column for column in features.columns if not column.startswith("bk_")]


def _count_codes(
    codes: npt.NDArray[np.int64], space: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct *codes* (sorted) and how often each occurs."""
    if space <= 1 << 24:
        counts = np.bincount(codes, minlength=space)
        present = np.flatnonzero(counts)
        return present.astype(np.int64), counts[present]
    distinct, counts = np.unique(codes, return_counts=True)
    return distinct.astype(np.int64), counts


def _patterns(
    compared: ComparedPairs,
    model: dict[str, Any],
    among: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Agreement patterns (level positions, -1 missing) of the compared pairs of different
    lists (both records of them *among*, if given), and how many pairs have each."""
    sizes = _sizes(model)
    if among is None:
        codes, counts = _count_codes(compared.code[compared.cross], _space(sizes))
        return _decode(codes, sizes), counts.astype(np.float64)
    chosen = []
    # A slice at a time: a million records' pairs are tens of millions.
    for start in range(0, len(compared.code), _SCORED_AT_ONCE):
        part = slice(start, start + _SCORED_AT_ONCE)
        keep = compared.cross[part] & among[compared.left[part]] & among[compared.right[part]]
        chosen.append(compared.code[part][keep])
    joined = np.concatenate(chosen or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    codes, counts = _count_codes(joined, _space(sizes))
    return _decode(codes, sizes), counts.astype(np.float64)


def _space(sizes: list[int]) -> int:
    """How many pattern codes there can be."""
    return int(np.prod([size + 1 for size in sizes], dtype=np.float64))


def expectation_maximisation(
    gamma: npt.NDArray[np.int64],
    counts: npt.NDArray[np.float64],
    m: list[npt.NDArray[np.float64]],
    iterations: int = 60,
    fixed: dict[int, list[int]] | None = None,
    tied: dict[int, list[int]] | None = None,
) -> tuple[list[npt.NDArray[np.float64]], float]:
    """m-probabilities by two-class EM over the agreement patterns of the blocked pairs.

    *gamma* holds one row per pattern, one column per comparison, the level's position in
    *m* (-1 where a value is missing: that comparison says nothing). The non-match class is
    estimated too, from the same blocked pairs, because they are not random pairs: most
    share a surname or a given name, and holding u at its random-pair value makes EM call
    every shared surname a match. Only m is kept; the scores use u from random pairs. Every
    m is floored at M_FLOOR each round, so no level can reach zero (Splink's own EM raised
    when one did, and the model was then left untrained without a word). Levels listed in
    *fixed* (comparison position -> level positions) keep their m: EM on blocked pairs
    otherwise learns families (same surname and patronymic, another given name) as the
    match class. Levels listed in *tied* are floored together, not one by one: among the
    blocked pairs a small level's u is often under the floor, and flooring each of the
    four levels of "one part the same, the other a slip away" made their u up to four
    times what it was; EM then took them for non-matches (1003: m 0.005 for the surname the
    same and the given name's slip held once, 0.014 in truth; 0.045 for the given name the
    same, 0.060 in truth; floored together, 0.0138 and 0.0598). Returns m and the share of
    matches among the blocked pairs.
    """
    fixed = fixed or {}
    tied = tied or {}
    m = [level.copy() for level in m]
    total = float(counts.sum())
    u = []
    for column, m_c in enumerate(m):
        level = gamma[:, column]
        known = level >= 0
        seen = np.bincount(level[known], weights=counts[known], minlength=len(m_c)) + 1.0
        u.append(seen / seen.sum())
    share = 0.1
    for _ in range(iterations):
        log_odds = np.full(len(counts), np.log(share) - np.log1p(-share))
        for column, (m_c, u_c) in enumerate(zip(m, u, strict=True)):
            level = gamma[:, column]
            known = level >= 0
            log_odds[known] += np.log(m_c[level[known]]) - np.log(u_c[level[known]])
        match = counts / (1.0 + np.exp(-np.clip(log_odds, -700, 700)))
        other = counts - match
        share = float(np.clip(match.sum() / max(total, 1.0), 1e-9, 1 - 1e-9))
        for column, m_c in enumerate(m):
            level = gamma[:, column]
            known = level >= 0
            for weights, target in ((match, m), (other, u)):
                sums = np.bincount(level[known], weights=weights[known], minlength=len(m_c))
                if sums.sum() > 0:
                    floored = _floored(sums / sums.sum(), tied.get(column))
                    target[column] = floored / floored.sum()
            held = fixed.get(column)
            if held:
                m[column] = _hold(m[column], m_c, held)
    # Tied levels were floored together; as scored, each is floored.
    for column in tied:
        floored = np.maximum(m[column], M_FLOOR)
        m[column] = floored / floored.sum()
    return m, share


def _floored(shares: npt.NDArray[np.float64], tied: list[int] | None) -> npt.NDArray[np.float64]:
    """*shares* each at least M_FLOOR, the *tied* levels together (their sum at least
    M_FLOOR, each as it is)."""
    out = shares.copy()
    alone = np.ones(len(out), dtype=bool)
    if tied:
        alone[tied] = False
        total = float(out[tied].sum())
        if total < M_FLOOR:
            out[tied] = out[tied] / total * M_FLOOR if total > 0 else M_FLOOR / len(tied)
        out[tied] = np.maximum(out[tied], 1e-12)
    out[alone] = np.maximum(out[alone], M_FLOOR)
    return out


def _hold(
    updated: npt.NDArray[np.float64], before: npt.NDArray[np.float64], held: list[int]
) -> npt.NDArray[np.float64]:
    """*updated* with the *held* levels put back to *before*, the rest scaled to fit."""
    out = updated.copy()
    free = np.ones(len(out), dtype=bool)
    free[held] = False
    out[held] = before[held]
    room = 1.0 - float(out[held].sum())
    out[free] = out[free] / max(float(out[free].sum()), 1e-12) * room
    return out


def _held_levels(model: dict[str, Any]) -> dict[int, list[int]]:
    """Name levels whose m is not learnt: surname only, given name only, neither."""
    for position, comparison in enumerate(model["comparisons"]):
        if comparison["output_column_name"] == "name":
            levels = [
                lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")
            ]
            count = len(levels)
            return {position: [count - 3, count - 2, count - 1]}
    return {}


def _tied_levels(model: dict[str, Any]) -> dict[int, list[int]]:
    """Name levels EM floors together: one part the same, the other a slip away."""
    for position, comparison in enumerate(model["comparisons"]):
        if comparison["output_column_name"] == "name":
            levels = [
                lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")
            ]
            slips = [
                k
                for k, level in enumerate(levels)
                if level.get("label_for_charts", "").startswith(SLIP_LABEL)
            ]
            return {position: slips} if slips else {}
    return {}


def _levels(model: dict[str, Any], key: str) -> list[npt.NDArray[np.float64]]:
    found = []
    for comparison in model["comparisons"]:
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        found.append(np.array([float(level.get(key) or M_FLOOR) for level in levels]))
    return found


def _set_levels(model: dict[str, Any], key: str, values: list[npt.NDArray[np.float64]]) -> None:
    for comparison, found in zip(model["comparisons"], values, strict=True):
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        for level, value in zip(levels, found, strict=True):
            level[key] = float(value)


def _full_dates(model: dict[str, Any], features: pd.DataFrame) -> None:
    """m and u of the levels of two full dates of one year that differ (FULL_DATES).

    m is the exact date's m times the share of one person's pairs that differ so, over the
    share that do not differ; u is the share of pairs of two records with full dates of one
    year, read from the records (how many give a full date, how their years spread), times
    364/365 and the share of two people's pairs that differ so. Random pairs seldom have two
    full dates: counted from a handful of pairs, or none, u gave two dates that differ a
    weight of +7 (a list of years beside one of dates); anchored on "same birth year", they
    read a level no pair holds where every record gives a full date (FEBRL)."""
    full = features["bdate"].notna().to_numpy()
    years = features.loc[full, "by_lo"].value_counts(normalize=True).to_numpy(dtype=np.float64)
    one_year = float(full.mean()) ** 2 * float((years**2).sum()) if full.any() else 0.0
    slips = sum(one_person for one_person, _ in FULL_DATES.values())
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] != "birth":
            continue
        exact_m = float(_exact_level(comparison, "bdate")["m_probability"])
        for level in comparison["comparison_levels"]:
            shares = FULL_DATES.get(level.get("label_for_charts", ""))
            if shares is None:
                continue
            level["m_probability"] = exact_m * shares[0] / (1.0 - slips)
            level["u_probability"] = max(one_year * 364 / 365 * shares[1], U_FLOOR)


# Bounds outside which trained parameters are not believed (see implausible()).
NAME_DIFFERENT_MAX = 0.1
NAME_EXACT_MIN = 0.3
BIRTH_DIFFERENT_MAX = 0.2


def implausible(model: dict[str, Any]) -> str | None:
    """Why trained m-probabilities cannot describe true matches, or None if they can.

    True matches nearly always have names that agree or nearly agree: a model in which more
    than 10% of them have completely different names, or fewer than 30% the same folded
    name, or more than 20% birth years over two years apart, has learnt some other split of
    the pairs (namesakes against the rest, one list against another). Such a model once
    scored a 100,000-record world at F1 0.64 without a word.
    """
    by_name = {comparison["output_column_name"]: comparison for comparison in model["comparisons"]}
    # (comparison, level position, label, bound, whether the bound is a maximum)
    checks = (
        ("name", -1, "m of names completely different", NAME_DIFFERENT_MAX, True),
        ("name", 0, "m of the same folded name", NAME_EXACT_MIN, False),
        ("birth", -1, "m of birth years apart", BIRTH_DIFFERENT_MAX, True),
    )
    for name, index, label, bound, is_max in checks:
        comparison = by_name.get(name)
        if comparison is None:
            continue
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        value = float(levels[index].get("m_probability") or 0.0)
        if (value > bound) if is_max else (value < bound):
            return f"{label} = {value:.3f}"
    return None


def _estimate_u(linker: Any, api: Any, labels: pd.DataFrame | None, seed: int) -> dict[str, Any]:
    """The model with u from random pairs (and m from *labels*, if any), levels floored."""
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    if labels is not None and len(labels) > 0:
        linker.training.estimate_m_from_pairwise_labels(api.register(labels))
    model: dict[str, Any] = linker.misc.save_model_to_json()
    _floor_levels(model)
    return model


# Matches EM must count among the pairs of names held by one person for the model read
# there to be used when the model of all pairs is believed: a level holding 1% of one
# person's pairs is then read from a hundred of them or more. The 3,000-people settings hold
# a few thousand true pairs in all (setting 1008: EM counted 593 among its held pairs).
HELD_MATCHES_ENOUGH = 10_000


def _fit(
    model: dict[str, Any], compared: ComparedPairs, features: pd.DataFrame
) -> tuple[dict[str, Any], str | None, float | None]:
    """m by EM over the patterns of the compared pairs of different lists: the model, any
    reason it was not believed (*model*'s m-probabilities are then kept) and, when it is
    believed, how many of all the compared pairs EM counts as matches.

    When the model of all those pairs is not believed, EM is run again on the pairs whose
    two records have names likelier held by one person than by several
    (:func:`held_by_one`), and that model is used if it is believed. Among all blocked
    pairs the namesakes of common names grow with the square of the records and true pairs
    with the records: in the common-name world EM's match class took in namesakes with the
    same name and event, born apart (m of births apart 0.026 at 299,461 records, 0.071 at
    599,748, 0.61 at 991,149, where it was not believed and the defaults were used; true
    pairs have none) and lost the exact birth date (m 0.005, in truth 0.09). Among pairs of
    names held by one person (99,827 records: 3.6% of them true against 1.4% of all) EM
    reads births 0.096 / 0.338 / 0.512 / 0.039 (exact date, same year, years overlap,
    within 2 years) against 0.092 / 0.348 / 0.522 / 0.039 in truth (all pairs: 0.076 /
    0.307 / 0.531 / 0.071). Whether a name is held by one person does not depend on how
    one person's records differ, so m read there is m; matches are then counted as many
    per record as among those records.

    That model is also used, believed or not the one of all pairs, when EM counts at least
    HELD_MATCHES_ENOUGH matches among those pairs. Before the model of all pairs is not
    believed it drifts: at 299,461 records of the common-name world it was believed with
    the exact birth date at m 0.005 and "within 2 years" at 0.129 (in truth 0.09 and 0.04);
    among names held by one, 0.090 and 0.045, and F1 rose 0.9282 to 0.9313 (recall 0.9085
    to 0.9145, precision the same). Trained so at every size, the tuning settings' worst
    fell (1008: 0.9647 to 0.9630; EM counted 593 matches among its held pairs): with few
    pairs the model of all of them is the steadier estimate."""
    gamma, counts = _patterns(compared, model)
    if counts.sum() == 0:
        return model, None, None
    trained, share = _em(model, gamma, counts)
    reason = implausible(trained)
    held = held_by_one(features)
    if held.sum() >= MIN_RECORDS_TO_TRAIN:
        gamma_held, counts_held = _patterns(compared, model, held)
        if counts_held.sum() > 0:
            among_held, share_held = _em(model, gamma_held, counts_held)
            matches = share_held * float(counts_held.sum())
            enough = reason is not None or matches >= HELD_MATCHES_ENOUGH
            if enough and implausible(among_held) is None:
                if reason is not None:
                    logger.warning(
                        "trained linkage model not believed (%s); trained again on the pairs "
                        "of names held by one person",
                        reason,
                    )
                return among_held, None, matches * len(features) / int(held.sum())
    if reason is None:
        return trained, None, share * float(counts.sum())
    logger.warning("trained linkage model not believed (%s); default m used", reason)
    return model, reason, None


def _em(
    model: dict[str, Any], gamma: npt.NDArray[np.int64], counts: npt.NDArray[np.float64]
) -> tuple[dict[str, Any], float]:
    """*model* with m by EM over the patterns *gamma* seen *counts* times, and the share of
    matches EM finds among them."""
    m, share = expectation_maximisation(
        gamma,
        counts,
        _levels(model, "m_probability"),
        fixed=_held_levels(model),
        tied=_tied_levels(model),
    )
    trained = copy.deepcopy(model)
    _set_levels(trained, "m_probability", m)
    return trained, share


# How far u of a name level may be lowered for the matches among the random pairs it was
# counted from (a factor: at most 3 bits more weight).
U_MATCHES_MOST = 8.0


def _name_u_without_matches(model: dict[str, Any], share: float) -> None:
    """u of each name level less the matches among the random pairs it was counted from.

    u is the share of random pairs at a level, and *share* of random pairs are one person,
    m of them at that level: where a level is mostly matches (one part the same and the
    other a slip away held by nobody else: a typo), most of its u was matches, and the
    level was scored as if namesakes were as common there as typos (on 1003, u 3.8e-5
    where the pairs of two people were 1.8e-5; pairs scored 0.1-0.5 were one person in
    three of four). Each u becomes (u - share x m) / (1 - share), at least u /
    U_MATCHES_MOST. Levels scored by how many people hold the name (term frequencies set
    to the chance it is one person) do not read their u.
    """
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] != "name":
            continue
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level") or "u_probability" not in level:
                continue
            u, m = float(level["u_probability"]), float(level["m_probability"])
            level["u_probability"] = max((u - share * m) / (1.0 - share), u / U_MATCHES_MOST)


# The prior from EM may move the assumed one by at most these factors.
PRIOR_RANGE = (1.0, 4.0)


def fitted_prior(assumed: float, matches: float | None, linkable: int) -> float:
    """The prior from EM's count of matching pairs, within PRIOR_RANGE of the assumed one.

    The assumed prior (about n/2 matching pairs) fits people who appear in two lists; where
    six lists name the same people, each is in three or four records and the matching pairs
    are two or three times as many. EM on the blocked pairs counts them; the count is used
    within bounds, so a badly fitted mixture cannot move scores far.
    """
    if matches is None or linkable <= 0:
        return assumed
    low, high = PRIOR_RANGE
    return float(min(0.5, max(assumed * low, min(assumed * high, matches / linkable))))


def _labels_table(labels: pd.DataFrame | None) -> pd.DataFrame | None:
    if labels is None or labels.empty:
        return None
    matched = labels[labels["clerical_match_score"] >= 0.5]
    return matched if len(matched) >= _MIN_TRAINING_RECORDS else None


_NUMERIC = (
    "unique_id",
    "by_lo",
    "by_hi",
    "age_lo",
    "age_hi",
    "ev_first",
    "ev_last",
    "sn_alone",
    "gn_alone",
)


def _typed(features: pd.DataFrame) -> pd.DataFrame:
    """Text columns as strings even when all empty (the database would guess a number)."""
    text = [
        column
        for column in features.columns
        if column not in _NUMERIC and not column.startswith(("bk_", "nm_"))
    ]
    return features.astype({column: "string" for column in text})


def score_pairs(
    features: pd.DataFrame,
    extra_columns: tuple[str, ...] = (),
    block_on: tuple[str, ...] = (),
    backend: Backend = "duckdb",
    labels: pd.DataFrame | None = None,
    keep_above: float = 0.01,
    seed: int = 0,
    within_source: bool = True,
    near_misses_below: float | None = None,
) -> ModelRun:
    """Train the model on *features* and score every blocked pair above *keep_above*.

    The pairs are blocked and compared in the database once; EM counts their patterns and
    they are scored from the same arrays (:class:`ComparedPairs`). With
    *near_misses_below*, records whose best scored pair is below it are searched for
    near-misses outside the blocking (:func:`near_miss_keys`), scored by the same model."""
    # Splink's training chatter (levels not observed, sampling notes) is not for caseworkers.
    logging.getLogger("splink").setLevel(logging.ERROR)
    records = len(features)
    prior = prior_match_probability(features)
    trained = records >= MIN_RECORDS_TO_TRAIN
    fallback: str | None = None
    cpu: dict[str, float] = {}
    # DuckDB is given the blocked pairs from the keys in memory (:func:`blocked_slices`) and
    # compares only the other columns, so its table holds no key: with them, the ~60 key
    # columns (9 bytes a record each) were held again in this typed copy and in the
    # database (docs/benchmarks/linkage.md, sixteenth pass, linkrecall8). Spark blocks by
    # them itself.
    typed = _typed(
        features.drop(columns=key_columns(features)) if backend == "duckdb" else features
    )

    def settings() -> Any:
        return _settings(features, extra_columns, block_on, prior, within_source)

    with backend_api(backend) as api:
        table = api.register(typed)
        linker = _linker(table, settings())
        at = time.process_time()
        if trained and backend == "duckdb":
            model = _estimate_u(linker, api, _labels_table(labels), seed)
        elif trained:
            # Splink draws the random pairs for u with the database's own random numbers,
            # so Spark estimated a u of its own (1,141 records: 760 clusters against
            # DuckDB's 762). u is estimated in DuckDB whatever the backend, and its numbers
            # are put into the model as this backend writes it.
            with backend_api("duckdb") as duck:
                in_duckdb = _linker(duck.register(typed), settings())
                estimated = _estimate_u(in_duckdb, duck, _labels_table(labels), seed)
            model = _with_parameters(linker.misc.save_model_to_json(), estimated)
        else:
            model = linker.misc.save_model_to_json()
        cpu["u_sampling"] = time.process_time() - at
        at = time.process_time()
        # DuckDB is given the blocked pairs (:func:`blocked_slices`); Spark blocks them itself
        # (the equality test of the two backends holds the pairs the same).
        listed = None
        if backend == "duckdb":
            extra = [extra_feature(name) for name in block_on]
            listed = (api, partial(blocked_slices, features, extra, within_source))
        compared = _compare(
            linker, table, model, _compared_columns(features), records, blocked=listed
        )
        del listed
        cpu["comparing"] = time.process_time() - at
    at = time.process_time()
    if trained:
        model, fallback, matches = _fit(model, compared, features)
        linkable = linkable_pairs(features)
        prior = fitted_prior(prior, matches, linkable)
        _name_u_without_matches(model, prior * linkable / max(records * (records - 1) / 2, 1))
    model["probability_two_random_records_match"] = prior
    _floor_levels(model)
    _full_dates(model, features)
    cpu["training"] = time.process_time() - at
    at = time.process_time()
    pairs = _score(compared, model, features, keep_above)
    cpu["scoring"] = time.process_time() - at
    near: ScoredPairs | None = None
    if near_misses_below is not None and records <= NEAR_MISS_MOST_RECORDS:
        at = time.process_time()
        with backend_api(backend) as api:
            near = _near_misses(api, features, model, pairs, near_misses_below, within_source)
        cpu["near_misses"] = time.process_time() - at
    parameters = {"trained": trained and fallback is None, **_parameters(model)}
    if fallback is not None:
        parameters["not_believed"] = fallback
        parameters["warning"] = Message(
            N_(
                "the trained linkage model was not believed ({reason}); the documented "
                "default parameters were used instead"
            ),
            reason=fallback,
        )
    return ModelRun(pairs, len(compared.left), parameters, cpu, near)


# Records per window of the sorted neighbourhoods the near-miss search uses, and the most
# records it is run on (above, the review file holds thousands of pairs from the blocking
# alone, and the search would add a pass over the data to every run).
NEAR_MISS_WINDOW = 6
NEAR_MISS_MOST_RECORDS = 150_000
# Near-misses scoring below this are not kept (a reviewer would be shown non-matches).
NEAR_MISS_FLOOR = 0.001


def near_miss_keys(features: pd.DataFrame, lonely: npt.NDArray[np.bool_]) -> pd.DataFrame:
    """Keys of a looser candidate search than the blocking: sorted neighbourhoods.

    The folded names (surname and given name as the parser read them, and the same text
    reversed, so that a typo in the first letters still sorts a record next to its match)
    are sorted and cut into windows of NEAR_MISS_WINDOW records, twice, offset by half a
    window: two records near each other in either order share a window. Only pairs with a
    *lonely* record (one left with no likely link) are asked for (``nm_lonely``).
    """
    name = features["sn"].fillna("").astype(str) + " " + features["gn"].fillna("").astype(str)
    name = name.str.strip()
    has = (name != "").to_numpy()
    columns: dict[str, Any] = {}
    for label, text in (("fwd", name), ("rev", name.map(lambda value: value[::-1]))):
        order = np.lexsort((np.arange(len(text)), text.to_numpy(dtype=str)))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        for half, offset in (("a", 0), ("b", NEAR_MISS_WINDOW // 2)):
            window = ((rank + offset) // NEAR_MISS_WINDOW).astype(np.float64)
            columns[f"nm_{label}_{half}"] = pd.Series(
                np.where(has, window, np.nan), index=features.index
            ).astype("Int64")
    columns["nm_lonely"] = pd.Series(lonely.astype(np.int64), index=features.index)
    return pd.DataFrame(columns, index=features.index)


def _near_misses(
    api: Any,
    features: pd.DataFrame,
    model: dict[str, Any],
    pairs: ScoredPairs,
    below: float,
    within_source: bool,
) -> ScoredPairs:
    """Compare and score the near-miss candidates of the records whose best pair is below
    *below*, with the trained *model* (pairs any blocking key proposes are left out)."""
    best = np.zeros(len(features))
    np.maximum.at(best, pairs.left, pairs.probability)
    np.maximum.at(best, pairs.right, pairs.probability)
    lonely = best < below
    empty = np.zeros(0, dtype=np.int64)
    if not lonely.any():
        return ScoredPairs(empty, empty.copy(), np.zeros(0), np.zeros(0))
    keys = near_miss_keys(features, lonely)
    table = api.register(_typed(pd.concat([features, keys], axis=1)))
    # Built from the feature table's own column names: no user text.
    blocked = " or ".join(
        f"coalesce(l.{column} = r.{column}, false)" for column in key_columns(features)
    )
    hard = SEX_RULE if within_source else HARD_RULES
    searched = copy.deepcopy(model)
    searched["blocking_rules_to_generate_predictions"] = [
        {
            "blocking_rule": f"(l.{column} = r.{column}) and (l.nm_lonely = 1 or r.nm_lonely = 1)"
            f" and not ({blocked}) and {hard}",
            "sql_dialect": model.get("sql_dialect", "duckdb"),
        }
        for column in keys.columns
        if column != "nm_lonely"
    ]
    linker = _linker(table, searched)
    compared = _compare(linker, table, model, _compared_columns(features), len(features))
    return _score(compared, model, features, NEAR_MISS_FLOOR)


def _with_parameters(written: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    """*written* (the model's comparisons as one backend writes their SQL) with the prior
    and every level's m and u of *model* (estimated in another): the same numbers, not
    estimated again."""
    scored = copy.deepcopy(written)
    scored["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    for key in ("m_probability", "u_probability"):
        _set_levels(scored, key, _levels(model, key))
    return scored


# How sure an exact name alone may make the model, either way (see name_frequencies). At
# most odds of 49: birth years far apart (m/u about 1/80 by default) or another patronymic
# (1/30) still outweigh a name nobody else is seen with, as they did before; with no records
# to read namesakes from (a handful of rows) the name would otherwise decide alone.
SAME_PERSON_BOUNDS = (1e-4, 0.98)


def name_frequencies(
    features: pd.DataFrame,
    prior: float,
    exact_m: float,
    key: str = "name_key",
    given_part: str = "gn",
) -> pd.DataFrame:
    """Term frequencies of the folded full names that make an exact name alone score the
    chance that two records with it are one person (:func:`same_person_chance`).

    Splink scores an exact name m / tf and adds the prior: with tf = prior odds x m x
    (1 - q) / q, a pair agreeing on the name and on nothing else scores q, whatever the
    number of records; birth, place, patronymic and event then move it as before. The
    frequency of a name among records scored a name held by one person named by four lists
    as if four people held it, and a list's duplicate as a second person: such pairs sat
    under the threshold while exact namesakes sat above it. With *key* ``sgi`` and
    *given_part* ``gi``, the same for a surname and an initial (one side has no given name).
    """
    chance = same_person_chance(features, key, given_part)
    if chance.empty:
        return pd.DataFrame({key: [], f"tf_{key}": []})
    q = np.clip(chance.to_numpy(dtype=np.float64), *SAME_PERSON_BOUNDS)
    odds = prior / (1.0 - prior)
    tf = odds * exact_m * (1.0 - q) / q
    return pd.DataFrame({key: chance.index.astype(str), f"tf_{key}": tf})


# The columns whose agreement is scored by how many people hold the value, with the column
# of the given name's part each is built with: the full name, and the surname with the
# initial (Isaev M. and Isaev Magomed, scored as a flat level before).
FREQUENCY_KEYS = {"name_key": "gn", "sgi": "gi"}
# The name parts whose agreement adjusts a level by how many people hold the part, as
# Splink adjusts a fuzzy level: relative to the u of the part's own exact level.
PART_KEYS = ("sn", "gn")
# Columns whose exact agreement is scored by the share of records that hold the value, as
# Splink's own term frequencies are (the place).
VALUE_KEYS = ("place_code",)


def value_frequencies(features: pd.DataFrame, column: str, least: float) -> pd.DataFrame:
    """Each value of *column* with the share of the records holding a value that hold it;
    none when fewer than 1 / *least* records hold one. With fewer, one record's share is
    above the least frequency a value may count as, so the table cannot tell a rare value
    from a common one: two records that both name a village give it a share of 1, and the
    same village would score as if every victim were from it (issue 12, thirteenth pass)."""
    counts = features[column].dropna().value_counts(sort=False)
    total = int(counts.sum())
    if least > 0 and total < 1.0 / least:
        counts = counts.iloc[:0]
    shares = counts.to_numpy(dtype=np.float64) / max(total, 1)
    return pd.DataFrame({column: counts.index.astype(str), f"tf_{column}": shares})


def most_frequency(comparison: dict[str, Any], k: int, power: float) -> float:
    """The largest frequency a value may count as at level *k* (0-based, the null level left
    out) of *comparison*: the one at which the level's adjusted weight equals the highest
    weight of the levels beneath it. The same place, however many records name it, never
    scores below a place inside the other or a near spelling of it: the levels beneath are
    weaker evidence of the same thing, and scored as their own average."""
    weights = _level_weights({"comparisons": [comparison]})[0][1:]
    below = float(weights[k + 1 :].max()) if k + 1 < len(weights) else -math.inf
    if power <= 0 or not math.isfinite(below):
        return math.inf
    levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
    log_u = math.log2(max(float(levels[k]["u_probability"]), 1e-300))
    return float(2.0 ** (log_u + (float(weights[k]) - below) / power))


def part_frequencies(features: pd.DataFrame, part: str) -> pd.DataFrame:
    """Each value of the name *part* (``sn``, ``gn``) with the share of the distinct full
    names that hold it: how many people hold it, not how many records (one person named by
    five lists is one holder of the surname, not five)."""
    names = features[[part, "name_key"]].dropna().drop_duplicates()
    counts = names[part].value_counts(sort=False)
    shares = counts.to_numpy(dtype=np.float64) / max(len(names), 1)
    return pd.DataFrame({part: counts.index.astype(str), f"tf_{part}": shares})


def _exact_u(comparison: dict[str, Any], column: str) -> float:
    """u of the level of *comparison* that is an exact match on *column* alone (the level
    Splink adjusts a fuzzy level's term frequency against)."""
    return float(_exact_level(comparison, column)["u_probability"])


def _exact_level(comparison: dict[str, Any], column: str) -> dict[str, Any]:
    """The level of *comparison* that is an exact match on *column* alone."""
    exact = re.compile(rf'^[`"]?{column}_l[`"]?\s*=\s*[`"]?{column}_r[`"]?$')
    for level in comparison["comparison_levels"]:
        if exact.match(level["sql_condition"].strip()):
            found: dict[str, Any] = level
            return found
    raise ValueError(f"no exact level on {column}")


def chunks_for(records: int) -> int:
    """How many slices of left-hand records a pass over the blocked pairs is cut into."""
    return max(1, -(-records // RECORDS_PER_CHUNK))


# Pairs scored at a time (bounds the temporary arrays of a million records' pairs).
_SCORED_AT_ONCE = 4_000_000


def _level_weights(model: dict[str, Any]) -> list[npt.NDArray[np.float64]]:
    """Each comparison's match weight by pattern digit: 0 for a missing value, then
    log2(m / u) of each level, as Splink computes it (both clamped at 1e-300)."""
    weights = []
    for comparison in model["comparisons"]:
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        found = [0.0]
        for level in levels:
            m = max(float(level["m_probability"]), 1e-300)
            u = max(float(level["u_probability"]), 1e-300)
            found.append(math.log2(m / u))
        weights.append(np.array(found, dtype=np.float64))
    return weights


def _frequency_levels(
    model: dict[str, Any], features: pd.DataFrame
) -> dict[int, list[tuple[int, float, float, float, float, npt.NDArray[np.float64]]]]:
    """Levels with a term-frequency adjustment, by comparison (one comparison may have
    several): (level digit, adjustment weight, log2 of the level's u, least and largest
    frequency a value counts as, frequency of each record's value)."""
    found: dict[int, list[tuple[int, float, float, float, float, npt.NDArray[np.float64]]]] = {}
    for position, comparison in enumerate(model["comparisons"]):
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        for k, level in enumerate(levels):
            column = level.get("tf_adjustment_column")
            if not column:
                continue
            power = float(level.get("tf_adjustment_weight", 1.0))
            least = float(level.get("tf_minimum_u_value", 0.0))
            most = math.inf
            if column in FREQUENCY_KEYS:
                prior = float(model["probability_two_random_records_match"])
                table = name_frequencies(
                    features, prior, float(level["m_probability"]), column, FREQUENCY_KEYS[column]
                )
                log_u = math.log2(float(level["u_probability"]))
            elif column in PART_KEYS:
                table = part_frequencies(features, column)
                log_u = math.log2(_exact_u(comparison, column))
            elif column in VALUE_KEYS:
                table = value_frequencies(features, column, least)
                log_u = math.log2(float(level["u_probability"]))
                most = most_frequency(comparison, k, power)
            else:
                raise ValueError(f"no term frequencies for {column}")
            lookup = pd.Series(table[f"tf_{column}"].to_numpy(), index=table[column])
            per_record = features[column].map(lookup).to_numpy(dtype=np.float64)
            found.setdefault(position, []).append((k + 1, power, log_u, least, most, per_record))
    return found


def _score(
    compared: ComparedPairs, model: dict[str, Any], features: pd.DataFrame, keep_above: float
) -> ScoredPairs:
    """Every compared pair's match weight and probability, as Splink's prediction computes
    them from the same model (the prior's weight, then each comparison's weight and its
    term-frequency adjustment, in order); the pairs at least *keep_above* probable, listed
    by their records. Only they are held: the table of every scored pair was the largest
    thing in memory (a million records: 68 million rows, 8.4 GiB peak)."""
    sizes = _sizes(model)
    strides = _strides(sizes)
    prior = float(model["probability_two_random_records_match"])
    base = math.log2(prior / (1.0 - prior))
    weights = _level_weights(model)
    frequencies = _frequency_levels(model, features)
    kept: list[tuple[npt.NDArray[Any], ...]] = []
    for start in range(0, len(compared.code), _SCORED_AT_ONCE):
        stop = start + _SCORED_AT_ONCE
        code = compared.code[start:stop]
        left, right = compared.left[start:stop], compared.right[start:stop]
        weight = np.full(len(code), base)
        for position, (size, stride) in enumerate(zip(sizes, strides, strict=True)):
            digit = (code // stride) % (size + 1)
            weight += weights[position][digit]
            for level, power, log_u, least, most, per_record in frequencies.get(position, []):
                at = np.flatnonzero(digit == level)
                tf = np.fmax(per_record[left[at]], per_record[right[at]])
                adjustment = power * (log_u - np.log2(np.fmin(np.fmax(tf, least), most)))
                weight[at] += np.where(np.isnan(tf), 0.0, adjustment)
        small = np.exp2(-np.abs(weight))
        probability = np.where(weight >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
        keep = probability >= keep_above
        kept.append((left[keep], right[keep], probability[keep], weight[keep], code[keep]))
    left = np.concatenate([part[0] for part in kept] or [np.zeros(0, np.int32)])
    right = np.concatenate([part[1] for part in kept] or [np.zeros(0, np.int32)])
    codes = np.concatenate([part[4] for part in kept] or [np.zeros(0, np.int64)])
    order = np.lexsort((right, left))
    return ScoredPairs(
        left=left[order].astype(np.int64),
        right=right[order].astype(np.int64),
        probability=np.concatenate([part[2] for part in kept] or [np.zeros(0)])[order],
        weight=np.concatenate([part[3] for part in kept] or [np.zeros(0)])[order],
        pattern=codes[order].astype(np.int64),
    )


def _parameters(model: dict[str, Any]) -> dict[str, Any]:
    """The trained parameters in a JSON-friendly, human-readable form."""
    return {
        "probability_two_random_records_match": model["probability_two_random_records_match"],
        "comparisons": [
            {
                "name": comparison["output_column_name"],
                "levels": [
                    {
                        "level": level.get("label_for_charts", ""),
                        "m_probability": level.get("m_probability"),
                        "u_probability": level.get("u_probability"),
                    }
                    for level in comparison["comparison_levels"]
                    if not level.get("is_null_level")
                ],
            }
            for comparison in model["comparisons"]
        ],
    }
