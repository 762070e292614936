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
above (the model saw both: a typo in a birth date). Each cluster keeps its given name and
the bounds of its birth years, so most merges are checked in constant time; only a cluster
that may hold a contradiction has its members compared, and clusters hold about one record
per list.
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
    low = pd.to_numeric(features["by_lo"], errors="coerce").to_numpy(dtype=np.float64)
    high = pd.to_numeric(features["by_hi"], errors="coerce").to_numpy(dtype=np.float64)
    return Traits(codes.astype(np.int64), low, high)


@dataclass(frozen=True)
class Clusters:
    """A cluster label per record, the probability of the link that joined each one, and
    the lists that show duplicates (see :func:`lists_with_duplicates`)."""

    labels: npt.NDArray[np.int64]
    probability: npt.NDArray[np.float64]
    lists_with_duplicates: tuple[str, ...] = ()


class _Partition:
    """Union-find whose roots remember their sources and the records they must not join."""

    def __init__(
        self, sources: Sequence[str], traits: Traits | None, vouched: set[tuple[int, int]]
    ) -> None:
        self.parent = list(range(len(sources)))
        self.sources: list[set[str]] = [{source} for source in sources]
        self.forbidden: list[set[int]] = [set() for _ in sources]
        self.traits = traits
        self.vouched = vouched
        self.record_source = list(sources)
        # Pairs of one list that may share a cluster when a strong link joins their clusters
        # (see TWIN_THRESHOLD); whether the link being merged is that strong.
        self.twins: set[tuple[int, int]] = set()
        self.strong = False
        self.ring = list(range(len(sources)))
        if traits is None:
            return
        # Per root: the cluster's given name (-1: none known) and the bounds of its birth
        # years (the latest lower bound, the earliest upper bound; NaN: none known); whether
        # it holds a contradiction a direct link vouched for; its members, as a ring.
        self.given: list[int] = traits.given.tolist()
        self.low: list[float] = traits.birth_low.tolist()
        self.high: list[float] = traits.birth_high.tolist()
        self.mixed = [False] * len(sources)

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def allowed(self, a: int, b: int, same_source: object = None) -> bool:
        """Whether the clusters rooted at *a* and *b* may merge: they share no list, or,
        for a pair of one list *same_source* (a duplicate), only that list."""
        shared = self.sources[a] & self.sources[b]
        own = {same_source} if same_source is not None else set()
        if shared and shared != own and not self._twins_across(a, b, shared):
            return False
        if self.contradict(a, b):
            return False
        return not any(self.find(other) == b for other in self.forbidden[a])

    def _twins_across(self, a: int, b: int, shared: set[str]) -> bool:
        """Whether every record of roots *a* and *b* in a list they share is a twin of the
        other cluster's records of that list (and the link merging them is strong)."""
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
        """Whether the bounds kept at roots *a* and *b* contradict each other."""
        return _names_apart(self.given[a], self.given[b]) or _births_apart(
            (self.low[a], self.high[a]), (self.low[b], self.high[b])
        )

    def contradict(self, a: int, b: int) -> bool:
        """Whether roots *a* and *b* hold two records that cannot be one person and that no
        direct link vouches for."""
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

    def members(self, root: int) -> list[int]:
        found, at = [root], self.ring[root]
        while at != root:
            found.append(at)
            at = self.ring[at]
        return found

    def union(self, a: int, b: int) -> None:
        if len(self.sources[a]) < len(self.sources[b]):
            a, b = b, a
        self.parent[b] = a
        self.sources[a] |= self.sources[b]
        self.forbidden[a] |= self.forbidden[b]
        self.ring[a], self.ring[b] = self.ring[b], self.ring[a]
        if self.traits is None:
            return
        self.mixed[a] = self.mixed[a] or self.mixed[b] or self._apart(a, b)
        if self.given[a] < 0:
            self.given[a] = self.given[b]
        self.low[a] = _known(max, self.low[a], self.low[b])
        self.high[a] = _known(min, self.high[a], self.high[b])


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
"""What two records of a list that shows hardly any duplicates must score to be linked."""


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
    stricter) in a list that shows hardly any."""
    if shown is None:
        shown = lists_with_duplicates(source, pairs, same, threshold)
    shown = set(shown)
    strict = max(threshold, UNSHOWN_DUPLICATE_THRESHOLD)
    names = source[pairs.left[same]].tolist()
    return np.array([threshold if name in shown else strict for name in names], dtype=np.float64)


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
        # Twins: pairs of a list that shows duplicates, a little under its bar.
        twin = same & (pairs.probability >= TWIN_THRESHOLD) & (bar <= duplicate_threshold)
        first = np.minimum(pairs.left, pairs.right)[twin]
        second = np.maximum(pairs.left, pairs.right)[twin]
        partition.twins = set(zip(first.tolist(), second.tolist(), strict=True))
    probability = np.zeros(len(sources))
    for a, b in cannot_link:
        partition.forbidden[a].add(b)
        partition.forbidden[b].add(a)
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
            if any(partition.find(other) == root_b for other in partition.forbidden[root_a]):
                raise ConflictingDecisionsError(
                    N_(
                        "decisions file: a 'match' decision joins records that another decision "
                        "calls a non-match; correct one of them"
                    )
                )
            partition.union(root_a, root_b)
        probability[a] = probability[b] = 1.0
    _merge(partition, pairs, order[same[order]], bar, same, probability, source)
    _merge(partition, pairs, order[~same[order]], bar, same, probability, source)
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
) -> None:
    """Merge the pairs of *order* at their *bar* or above, in that order, where the rules
    allow."""
    for index in order[pairs.probability[order] >= bar[order]]:
        a, b = int(pairs.left[index]), int(pairs.right[index])
        partition.strong = bool(pairs.probability[index] >= TWIN_LINK)
        root_a, root_b = partition.find(a), partition.find(b)
        own = source[a] if same[index] else None
        if root_a == root_b or not partition.allowed(root_a, root_b, own):
            continue
        partition.union(root_a, root_b)
        chance = float(pairs.probability[index])
        probability[a] = max(probability[a], chance)
        probability[b] = max(probability[b], chance)
