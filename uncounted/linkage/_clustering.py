"""From scored pairs to people: greedy, source-exclusive clustering that honours reviewers.

Connected components over all pairs above a threshold chain unrelated people together
through one bad link (a namesake in one list joins two families). Here pairs are merged in
order of decreasing weight, and a merge is refused when the two clusters share a source (a
list names a person once) or when a reviewer said two of their records are different
people. Reviewers' "match" decisions are merged first and unconditionally, then the
duplicates inside each list, then the links across lists.

A cluster is one person, so it must not hold records that contradict each other: two
different full given names (both known names, not spellings of one), or birth years further
apart than a slip of age explains. Each may be linked to a third record (an initial-only
one, one with no birth year) and a chain of such links joined brothers and namesakes: a
merge that would make a cluster contradict itself is refused whatever the pair's weight,
unless two records whose birth years differ are themselves linked directly at VOUCHING or
above (the model saw both: a typo in a birth date). A record's birth years are its birth
date's, its age's at a dated event, or else the window an age given with no date allows
(uncounted.linkage._dates): left out, a record with no birth could join an age list's man
of 61 to his namesake born in 1994 (nineteenth pass: 8 of setting 35019's 101 false pairs in
clusters). Each cluster keeps its given name and the bounds of its birth years, so most
merges are checked in constant time; only a cluster that may hold a contradiction has its
members compared, and clusters hold about one record per list.

A greedy merge could not undo an earlier one: a wrong record of list L that came in first
kept the records of L's true person out ("intruders"). Clusters are member lists, not a
union-find tree, so when a merge is refused because both clusters hold L, or because a
record of one side cannot be one person with a record of the other (a wrong record that
came in first, often as a duplicate of its list, contradicts the person's records of other
lists), the records in the way on one side (or the group beyond the weakest link between
them and the rest) are taken back out if the records left behind vouch more strongly for
the other cluster than for them (see _intruder); deterministic, like the rest.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.errors import InputError
from uncounted.linkage._names import canonical_given, is_given_name
from uncounted.messages import N_


class ConflictingDecisionsError(InputError):
    """Raised when reviewers' decisions contradict each other (A=B, B=C but A≠C)."""


@dataclass(frozen=True)
class ScoredPairs:
    """Candidate links between record positions, with their probability and weight."""

    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    probability: npt.NDArray[np.float64]
    weight: npt.NDArray[np.float64]
    pattern: npt.NDArray[np.int64] | None = None
    """Each pair's agreement pattern (one whole number per pattern of comparison levels,
    ``_model.pattern_codes``; ``None`` when not known): pairs of one kind, as
    benchmarks/linkage_review_teach.py groups them."""


@dataclass(frozen=True)
class Traits:
    """What each record says about its person that another record of them cannot contradict.

    ``given`` numbers the record's full given name (a known name, folded to its canonical
    spelling; -1 for an initial, an unknown name or none); ``birth_low`` and ``birth_high``
    bound the birth years it allows (NaN when unknown).
    """

    given: npt.NDArray[np.int64]
    birth_low: npt.NDArray[np.float64]
    birth_high: npt.NDArray[np.float64]


BIRTH_SLACK = 3
"""Years two records' birth intervals may lie apart and still be one person (a slip of age
or date); further apart they contradict each other. On the tuning settings no true pair
inside a cluster was further apart than this."""


def traits_of(features: pd.DataFrame) -> Traits:
    """The :class:`Traits` of the comparison table's records (see build_features)."""
    given = features["gn"]
    known = {
        name: canonical_given(name) if is_given_name(name) else None
        for name in given.dropna().unique()
    }
    codes, _ = pd.factorize(given.map(known), use_na_sentinel=True)
    low = _years(features, "by_lo", "age_lo")
    high = _years(features, "by_hi", "age_hi")
    return Traits(codes.astype(np.int64), low, high)


def _years(features: pd.DataFrame, dated: str, undated: str) -> npt.NDArray[np.float64]:
    """A bound of the birth years each record allows: from its birth date or its age at a
    dated event, or else from an age given with no date (wide, see
    uncounted.linkage._dates); NaN when it says nothing of its birth."""
    years = pd.to_numeric(features[dated], errors="coerce")
    if undated in features:
        years = years.fillna(pd.to_numeric(features[undated], errors="coerce"))
    return years.to_numpy(dtype=np.float64)


@dataclass(frozen=True)
class Clusters:
    """A cluster label per record, the probability of the link that joined each one, and
    the lists that show duplicates (see :func:`lists_with_duplicates`)."""

    labels: npt.NDArray[np.int64]
    probability: npt.NDArray[np.float64]
    lists_with_duplicates: tuple[str, ...] = ()


class _Partition:
    """Clusters as member lists (a label per record: its cluster's first member), each
    remembering its lists, the records it must not join and, with traits, the given name
    and birth-year bounds it holds. A record can be taken back out (see
    :meth:`take_out`), so a cluster is a list of members, not a union-find tree."""

    def __init__(
        self, sources: Sequence[str], traits: Traits | None, vouched: set[tuple[int, int]]
    ) -> None:
        count = len(sources)
        self.label = list(range(count))
        # Kept for clusters of two or more records only (a record alone: itself, its list).
        self.held: dict[int, list[int]] = {}
        self.sources: dict[int, dict[str, int]] = {}
        # Reviewers' non-matches, per record and per cluster.
        self.refused: dict[int, set[int]] = {}
        self.forbidden: dict[int, set[int]] = {}
        self.traits = traits
        self.vouched = vouched
        self.record_source = list(sources)
        # Records a reviewer's match put in a cluster: never taken out.
        self.pinned: set[int] = set()
        # Pairs of one list that may share a cluster when a strong link joins their clusters
        # (see TWIN_THRESHOLD); whether the link being merged is that strong.
        self.twins: set[tuple[int, int]] = set()
        self.strong = False
        if traits is None:
            return
        # Per cluster: its given name (-1: none known) and the bounds of its birth years
        # (the latest lower bound, the earliest upper bound; NaN: none known); whether it
        # holds a contradiction a direct link vouched for.
        self.given: list[int] = traits.given.tolist()
        self.low: list[float] = traits.birth_low.tolist()
        self.high: list[float] = traits.birth_high.tolist()
        self.mixed = [False] * count

    def find(self, item: int) -> int:
        return self.label[item]

    def members(self, root: int) -> list[int]:
        return self.held.get(root) or [root]

    def lists(self, root: int) -> dict[str, int]:
        """How many records of each list cluster *root* holds."""
        return self.sources.get(root) or {self.record_source[root]: 1}

    def forbid(self, a: int, b: int) -> None:
        """A reviewer's non-match: records *a* and *b* never share a cluster."""
        for x, y in ((a, b), (b, a)):
            self.refused.setdefault(x, set()).add(y)
            self.forbidden.setdefault(self.label[x], set()).add(y)

    def allowed(self, a: int, b: int, same_source: object = None) -> bool:
        """Whether the clusters *a* and *b* may merge: they share no list, or, for a pair
        of one list *same_source* (a duplicate), only that list."""
        return not self.refusal(a, b, same_source)

    def shared(self, a: int, b: int) -> set[str]:
        """The lists clusters *a* and *b* both hold."""
        small, large = sorted((self.lists(a), self.lists(b)), key=len)
        return {name for name in small if name in large}

    def refusal(self, a: int, b: int, same_source: object = None) -> str:
        """Why clusters *a* and *b* may not merge ('' when they may): ``list``, they hold
        one list (a list names a person once), ``contradiction`` or ``decision``."""
        shared = self.shared(a, b)
        if shared and shared != {same_source} and not self._twins_across(a, b, shared):
            return "list"
        if self.contradict(a, b):
            return "contradiction"
        if any(self.label[other] == b for other in self.forbidden.get(a, ())):
            return "decision"
        return ""

    def _twins_across(self, a: int, b: int, shared: set[str]) -> bool:
        """Whether every record of clusters *a* and *b* in a list they share is a twin of
        the other cluster's records of that list (and the link merging them is strong)."""
        if not self.twins or not self.strong:
            return False
        left = [x for x in self.members(a) if self.record_source[x] in shared]
        right = [y for y in self.members(b) if self.record_source[y] in shared]
        if len(left) * len(right) > MAX_COMPARED:
            return False
        return all(
            self.record_source[x] != self.record_source[y] or (min(x, y), max(x, y)) in self.twins
            for x in left
            for y in right
        )

    def _apart(self, a: int, b: int) -> bool:
        """Whether the bounds kept for clusters *a* and *b* contradict each other."""
        return _names_apart(self.given[a], self.given[b]) or _births_apart(
            (self.low[a], self.high[a]), (self.low[b], self.high[b])
        )

    def contradict(self, a: int, b: int) -> bool:
        """Whether clusters *a* and *b* hold two records that cannot be one person and that
        no direct link vouches for."""
        if self.traits is None:
            return False
        if not (self.mixed[a] or self.mixed[b] or self._apart(a, b)):
            return False
        left, right = self.members(a), self.members(b)
        if len(left) * len(right) > MAX_COMPARED:
            return True
        return any(self._records_apart(x, y) for x in left for y in right)

    def _records_apart(self, x: int, y: int) -> bool:
        """Whether records *x* and *y* cannot be one person: two given names, or birth years
        apart unless a direct link vouches for them."""
        traits = cast(Traits, self.traits)
        if _names_apart(int(traits.given[x]), int(traits.given[y])):
            return True
        births = (float(traits.birth_low[x]), float(traits.birth_high[x]))
        other = (float(traits.birth_low[y]), float(traits.birth_high[y]))
        return _births_apart(births, other) and (min(x, y), max(x, y)) not in self.vouched

    def union(self, a: int, b: int) -> int:
        """Merge clusters *a* and *b*; the label kept is the one of the cluster holding
        more lists (*a* on a tie). Returns it."""
        held_a, held_b = self.lists(a), self.lists(b)
        if len(held_a) < len(held_b):
            a, b, held_a, held_b = b, a, held_b, held_a
        moved = self.held.pop(b, None) or [b]
        label = self.label
        for item in moved:
            label[item] = a
        self.held.setdefault(a, [a]).extend(moved)
        merged = self.sources.setdefault(a, held_a)
        for name, count in held_b.items():
            merged[name] = merged.get(name, 0) + count
        self.sources.pop(b, None)
        refused = self.forbidden.pop(b, None)
        if refused:
            self.forbidden.setdefault(a, set()).update(refused)
        if self.traits is None:
            return a
        self.mixed[a] = self.mixed[a] or self.mixed[b] or self._apart(a, b)
        if self.given[a] < 0:
            self.given[a] = self.given[b]
        self.low[a] = _known(max, self.low[a], self.low[b])
        self.high[a] = _known(min, self.high[a], self.high[b])
        return a

    def take_out(self, group: list[int]) -> tuple[int, int]:
        """Put the records of *group* (part of one cluster) in a cluster of their own;
        returns the labels of the two clusters (the group's, the rest's). The rest keeps
        the label unless it belonged to the group; each new label is its first member."""
        root = self.label[group[0]]
        out = set(group)
        everyone = self.members(root)
        kept = [member for member in everyone if member not in out]
        moved = [member for member in everyone if member in out]
        left = root if root not in out else kept[0]
        taken = root if root in out else moved[0]
        for label, members in ((left, kept), (taken, moved)):
            self.held[label] = members
            for member in members:
                self.label[member] = label
            self.sources[label] = dict(collections.Counter(self.record_source[x] for x in members))
            self.forbidden[label] = set().union(*(self.refused.get(x, set()) for x in members))
            if self.traits is not None:
                self._recount(label)
        return taken, left

    def _recount(self, root: int) -> None:
        """The given name, birth-year bounds and contradiction of cluster *root* from its
        members."""
        traits = cast(Traits, self.traits)
        members = self.members(root)
        names = {int(traits.given[x]) for x in members} - {-1}
        self.given[root] = min(names) if names else -1
        low = high = math.nan
        for x in members:
            low = _known(max, low, float(traits.birth_low[x]))
            high = _known(min, high, float(traits.birth_high[x]))
        self.low[root], self.high[root] = low, high
        self.mixed[root] = len(names) > 1 or low - high > BIRTH_SLACK


MAX_COMPARED = 400
"""Record pairs compared, at most, to find whether two clusters contradict each other (the
clusters of one person hold about one record per list); above it the merge is refused."""


def _names_apart(given: int, other: int) -> bool:
    """Whether two given names (numbered as in :class:`Traits`) are known and differ."""
    return given >= 0 and other >= 0 and given != other


def _births_apart(births: tuple[float, float], other: tuple[float, float]) -> bool:
    """Whether two intervals of birth years lie more than BIRTH_SLACK years apart."""
    low, high = _known(max, births[0], other[0]), _known(min, births[1], other[1])
    # NaN compares false: no birth year contradicts none.
    return low - high > BIRTH_SLACK


DUPLICATES_SHOWN = 0.03
"""The share of a list's records that must be paired with another record of the same list at
the duplicate threshold for the list to show duplicates (see :func:`lists_with_duplicates`)."""

UNSHOWN_DUPLICATE_THRESHOLD = 0.9
UNSHOWN_RECORDS = 2000
"""What two records of a list that shows hardly any duplicates must score to be linked: 0.9
in a list of up to UNSHOWN_RECORDS records, and in a longer one the odds of 0.9 (9 to 1)
times its records over UNSHOWN_RECORDS (10,000 records: 0.978; 34,000: 0.994). Namesakes
inside one list grow as the square of its length, its duplicates as the length: in the
100,000-record world (no list names anyone twice) 104 pairs of the 34,342-record list
scored 0.7 or more, none one person, and those linked at 0.9 kept true links out of
their clusters. The tuning settings' lists hold up to 1,700 records (0.9, as before)."""


def lists_with_duplicates(
    source: npt.NDArray[np.object_],
    pairs: ScoredPairs,
    same: npt.NDArray[np.bool_],
    threshold: float,
) -> tuple[str, ...]:
    """The lists that show duplicates: at least DUPLICATES_SHOWN of their records are
    paired (*same*: a pair of one list) with another of their records at *threshold*.

    The model scores a pair of one list as it scores a pair of two, with the prior of a
    match across lists; how often a list names one person twice is the list's own habit
    (never in some, one record in ten in others). On the tuning settings and 7000-7029,
    lists without duplicates had 0-2.1% of their records so paired, lists where 1.3% or
    more of the records are duplicates 2.8% or more (about twice the share of duplicates).
    In a list without duplicates the pairs scored 0.7-0.9 were namesakes. This is the one
    test of the habit: the clustering sets its bars by it (:func:`duplicate_bars`) and the
    review weighs a pair of one list by it (``LinkResult.lists_with_duplicates``).
    """
    at = same & (pairs.probability >= threshold)
    paired = np.unique(np.concatenate([pairs.left[at], pairs.right[at]]))
    listed = collections.Counter(source.tolist())
    shown = collections.Counter(source[paired].tolist())
    return tuple(
        sorted(
            str(name) for name, count in listed.items() if shown[name] / count >= DUPLICATES_SHOWN
        )
    )


def duplicate_bars(
    source: npt.NDArray[np.object_],
    pairs: ScoredPairs,
    same: npt.NDArray[np.bool_],
    threshold: float,
    shown: Collection[str] | None = None,
) -> npt.NDArray[np.float64]:
    """The probability each pair of one list (*same*) must reach to be linked as the list's
    duplicate: *threshold* in a list that shows duplicates (*shown*, or else
    :func:`lists_with_duplicates`), UNSHOWN_DUPLICATE_THRESHOLD (or *threshold*, if
    stricter) in a list that shows hardly any; in a list longer than UNSHOWN_RECORDS
    either bar's odds times its records over UNSHOWN_RECORDS.

    The bar of a list that shows duplicates grows with its length for the reason the other
    does: its namesakes grow as the square of its length, its duplicates as the length. On
    the independent generator's big worlds (seeds 10-12, lists of 2,950-6,454 records) the
    pairs of such a list scored 0.7-0.97 were one person in 47 of 178; on the tuning
    settings and 13000-13029 (lists of up to 1,700 records: the bar unchanged) in 380 of
    472 (docs/benchmarks/linkage.md, ninth and eleventh passes)."""
    if shown is None:
        shown = lists_with_duplicates(source, pairs, same, threshold)
    shown = set(shown)
    listed = collections.Counter(source.tolist())
    bars = {
        name: _longer(threshold, count)
        if name in shown
        else max(threshold, _longer(UNSHOWN_DUPLICATE_THRESHOLD, count))
        for name, count in listed.items()
    }
    return np.array([bars[name] for name in source[pairs.left[same]].tolist()], dtype=np.float64)


def _longer(bar: float, records: int) -> float:
    """*bar* for a list of *records*: its odds times the records over UNSHOWN_RECORDS, in a
    list longer than that."""
    odds = bar / (1.0 - bar) * max(1.0, records / UNSHOWN_RECORDS)
    return 1.0 - 1.0 / (1.0 + odds)


TWIN_THRESHOLD = 0.6
TWIN_LINK = 0.8
"""Two records of a list that shows duplicates, scored TWIN_THRESHOLD or more (under the
duplicate threshold), are one person when a link of TWIN_LINK or more joins their clusters
(the records of a third list link to both). Alone they stay apart. Seen on settings 1003
and 7013: a person's two records of one list at 0.6-0.7 each joined the records of other
lists, and the person was split in two clusters. Joined at 0.3 or with any link, namesakes
of one list came in with them (setting 1007, 7013 lower)."""

VOUCHING = 0.9
"""What a direct link must score to vouch for two records whose birth years are apart: the
model's exact rare name alone brought namesakes born 30 years apart to 0.70."""


def _tied(
    source: npt.NDArray[np.object_],
    pairs: ScoredPairs,
    bar: npt.NDArray[np.float64],
    same: npt.NDArray[np.bool_],
    shown: Collection[str],
) -> npt.NDArray[np.bool_]:
    """Links left unmade because a record is linked, with the same weight, to two records
    of one long list that shows no duplicates (more than UNSHOWN_RECORDS records): two
    namesakes the evidence cannot tell apart, of whom at most one is its person.

    Taken in order, the first by record position won the record. At 100,000 records
    (lists of 10,000-34,000, nobody named twice in one) leaving it with neither gained
    0.0014-0.0015 F1 on seeds 2 and 17. In a short list two records that tie are more
    often one person's two records (a list with a few duplicates, under DUPLICATES_SHOWN):
    applied to every list the rule lost true links on tuning settings 1003, 1008, 1010
    and 1011 (1008 0.9623 -> 0.9617), as namesakes grow with a list's length and its
    duplicates do not, the same reason as for the bar of UNSHOWN_DUPLICATE_THRESHOLD.
    """
    names, lists = np.unique(source.astype(str), return_inverse=True)
    long = (np.bincount(lists) > UNSHOWN_RECORDS) & ~np.isin(names, list(shown))
    linked = np.flatnonzero(~same & (pairs.probability >= bar))
    tied = np.zeros(len(same), dtype=bool)
    for ends, others in ((pairs.left, pairs.right), (pairs.right, pairs.left)):
        # Per record and list of the other side: the links at the strongest weight.
        chosen = linked[long[lists[others[linked]]]]
        key = ends[chosen] * len(names) + lists[others[chosen]]
        weight = np.round(pairs.weight[chosen], 9)
        listed = np.lexsort((-weight, key))
        key, weight, chosen = key[listed], weight[listed], chosen[listed]
        starts = np.flatnonzero(np.diff(key, prepend=-1))
        group = np.searchsorted(starts, np.arange(len(key)), side="right") - 1
        at_best = weight == weight[starts][group]
        count = np.bincount(group, weights=at_best, minlength=len(starts))
        tied[chosen[at_best & (count[group] >= 2)]] = True
    return tied


def _vouched(
    pairs: ScoredPairs, traits: Traits | None, bar: npt.NDArray[np.float64]
) -> set[tuple[int, int]]:
    """Pairs of records whose birth years contradict each other yet that are linked directly
    at *bar* or above: the model saw both records and still believes them (a typo in
    a birth date: 205 of FEBRL4's 5,000 true pairs are more than BIRTH_SLACK years apart).
    Two given names are never vouched for (on the tuning settings that cost F1: brothers
    scored as one person)."""
    if traits is None:
        return set()
    linked = pairs.probability >= bar
    left, right = pairs.left[linked], pairs.right[linked]
    low = np.fmax(traits.birth_low[left], traits.birth_low[right])
    high = np.fmin(traits.birth_high[left], traits.birth_high[right])
    apart = low - high > BIRTH_SLACK
    first, second = np.minimum(left, right)[apart], np.maximum(left, right)[apart]
    return set(zip(first.tolist(), second.tolist(), strict=True))


def _known(pick: Callable[[float, float], float], x: float, y: float) -> float:
    """*pick* of two bounds, ignoring an unknown (NaN) one."""
    return y if math.isnan(x) else x if math.isnan(y) else pick(x, y)


def cluster(
    sources: Sequence[str],
    pairs: ScoredPairs,
    threshold: float,
    must_link: Sequence[tuple[int, int]] = (),
    cannot_link: Sequence[tuple[int, int]] = (),
    duplicate_threshold: float | None = None,
    traits: Traits | None = None,
) -> Clusters:
    """Cluster records (positions 0..n-1, with their *sources*) from scored *pairs*.

    Pairs are taken in order of decreasing weight, ties by record positions, so the same
    pairs always give the same clusters whatever order they arrive in. Pairs of one source
    are merged only at *duplicate_threshold* or above (never when it is ``None``). With
    *traits*, no merge makes a cluster contradict itself (reviewers' matches excepted).
    """
    source = np.asarray(sources, dtype=object)
    same = source[pairs.left] == source[pairs.right]
    bar = np.full(len(same), float(threshold))
    shown: tuple[str, ...] = ()
    if duplicate_threshold is None:
        bar[same] = np.inf
    else:
        shown = lists_with_duplicates(source, pairs, same, duplicate_threshold)
        bar[same] = duplicate_bars(source, pairs, same, duplicate_threshold, shown)
    vouched = _vouched(pairs, traits, np.maximum(bar, VOUCHING))
    partition = _Partition(sources, traits, vouched)
    if duplicate_threshold is not None:
        # Twins: pairs of a list that shows duplicates, a little under its bar (not in a
        # list longer than UNSHOWN_RECORDS, whose bar is higher: namesakes there).
        twin = same & (pairs.probability >= TWIN_THRESHOLD) & (bar <= duplicate_threshold)
        first = np.minimum(pairs.left, pairs.right)[twin]
        second = np.maximum(pairs.left, pairs.right)[twin]
        partition.twins = set(zip(first.tolist(), second.tolist(), strict=True))
    probability = np.zeros(len(sources))
    for a, b in cannot_link:
        partition.forbid(a, b)
    low = np.minimum(pairs.left, pairs.right)
    high = np.maximum(pairs.left, pairs.right)
    order = np.lexsort((high, low, -np.round(pairs.weight, 9)))
    # Reviewers' matches first: merged after the duplicates inside a list, a match could
    # meet a wrong automatic duplicate merge that another decision forbids, and consistent
    # decisions were refused as contradicting each other (a perfect reviewer on random
    # setting 1008). A duplicate may still join a cluster a match made (see _Partition.
    # allowed): only its own list may be shared, so confirming a link does not shut the
    # record's duplicate out (seen on setting 1001).
    for a, b in must_link:
        root_a, root_b = partition.find(a), partition.find(b)
        if root_a != root_b:
            if any(
                partition.find(other) == root_b for other in partition.forbidden.get(root_a, ())
            ):
                raise ConflictingDecisionsError(
                    N_(
                        "decisions file: a 'match' decision joins records that another decision "
                        "calls a non-match; correct one of them"
                    )
                )
            partition.union(root_a, root_b)
        partition.pinned.update((a, b))
        probability[a] = probability[b] = 1.0
    _merge(partition, pairs, order[same[order]], bar, same, probability, source, None)
    links = _Links(len(sources), pairs, bar)
    across = order[~same[order]]
    tied = _tied(source, pairs, bar, same, shown)
    _merge(partition, pairs, across[~tied[across]], bar, same, probability, source, links)
    roots = np.array([partition.find(item) for item in range(len(sources))], dtype=np.int64)
    _, labels = np.unique(roots, return_inverse=True)
    return Clusters(labels.astype(np.int64), probability, shown)


def _merge(
    partition: _Partition,
    pairs: ScoredPairs,
    order: npt.NDArray[np.int64],
    bar: npt.NDArray[np.float64],
    same: npt.NDArray[np.bool_],
    probability: npt.NDArray[np.float64],
    source: npt.NDArray[np.object_],
    links: _Links | None,
) -> None:
    """Merge the pairs of *order* at their *bar* or above, in that order, where the rules
    allow; with *links*, a merge refused for a list both clusters hold takes an intruder
    out when the evidence says so (see :func:`_intruder`)."""
    for index in order[pairs.probability[order] >= bar[order]]:
        a, b = int(pairs.left[index]), int(pairs.right[index])
        partition.strong = bool(pairs.probability[index] >= TWIN_LINK)
        root_a, root_b = partition.find(a), partition.find(b)
        if root_a == root_b:
            continue
        own = source[a] if same[index] else None
        why = partition.refusal(root_a, root_b, own)
        if why in ("list", "contradiction") and links is not None:
            group = _intruder(partition, links, root_a, root_b, a, b)
            if not group:
                continue
            _put_out(partition, links, group, probability)
            root_a, root_b = partition.find(a), partition.find(b)
        elif why:
            continue
        partition.union(root_a, root_b)
        chance = float(pairs.probability[index])
        probability[a] = max(probability[a], chance)
        probability[b] = max(probability[b], chance)


class _Links:
    """Each record's links (pairs at their bar): the other record, the weight (log2 odds)
    and the probability, for the evidence between a record and a cluster."""

    def __init__(self, count: int, pairs: ScoredPairs, bar: npt.NDArray[np.float64]) -> None:
        linked = np.flatnonzero(pairs.probability >= bar)
        ends = np.concatenate([pairs.left[linked], pairs.right[linked]])
        listed = np.argsort(ends, kind="stable")
        self.start = np.searchsorted(ends[listed], np.arange(count + 1))
        self.other = np.concatenate([pairs.right[linked], pairs.left[linked]])[listed]
        both = np.concatenate([linked, linked])[listed]
        self.weight = pairs.weight[both]
        self.chance = pairs.probability[both]

    def around(self, item: int) -> list[tuple[int, float, float]]:
        """*item*'s links: the other record, the weight, the probability."""
        at = slice(int(self.start[item]), int(self.start[item + 1]))
        return list(
            zip(
                self.other[at].tolist(),
                self.weight[at].tolist(),
                self.chance[at].tolist(),
                strict=True,
            )
        )

    def best(self, item: int, among: Collection[int]) -> float:
        """The weight of *item*'s strongest link with a record of *among* (0: none)."""
        return max(
            (weight for other, weight, _ in self.around(item) if other in among), default=0.0
        )

    def connected(self, members: list[int]) -> bool:
        """Whether *members* are joined to each other by links among themselves."""
        inside = set(members)
        seen, stack = {members[0]}, [members[0]]
        while stack:
            for other, _, _ in self.around(stack.pop()):
                if other in inside and other not in seen:
                    seen.add(other)
                    stack.append(other)
        return len(seen) == len(inside)

    def cut(self, members: list[int], end: int, out: int) -> list[int]:
        """The members on *out*'s side of the weakest link on the way from *end* to *out*
        in the strongest tree of links joining *members* (ties by record positions; empty
        if the tree does not join them): where the merge that brought *out* most likely
        went wrong."""
        inside = set(members)
        edges = sorted(
            (-weight, x, y)
            for x in members
            for y, weight, _ in self.around(x)
            if x < y and y in inside
        )
        group = {x: x for x in members}

        def root(x: int) -> int:
            while group[x] != x:
                group[x] = group[group[x]]
                x = group[x]
            return x

        tree: dict[int, list[tuple[int, float]]] = {x: [] for x in members}
        for weight, x, y in edges:
            if root(x) != root(y):
                group[root(x)] = root(y)
                tree[x].append((y, -weight))
                tree[y].append((x, -weight))
        back: dict[int, tuple[int, float]] = {end: (end, math.inf)}
        stack = [end]
        while stack:
            x = stack.pop()
            for y, weight in tree[x]:
                if y not in back:
                    back[y] = (x, weight)
                    stack.append(y)
        if out not in back:
            return []
        weakest, at, edge = math.inf, out, (out, out)
        while at != end:
            before, weight = back[at]
            if weight < weakest:
                weakest, edge = weight, (before, at)
            at = before
        side, stack = {edge[1]}, [edge[1]]
        while stack:
            x = stack.pop()
            for y, _ in tree[x]:
                if y not in side and y != edge[0]:
                    side.add(y)
                    stack.append(y)
        return sorted(side)


def _intruder(
    partition: _Partition, links: _Links, root_a: int, root_b: int, a: int, b: int
) -> list[int]:
    """The records to take out of cluster *root_a* or *root_b* so that they may merge
    through the link *a*-*b* (empty: none).

    A list names a person once, so two clusters that both hold a record of one list are
    kept apart, and a greedy merge cannot undo an earlier one: at 100,000 records 406-475
    true links were refused because a wrong record of the same list had come in first
    (an "intruder"). A cluster does not contradict itself either, so a wrong record born
    years apart from the person kept the person's records of other lists out as surely:
    on the independent big worlds of 26,000-35,000 records (seeds 10-12) 95 true links
    scored 0.5 or more were refused for birth years apart, every one because of a wrong
    record in a cluster (a namesake or brother of the same list joined first as a
    duplicate, or linked through a record that says nothing of birth). The records of one
    side in the way (see :func:`_conflicting`; not the link's own record) may be taken
    out: one such record alone, or the part of its cluster beyond the
    weakest link between one of them and the link's own record, if that part holds them all
    (a wrong merge of two groups; on 11010 a person's two records of one list had come in
    together). Each record left behind votes with its strongest link: to the other cluster,
    against to the part taken out; a record's several links count once, as a person's
    records of other lists repeat the same name and dates to a third record, and summing
    them took true records out for a run of weak, identical links (settings 11004 and
    11011). The way with the most votes wins when it has more than none, the rest stays
    linked without it and may join the other cluster; reviewers' matches are never taken
    apart.
    """
    shared = partition.shared(root_a, root_b)
    best, found = 0.0, []
    for side, other, end in ((root_a, root_b, a), (root_b, root_a, b)):
        held = partition.members(side)
        joining = set(partition.members(other))
        conflicting = _conflicting(partition, held, joining, shared)
        if not conflicting or end in conflicting or any(x in partition.pinned for x in held):
            continue
        groups = [conflicting] if len(conflicting) == 1 else []
        for out in conflicting:
            cut = links.cut(held, end, out)
            if cut and cut not in groups and set(conflicting) <= set(cut):
                groups.append(cut)
        for group in groups:
            away = set(group)
            rest = [x for x in held if x not in away]
            gain = sum(links.best(x, joining) - links.best(x, away) for x in rest)
            if gain > best and links.connected(rest) and _may_join(partition, rest, other):
                best, found = gain, group
    return found


def _conflicting(
    partition: _Partition, held: list[int], joining: Collection[int], shared: Collection[str]
) -> list[int]:
    """The records of *held* that keep it from joining the records *joining*: those of a
    list both hold, and those that cannot be one person with one of them (see
    :meth:`_Partition._records_apart`; not looked for when there are too many to compare)."""
    compared = partition.traits is not None and len(held) * len(joining) <= MAX_COMPARED
    return [
        x
        for x in held
        if partition.record_source[x] in shared
        or (compared and any(partition._records_apart(x, y) for y in joining))
    ]


def _may_join(partition: _Partition, rest: list[int], root: int) -> bool:
    """Whether records *rest* may join cluster *root* (no contradiction, no decision)."""
    members = partition.members(root)
    if partition.traits is not None:
        if len(rest) * len(members) > MAX_COMPARED:
            return False
        if any(partition._records_apart(x, y) for x in rest for y in members):
            return False
    return not any(partition.label[o] == root for x in rest for o in partition.refused.get(x, ()))


def _put_out(
    partition: _Partition, links: _Links, group: list[int], probability: npt.NDArray[np.float64]
) -> None:
    """Take the records of *group* out of their cluster, together; the probability of each
    record that was linked across the cut is read again from the links left (0: none)."""
    label = partition.label
    before = label[group[0]]
    touched = [
        x
        for x in partition.members(before)
        if any((x in group) != (y in group) for y, _, _ in links.around(x))
    ]
    partition.take_out(group)
    for x in touched:
        probability[x] = max(
            (chance for y, _, chance in links.around(x) if label[y] == label[x]), default=0.0
        )
