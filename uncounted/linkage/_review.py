"""Clerical review: the pairs that matter out to people, their decisions back in as constraints.

A decisions file has columns source_l, record_id_l, source_r, record_id_r, decision
(``match`` or ``non-match``; left empty for a pair not decided yet, so a partly decided file
is accepted as it is). Decisions are always respected by the clustering: a forced non-match
never ends in one cluster, a forced match always does.

Which pairs are offered: those whose decision would change the clustering most. A pair
whose records are in two clusters would, if a match, join every record of one to every
record of the other; a pair inside one cluster would, if a non-match, split it. Each is
weighed by the chance the decision goes that way (the model's probability, or one minus
it) times the record pairs it would change, so an uncertain pair that joins two big
clusters comes before one that confirms what the clustering already says; birth years
more than a year apart, a list both clusters hold, two clusters whose given names differ,
two records of a list that shows no duplicates, or a likelier partner elsewhere make a
join less likely. One pair is offered per change (per pair of clusters, or per cluster).
Pairs already decided are never offered again, nor pairs the decisions answer by
transitivity (a = b and b = c: a = c; a = b and b != c: a != c), nor pairs between two
clusters a decided non-match keeps apart. The file shows, per field, whether the two records agree,
and the cluster each record is in; written with :func:`write_review` it starts with a UTF-8
byte-order mark so that spreadsheet programs show Cyrillic correctly.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.errors import InputError
from uncounted.model import PERSON_COLUMNS

DECISION_COLUMNS = ("source_l", "record_id_l", "source_r", "record_id_r", "decision")
_SIDE_BY_SIDE = PERSON_COLUMNS


class DecisionsError(InputError):
    """Raised when a decisions file is malformed or names a record that is not in the input."""


@dataclass(frozen=True)
class Decision:
    """One reviewer's verdict on one pair of records, identified by source and record id."""

    left: tuple[str, str]
    right: tuple[str, str]
    match: bool


@dataclass(frozen=True)
class Decisions:
    """All reviewers' verdicts, in file order."""

    items: tuple[Decision, ...]

    def labels(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Labelled pairs in Splink's form (record positions and a 0/1 clerical score)."""
        index = _position_index(frame)
        rows = [
            (index[item.left], index[item.right], 1.0 if item.match else 0.0)
            for item in self.items
            if item.left in index and item.right in index
        ]
        return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "clerical_match_score"])


def read_decisions(path: Path) -> Decisions:
    """Read a decisions CSV, refusing unknown decisions and missing columns (row named)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise DecisionsError(f"{path.name}: cannot be read as a UTF-8 CSV file") from None
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [column for column in DECISION_COLUMNS if column not in frame.columns]
    if missing:
        raise DecisionsError(f"{path.name}: missing column {', '.join(missing)}")
    items: list[Decision] = []
    for position, row in enumerate(frame.itertuples(index=False), start=2):
        verdict = str(row.decision).strip().lower().replace("_", "-")
        if not verdict:
            continue  # not decided yet: a partly decided file is accepted
        if verdict not in ("match", "non-match"):
            raise DecisionsError(
                f"{path.name}: row {position}, field decision: use 'match' or 'non-match'"
            )
        left = (str(row.source_l), str(row.record_id_l))
        right = (str(row.source_r), str(row.record_id_r))
        items.append(Decision(left, right, verdict == "match"))
    return Decisions(tuple(items))


def _position_index(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    keys = zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True)
    return {key: position for position, key in enumerate(keys)}


def positions_of(
    frame: pd.DataFrame, decisions: Decisions
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Must-link and cannot-link record positions; a decision on an unknown record is an error."""
    index = _position_index(frame)
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for number, item in enumerate(decisions.items, start=2):
        if item.left not in index or item.right not in index:
            raise DecisionsError(
                f"decisions file: row {number} names a source and record_id not in the records"
            )
        pair = (index[item.left], index[item.right])
        (must if item.match else cannot).append(pair)
    return must, cannot


def _agreement(left: object, right: object) -> str:
    """'same', 'different' or 'missing' for two raw field values (case and spaces ignored)."""
    a, b = str(left or "").strip(), str(right or "").strip()
    if a in ("", "<NA>", "nan") or b in ("", "<NA>", "nan"):
        return "missing"
    return "same" if a.casefold() == b.casefold() else "different"


def _date_agreement(left: object, right: object) -> str:
    """As :func:`_agreement`, and 'partly' where one date is the other read less precisely
    (``1983`` beside ``1983-04-12``): a reviewer must not read a year a list knew and a full
    date another knew as dates that disagree."""
    judged = _agreement(left, right)
    if judged != "different":
        return judged
    a, b = sorted((str(left).strip(), str(right).strip()), key=len)
    return "partly" if b.startswith(a + "-") else "different"


def _name_agreement(left: object, right: object) -> str:
    from uncounted.linkage._names import parse_name

    a, b = str(left or "").strip(), str(right or "").strip()
    if not a or not b:
        return "missing"
    keys_a, keys_b = parse_name(a), parse_name(b)
    if (keys_a.surname, keys_a.given) == (keys_b.surname, keys_b.given):
        return "same"
    if keys_a.surname == keys_b.surname or keys_a.given == keys_b.given:
        return "partly"
    return "different"


def _conflicts(
    clusters: npt.NDArray[np.int64],
    sources: npt.NDArray[np.object_],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """Whether the two records' clusters each hold a record of one same list.

    The list of a pair of one list (a possible duplicate inside it) does not count: both
    clusters hold it by the pair's own records (such pairs kept apart scored below the
    duplicates' threshold; they lost to nothing).
    """
    held: dict[int, set[object]] = {}
    for cluster_id, source in zip(clusters.tolist(), sources.tolist(), strict=True):
        held.setdefault(cluster_id, set()).add(source)
    a, b = clusters[left].tolist(), clusters[right].tolist()
    own = [{x} if x == y else set() for x, y in zip(sources[left], sources[right], strict=True)]
    return np.array(
        [x != y and bool((held[x] & held[y]) - mine) for x, y, mine in zip(a, b, own, strict=True)],
        dtype=bool,
    )


def _impact(
    clusters: npt.NDArray[np.int64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    probability: npt.NDArray[np.float64],
    kept_apart: dict[str, npt.NDArray[np.bool_]],
) -> npt.NDArray[np.float64]:
    """Expected record pairs a decision on each pair would put right.

    A pair kept apart is wrong with the model's probability, a pair kept together with the
    chance of :func:`_split_chance`; the decision then puts right every record pair of the
    two clusters it joins, or the pairs of the one it splits. A pair kept apart is more or
    less likely a match than its own probability says when something the score does not
    weigh bears on it: each of *kept_apart* (``conflict``, ``names``, ``same list``,
    ``outbid``, ``born apart``; see DISCOUNTS) multiplies its chance.
    """
    sizes = np.bincount(clusters)
    a, b = clusters[left], clusters[right]
    apart = a != b
    joined = sizes[a] * sizes[b]
    split = np.maximum(sizes[a] - 1, 1)
    chance = probability.copy()
    for reason, found in kept_apart.items():
        chance = np.where(apart & found, chance * DISCOUNTS[reason], chance)
    chance = np.minimum(chance, 1.0)
    inside = _split_chance(probability, kept_apart["born apart"], sizes[a] == 2)
    return np.where(apart, chance * joined, inside * split)


# How much likelier or less likely a pair kept apart is a match (a factor on its
# probability) when:
# - "conflict": each cluster already holds a record of one list (the records it lost to
#   scored higher);
# - "names": the two clusters' full given names are all different (the clustering refuses
#   such a merge; spellings of one name are one name);
# - "same list": the two records are of one list that shows no duplicates (see
#   _same_list);
# - "outbid": one of the clusters has a more probable open pair with a third cluster;
# - "born apart": their birth years are more than a year apart (the model weighs that
#   little, as typos and shifted dates are common).
# Measured on the pairs offered on tuning settings 1000, 1001, 1004, 1008, 1012 before any
# decision (code of 25c68c9): pairs a perfect reviewer called one person against the sum
# of their probabilities: given names apart 1 against 64.6 expected, list conflicts 1
# against 34.7, outbid 8 against 8.6, birth years apart 0 against 2.3, pairs with none of
# these 67 against 50.9 (docs/benchmarks/linkage.md, issue 12 sixth pass). Conflicts or
# given names at 0.1, or no outbid discount, moved the tuning median and worst after
# review by 0.0012 or less. A pair with an initial only was multiplied by 1.5 (the model
# underrated it: 53 one person against 23.2 expected on 1000-1012 and 7013); on the code of
# 2026-12-06 1.0 did better after review on 1008, 7013, 7016 and 11010, as well on 7009,
# 9015, 9027 and 13001, worse on 7023 (-0.0007): no longer (docs/benchmarks/linkage.md,
# eighth pass, linkslips).
DISCOUNTS = {
    "conflict": 0.02,
    "names": 0.02,
    "same list": 0.05,
    "outbid": 0.5,
    "born apart": 0.1,
}


# How much less likely a pair inside a cluster of three or more records is two people than
# its own score says (a factor on the odds): the clustering holds it by stronger links
# through the cluster's other records, so a low score is mostly two spellings that the
# others bridge. Measured on tuning settings 1000-1008 (a cluster of three or more records
# whose weakest pair scores p held two people with odds about 0.04 times (1 - p) / p: 81%
# below 0.02, 55% at 0.02-0.1, 7% at 0.1-0.5, 1% above). A cluster of two records has no
# other record to hold it: see _split_chance.
INSIDE_ODDS = 0.04
# A pair inside a cluster below this is read at this score (an unscored pair: never
# proposed by any key, or scored below what linkage keeps).
_UNSCORED = 0.001


def _split_chance(
    probability: npt.NDArray[np.float64],
    born_apart: npt.NDArray[np.bool_],
    alone: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """The chance a pair inside a cluster is two people (see INSIDE_ODDS); birth years
    more than a year apart make it likelier by the inverse of their discount (DISCOUNTS).

    A pair *alone* in its cluster (a cluster of two records) is the cluster's only link,
    so nothing but its own score holds it: its chance is one minus the score, not
    INSIDE_ODDS's. In a list of names and nothing else, the exact namesakes with a side
    undated that the clustering joined at 0.6-0.85 are such clusters; read with
    INSIDE_ODDS they waited behind every pair kept apart (at 0.7, a chance of 0.017 against
    0.3 for a pair kept apart at 0.3), and a perfect reviewer's 2% budget never reached one
    on 16 tuning settings; read so, 56 of them did on 7 of the settings, 19 of them two
    people (issue 12, seventeenth pass, docs/benchmarks/linkage.md)."""
    score = np.clip(probability, _UNSCORED, 1.0 - 1e-9)
    odds = (1.0 - score) / score * np.where(alone, 1.0, INSIDE_ODDS)
    odds = np.where(born_apart, odds / DISCOUNTS["born apart"], odds)
    return odds / (1.0 + odds)


def _birth_year(records: pd.DataFrame) -> npt.NDArray[np.int64]:
    """Each record's birth year (0 when unknown), from the first four digits of its date."""
    if "birth_date" not in records.columns:
        return np.zeros(len(records), dtype=np.int64)
    text = records["birth_date"].astype(str).str.slice(0, 4)
    return np.where(text.str.fullmatch(r"\d{4}"), pd.to_numeric(text, errors="coerce"), 0).astype(
        np.int64
    )


def _born_apart(
    clusters: npt.NDArray[np.int64],
    years: npt.NDArray[np.int64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """Whether the birth years of each pair's sides are all more than a year apart.

    A pair inside one cluster is judged on its two records; a pair across two clusters on
    the years their records know (a cluster's record without a birth date does not hide
    its other records' years).
    """
    known = years > 0
    count = int(clusters.max()) + 1 if len(clusters) else 0
    low = np.full(count, np.iinfo(np.int64).max)
    high = np.full(count, np.iinfo(np.int64).min)
    np.minimum.at(low, clusters[known], years[known])
    np.maximum.at(high, clusters[known], years[known])
    a, b = clusters[left], clusters[right]
    has = (high[a] >= low[a]) & (high[b] >= low[b])
    across = has & ((high[a] < low[b] - 1) | (high[b] < low[a] - 1))
    ya, yb = years[left], years[right]
    inside = (ya > 0) & (yb > 0) & (np.abs(ya - yb) > 1)
    return np.where(a != b, across, inside)


def _outbid(
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    probability: npt.NDArray[np.float64],
    open_pair: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Whether a cluster of each pair has a more probable open pair with another cluster."""
    best: dict[int, float] = {}
    chances = probability[open_pair].tolist()
    for x, y, chance in zip(a[open_pair].tolist(), b[open_pair].tolist(), chances, strict=True):
        best[x] = max(best.get(x, 0.0), chance)
        best[y] = max(best.get(y, 0.0), chance)
    return np.array(
        [
            bool(is_open) and (best.get(x, 0.0) > p or best.get(y, 0.0) > p)
            for x, y, p, is_open in zip(
                a.tolist(), b.tolist(), probability.tolist(), open_pair.tolist(), strict=True
            )
        ],
        dtype=bool,
    )


def _kept_apart(
    records: pd.DataFrame,
    clusters: npt.NDArray[np.int64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    probability: npt.NDArray[np.float64],
    given_names: npt.NDArray[np.int64] | None,
    duplicated: Collection[str] | None,
) -> dict[str, npt.NDArray[np.bool_]]:
    """Per pair, each reason of DISCOUNTS that bears on joining its two clusters."""
    sources = records["source"].to_numpy(dtype=object)
    conflict = _conflicts(clusters, sources, left, right)
    a, b = clusters[left], clusters[right]
    none = np.zeros(len(left), dtype=bool)
    names = _names_apart(clusters, given_names, a, b) if given_names is not None else none
    return {
        "conflict": conflict,
        "names": names & ~conflict,
        "same list": _same_list(sources, left, right, duplicated),
        "outbid": _outbid(a, b, probability, (a != b) & ~conflict & ~names),
        "born apart": _born_apart(clusters, _birth_year(records), left, right),
    }


def _same_list(
    sources: npt.NDArray[np.object_],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    duplicated: Collection[str] | None,
) -> npt.NDArray[np.bool_]:
    """Whether each pair is of one list that shows no duplicates: not among *duplicated*
    (the clustering's answer, ``LinkResult.lists_with_duplicates``; ``None``: not known,
    no pair counts). On settings 1000, 1001, 1004, 1008, 1012 and 7013 (before any
    decision, no other reason against them) pairs of one list kept apart were one person
    as often as their scores said in lists that show duplicates (28 of 172 against 29.0
    expected), in the other lists 0 of 161 against 28.4."""
    if duplicated is None:
        return np.zeros(len(left), dtype=bool)
    shown = np.isin(sources[left].astype(str), list(duplicated))
    return np.asarray((sources[left] == sources[right]) & ~shown, dtype=bool)


def _names_apart(
    clusters: npt.NDArray[np.int64],
    given: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """Whether clusters *a* and *b* each know a full given name and share none."""
    held: dict[int, set[int]] = {}
    for cluster_id, name in zip(clusters.tolist(), given.tolist(), strict=True):
        if name >= 0:
            held.setdefault(cluster_id, set()).add(name)
    return np.array(
        [
            x != y and x in held and y in held and not held[x] & held[y]
            for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ],
        dtype=bool,
    )


def _one_per_change(
    clusters: npt.NDArray[np.int64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    order: npt.NDArray[np.int64],
    answered: set[tuple[int, int]],
) -> npt.NDArray[np.int64]:
    """The pairs of *order* (best first) that ask for a change no earlier pair asks for,
    nor a decision already *answered* (a decided pair between the same two clusters).

    One decision per change is enough: a "match" on any pair joins its two clusters whole,
    and a "non-match" on a pair inside a cluster keeps its two records apart however the
    rest is linked; a second pair between the same two clusters (or inside the same
    cluster) would spend the reviewer's time on the same question.
    """
    asked = set(answered)
    kept: list[int] = []
    for index in order.tolist():
        x, y = int(clusters[left[index]]), int(clusters[right[index]])
        change = (min(x, y), max(x, y))
        if change not in asked:
            asked.add(change)
            kept.append(index)
    return np.array(kept, dtype=np.int64)


def _implied(decided: Decisions) -> Callable[[tuple[str, str], tuple[str, str]], bool]:
    """Whether the decisions already answer a pair, decided itself or by transitivity:
    two records that "match" chains join (a = b, b = c: a = c), or two whose chains a
    "non-match" keeps apart (a = b, b != c: a != c). A reviewer is never asked either."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(key: tuple[str, str]) -> tuple[str, str]:
        root = key
        while parent.get(root, root) != root:
            root = parent[root]
        parent[key] = root
        return root

    for item in decided.items:
        if item.match:
            parent[find(item.left)] = find(item.right)
    apart = {
        frozenset((find(item.left), find(item.right))) for item in decided.items if not item.match
    }

    def settled(left: tuple[str, str], right: tuple[str, str]) -> bool:
        x, y = find(left), find(right)
        return x == y or frozenset((x, y)) in apart

    return settled


def _answered(
    records: pd.DataFrame, clusters: npt.NDArray[np.int64], decided: Decisions | None
) -> set[tuple[int, int]]:
    """The (cluster, cluster) changes a decision has already answered: a non-match between
    two clusters keeps them apart whatever other pair joins them."""
    if decided is None or not decided.items:
        return set()
    index = _position_index(records)
    found: set[tuple[int, int]] = set()
    for item in decided.items:
        if item.left in index and item.right in index:
            x, y = int(clusters[index[item.left]]), int(clusters[index[item.right]])
            if x != y:  # a match joined them: whether the cluster is sound is still open
                found.add((min(x, y), max(x, y)))
    return found


# Clusters bigger than this are not searched for weak pairs inside (the pairs grow as the
# square of the size; a person named in that many records is not a review question).
_LARGEST_SEARCHED = 40


def _weak_inside(
    records: pd.DataFrame, pairs: pd.DataFrame, clusters: npt.NDArray[np.int64], low: float
) -> pd.DataFrame:
    """Pairs of records in one cluster of three or more that score below *low*, or were
    never scored (probability 0): the clustering joined them through other records.

    A cluster of three or more records whose weakest pair scores below 0.02 held two
    people 81% of the time on tuning settings 1000-1008 (one record bridged two others
    that nothing else links); such pairs are below the review band, so without this
    they were never offered.
    """
    sizes = np.bincount(clusters) if len(clusters) else np.zeros(0, dtype=np.int64)
    held = (sizes[clusters] >= 3) & (sizes[clusters] <= _LARGEST_SEARCHED)
    members = pd.DataFrame(
        {"cluster": clusters[held], "position": np.flatnonzero(held).astype(np.int64)}
    )
    both = members.merge(members, on="cluster", suffixes=("_l", "_r"))
    both = both[both["position_l"] < both["position_r"]]
    left = both["position_l"].to_numpy(dtype=np.int64)
    right = both["position_r"].to_numpy(dtype=np.int64)
    low_side = np.minimum(pairs["left"].to_numpy(), pairs["right"].to_numpy())
    high_side = np.maximum(pairs["left"].to_numpy(), pairs["right"].to_numpy())
    scored = dict(
        zip(
            zip(low_side.tolist(), high_side.tolist(), strict=True),
            pairs["match_probability"].tolist(),
            strict=True,
        )
    )
    probability = np.array(
        [scored.get(key, 0.0) for key in zip(left.tolist(), right.tolist(), strict=True)],
        dtype=np.float64,
    )
    weak = probability < low
    left, right = left[weak], right[weak]
    sources = records["source"].to_numpy(dtype=object)
    ids = records["record_id"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "left": left,
            "right": right,
            "source_l": sources[left],
            "record_id_l": ids[left],
            "source_r": sources[right],
            "record_id_r": ids[right],
            "match_probability": probability[weak],
        }
    )


def review_pairs(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    band: tuple[float, float],
    decided: Decisions | None = None,
    limit: int | None = None,
    near_misses: pd.DataFrame | None = None,
    given_names: npt.NDArray[np.int64] | None = None,
    lists_with_duplicates: Collection[str] | None = None,
) -> pd.DataFrame:
    """Pairs in the probability *band* whose decision changes the clustering most, first.

    The candidates are the scored *pairs* in the band, the *near_misses* from the band's
    floor up (pairs no blocking key proposed, scored by the same model and never linked
    without a decision: ``LinkResult.near_misses``) and
    pairs inside a cluster of three or more that score below the band or were never scored
    (the cluster joined them through other records: most often a record bridging two
    people). The ``found_by`` column says which: ``blocking``, ``near-miss search`` or
    ``cluster``. Pairs already in *decided*, or answered by its decisions' transitivity, are
    left out, and so are pairs between two clusters (or inside one) that a decided pair
    already links; one pair is offered per pair of
    clusters (or cluster), the one whose decision matters most. *limit* keeps the first
    ones. Both records are
    shown side by side with a per-field agreement column (``agree_<field>``) and each
    record's cluster. The ``decision`` column is left empty for the reviewer; the file can
    then be passed back as ``--decisions``, decided in full or in part. *given_names*
    (``LinkResult.given_names``) lets a join of two clusters whose given names differ wait
    behind likelier ones; *lists_with_duplicates* (``LinkResult.lists_with_duplicates``)
    lets a pair of one list that shows no duplicates wait too.
    """
    low, high = band
    clusters = records["cluster_id"].to_numpy(dtype=np.int64)
    in_band = (pairs["match_probability"] >= low) & (pairs["match_probability"] < high)
    found = [pairs[in_band].assign(found_by="blocking")]
    if near_misses is not None and len(near_misses):
        # Above the band too: the clustering never links a near-miss, however likely.
        near_band = near_misses["match_probability"] >= low
        found.append(near_misses[near_band].assign(found_by="near-miss search"))
    weak = _weak_inside(records, pairs, clusters, low)
    found.append(
        weak.assign(found_by=np.where(weak["match_probability"] > 0, "blocking", "cluster"))
    )
    chosen = pd.concat(found, ignore_index=True).drop_duplicates(["left", "right"])
    if decided is not None and decided.items:
        settled = _implied(decided)
        keys = zip(
            zip(chosen["source_l"].astype(str), chosen["record_id_l"].astype(str), strict=True),
            zip(chosen["source_r"].astype(str), chosen["record_id_r"].astype(str), strict=True),
            strict=True,
        )
        # A boolean array, not a list: an empty list would select no columns, not no rows.
        chosen = chosen[np.array([not settled(x, y) for x, y in keys], dtype=bool)]
    answered = _answered(records, clusters, decided)
    left = chosen["left"].to_numpy(dtype=np.int64)
    right = chosen["right"].to_numpy(dtype=np.int64)
    probability = chosen["match_probability"].to_numpy(dtype=np.float64)
    kept_apart = _kept_apart(
        records, clusters, left, right, probability, given_names, lists_with_duplicates
    )
    impact = _impact(clusters, left, right, probability, kept_apart)
    uncertainty = np.abs(probability - 0.5)
    order = np.lexsort((right, left, uncertainty, -impact))
    order = _one_per_change(clusters, left, right, order, answered)
    if limit is not None:
        order = order[:limit]
    chosen = chosen.iloc[order]
    left, right = left[order], right[order]
    columns = ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability"]
    out = chosen[[*columns, "found_by"]].reset_index(drop=True)
    out["cluster_l"] = clusters[left]
    out["cluster_r"] = clusters[right]
    for column in _SIDE_BY_SIDE:
        if column in records.columns:
            values = records[column].to_numpy()
            out[f"{column}_l"] = values[left]
            out[f"{column}_r"] = values[right]
            judge = (
                _name_agreement
                if column == "name"
                else _date_agreement
                if column.endswith("_date")
                else _agreement
            )
            out[f"agree_{column}"] = [
                judge(a, b) for a, b in zip(values[left], values[right], strict=True)
            ]
    out["decision"] = ""
    return out


def write_review(table: pd.DataFrame, path: Path) -> None:
    """Write a review table as CSV with a UTF-8 byte-order mark (Excel then shows Cyrillic)."""
    table.to_csv(path, index=False, encoding="utf-8-sig")
