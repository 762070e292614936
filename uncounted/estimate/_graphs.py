"""Every decomposable (chordal) graphical model on a few lists, with cliques and separators.

dga averages over all decomposable graphs: 8, 61 and 822 of them for 3, 4 and 5 lists. R's
dga ships them as precomputed data; here they are enumerated from first principles, so the
set is checkable (a test asserts the counts) and extends to any small number of lists.

A clique or separator is a bit mask over the lists (list ``j`` is bit ``j``). The separators
are those of a junction tree (the non-empty ones, with multiplicity), which is what the
decomposable-model marginal likelihood needs: product over cliques over product over
separators.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations

MAX_LISTS_FOR_ENUMERATION = 6


@dataclass(frozen=True)
class DecomposableGraph:
    """One decomposable model: its maximal cliques and junction-tree separators (bit masks)."""

    n_lists: int
    cliques: tuple[int, ...]
    separators: tuple[int, ...]

    def clique_lists(self) -> tuple[tuple[int, ...], ...]:
        """The cliques as tuples of list positions, for display."""
        return tuple(_members(mask) for mask in self.cliques)

    @property
    def is_saturated(self) -> bool:
        """True for the complete graph (every interaction allowed)."""
        return self.cliques == ((1 << self.n_lists) - 1,)


def _members(mask: int) -> tuple[int, ...]:
    return tuple(bit for bit in range(mask.bit_length()) if mask >> bit & 1)


def _is_clique(mask: int, neighbours: list[int]) -> bool:
    """True when every two members of ``mask`` are adjacent."""
    return all(mask & ~(1 << v) & ~neighbours[v] == 0 for v in _members(mask))


def _is_chordal(p: int, neighbours: list[int]) -> bool:
    """Chordality by repeatedly removing simplicial vertices (fine for a handful of lists)."""
    remaining = (1 << p) - 1
    while remaining:
        for v in _members(remaining):
            if _is_clique(neighbours[v] & remaining, neighbours):
                remaining &= ~(1 << v)
                break
        else:
            return False
    return True


def _maximal_cliques(p: int, neighbours: list[int]) -> list[int]:
    cliques = [m for m in range(1, 1 << p) if _is_clique(m, neighbours)]
    return [m for m in cliques if not any(o != m and o & m == m for o in cliques)]


def _junction_separators(cliques: list[int]) -> tuple[int, ...]:
    """Non-empty separators of a maximum-weight spanning tree of the clique graph (Kruskal)."""
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted(
        combinations(range(len(cliques)), 2),
        key=lambda ij: -(cliques[ij[0]] & cliques[ij[1]]).bit_count(),
    )
    separators = []
    for i, j in pairs:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            shared = cliques[i] & cliques[j]
            if shared:
                separators.append(shared)
    return tuple(sorted(separators))


@cache
def decomposable_graphs(p: int) -> tuple[DecomposableGraph, ...]:
    """All decomposable graphs on ``p`` labelled lists (8, 61, 822 for p = 3, 4, 5)."""
    if not 1 <= p <= MAX_LISTS_FOR_ENUMERATION:
        raise ValueError(f"enumeration supports 1 to {MAX_LISTS_FOR_ENUMERATION} lists, not {p}")
    edges = list(combinations(range(p), 2))
    graphs = []
    for chosen in range(1 << len(edges)):
        neighbours = [0] * p
        for k, (a, b) in enumerate(edges):
            if chosen >> k & 1:
                neighbours[a] |= 1 << b
                neighbours[b] |= 1 << a
        if _is_chordal(p, neighbours):
            cliques = _maximal_cliques(p, neighbours)
            graphs.append(
                DecomposableGraph(p, tuple(sorted(cliques)), _junction_separators(cliques))
            )
    return tuple(graphs)
