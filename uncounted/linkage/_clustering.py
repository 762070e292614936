"""From scored pairs to people: greedy, source-exclusive clustering that honours reviewers.

Connected components over all pairs above a threshold chain unrelated people together
through one bad link (a namesake in one list joins two families). Here pairs are merged in
order of decreasing weight, and a merge is refused when the two clusters share a source (a
list names a person once) or when a reviewer said two of their records are different
people. Reviewers' "match" decisions are merged first and unconditionally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError
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
class Clusters:
    """A cluster label per record, and the probability of the link that joined each one."""

    labels: npt.NDArray[np.int64]
    probability: npt.NDArray[np.float64]


class _Partition:
    """Union-find whose roots remember their sources and the records they must not join."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.parent = list(range(len(sources)))
        self.sources: list[set[str]] = [{source} for source in sources]
        self.forbidden: list[set[int]] = [set() for _ in sources]

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def allowed(self, a: int, b: int, same_source: bool = False) -> bool:
        shared = self.sources[a] & self.sources[b]
        if shared and not (same_source and len(self.sources[a] | self.sources[b]) == 1):
            return False
        return not any(self.find(other) == b for other in self.forbidden[a])

    def union(self, a: int, b: int) -> None:
        if len(self.sources[a]) < len(self.sources[b]):
            a, b = b, a
        self.parent[b] = a
        self.sources[a] |= self.sources[b]
        self.forbidden[a] |= self.forbidden[b]


def cluster(
    sources: Sequence[str],
    pairs: ScoredPairs,
    threshold: float,
    must_link: Sequence[tuple[int, int]] = (),
    cannot_link: Sequence[tuple[int, int]] = (),
    duplicate_threshold: float | None = None,
) -> Clusters:
    """Cluster records (positions 0..n-1, with their *sources*) from scored *pairs*.

    Pairs are taken in order of decreasing weight, ties by record positions, so the same
    pairs always give the same clusters whatever order they arrive in. Pairs of one source
    are merged only at *duplicate_threshold* or above (never when it is ``None``).
    """
    partition = _Partition(sources)
    probability = np.zeros(len(sources))
    for a, b in cannot_link:
        partition.forbidden[a].add(b)
        partition.forbidden[b].add(a)
    low = np.minimum(pairs.left, pairs.right)
    high = np.maximum(pairs.left, pairs.right)
    order = np.lexsort((high, low, -np.round(pairs.weight, 9)))
    source = np.asarray(sources, dtype=object)
    same = source[pairs.left] == source[pairs.right]
    # Duplicates inside a list are merged while every cluster still holds one list, so
    # before the reviewers' matches: a match merged first (a list-a record with a list-b
    # one) would leave a list-b duplicate outside for ever (seen on random setting 1001,
    # where confirming a right link lost the record's duplicate and its other links).
    if duplicate_threshold is not None:
        _merge(partition, pairs, order[same[order]], duplicate_threshold, same, probability)
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
    _merge(partition, pairs, order[~same[order]], threshold, same, probability)
    roots = np.array([partition.find(item) for item in range(len(sources))], dtype=np.int64)
    _, labels = np.unique(roots, return_inverse=True)
    return Clusters(labels.astype(np.int64), probability)


def _merge(
    partition: _Partition,
    pairs: ScoredPairs,
    order: npt.NDArray[np.int64],
    bar: float,
    same: npt.NDArray[np.bool_],
    probability: npt.NDArray[np.float64],
) -> None:
    """Merge the pairs of *order* at *bar* or above, in that order, where the rules allow."""
    for index in order[pairs.probability[order] >= bar]:
        a, b = int(pairs.left[index]), int(pairs.right[index])
        root_a, root_b = partition.find(a), partition.find(b)
        if root_a == root_b or not partition.allowed(root_a, root_b, same_source=bool(same[index])):
            continue
        partition.union(root_a, root_b)
        chance = float(pairs.probability[index])
        probability[a] = max(probability[a], chance)
        probability[b] = max(probability[b], chance)
