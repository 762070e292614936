"""Hierarchical log-linear models on capture histories: terms, names and design matrices.

A *term* is a set of lists written as a bitmask (bit ``j`` is list ``j``); the intercept is
term 0, a main effect has one bit set, a two-way interaction two. A *cell* is a capture
pattern written the same way, so a term's column is 1 on exactly the cells that contain it.
Models are hierarchical and always hold every main effect, as Rcapture's ``closedpMS.t`` with
its default ``forced = 1:t``; they are named the way Rcapture names them (``[123,14,34]``) so
that results can be compared with R line by line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import combinations

import numpy as np
import numpy.typing as npt


def term_order(term: int) -> int:
    """The number of lists a term involves (0 for the intercept)."""
    return term.bit_count()


def term_lists(term: int) -> tuple[int, ...]:
    """The 0-based list indices of a term, in increasing order."""
    return tuple(j for j in range(term.bit_length()) if term >> j & 1)


def term_sort_key(term: int) -> tuple[int, tuple[int, ...]]:
    """Order terms by order, then lexicographically by lists (Rcapture's formula order)."""
    return term_order(term), term_lists(term)


@dataclass(frozen=True)
class LogLinearModel:
    """A hierarchical model: the intercept, every main effect and some interactions.

    ``interactions`` holds the terms of order 2 and more, closed under taking sub-terms of
    order 2 and more.
    """

    n_lists: int
    interactions: frozenset[int]

    @cached_property
    def terms(self) -> tuple[int, ...]:
        """Every term, intercept first, then main effects, then interactions by order."""
        mains = [1 << j for j in range(self.n_lists)]
        return (0, *mains, *sorted(self.interactions, key=term_sort_key))

    @property
    def n_parameters(self) -> int:
        """Parameters of the full model (intercept, main effects, interactions)."""
        return 1 + self.n_lists + len(self.interactions)

    def with_term(self, term: int) -> LogLinearModel:
        """The model with one more interaction (its sub-terms must already be present)."""
        return LogLinearModel(self.n_lists, self.interactions | {term})

    def generators(self) -> list[int]:
        """The maximal terms: those contained in no other term of the model."""
        covered = 0
        for term in self.interactions:
            covered |= term
        lone_mains = [1 << j for j in range(self.n_lists) if not covered >> j & 1]
        inter = list(self.interactions)
        maximal = lone_mains + [a for a in inter if not any(a != b and a & b == a for b in inter)]
        return sorted(maximal, key=lambda a: (-term_order(a), term_lists(a)))

    def name(self) -> str:
        """Rcapture's name: maximal terms by decreasing order, e.g. ``[123,14,34]``."""
        if self.n_lists > 9:
            return "[" + ",".join(_letters(g) for g in self.generators()) + "]"
        return "[" + ",".join(_digits(g) for g in self.generators()) + "]"

    def describe(self, lists: tuple[str, ...]) -> str:
        """The interactions with list names (``PF:NCA, LA:NG``); "main effects only" if none."""
        if not self.interactions:
            return "main effects only"
        ordered = sorted(self.interactions, key=term_sort_key)
        return ", ".join(":".join(lists[j] for j in term_lists(t)) for t in ordered)


def _digits(term: int) -> str:
    return "".join(str(j + 1) for j in term_lists(term))


def _letters(term: int) -> str:
    return ":".join(str(j + 1) for j in term_lists(term))


def main_effects_model(n_lists: int) -> LogLinearModel:
    """The independence model: main effects only."""
    return LogLinearModel(n_lists, frozenset())


def parse_model_name(name: str, n_lists: int) -> LogLinearModel:
    """The model an Rcapture-style name such as ``[123,14,34]`` stands for (up to 9 lists)."""
    body = name.strip().removeprefix("[").removesuffix("]")
    interactions: set[int] = set()
    for part in filter(None, body.split(",")):
        lists = [int(ch) - 1 for ch in part.strip()]
        for order in range(2, len(lists) + 1):
            for sub in combinations(lists, order):
                interactions.add(sum(1 << j for j in sub))
    return LogLinearModel(n_lists, frozenset(interactions))


def all_hierarchical_models(n_lists: int, max_order: int) -> list[LogLinearModel]:
    """Every hierarchical model with all main effects and interactions up to ``max_order``.

    The same set as Rcapture's ``getAllModels(t, maxorder, forced = 1:t)``: 8 models for 3
    lists, 6,893 for 5 lists up to order 4, 32,768 for 6 lists up to order 2. The list is
    built once per process (the bootstrap asks for it in every replicate).
    """
    return list(_enumerate_models(n_lists, max_order))


@cache
def _enumerate_models(n_lists: int, max_order: int) -> tuple[LogLinearModel, ...]:
    candidates = [
        sum(1 << j for j in combo)
        for order in range(2, max_order + 1)
        for combo in combinations(range(n_lists), order)
    ]
    return tuple(LogLinearModel(n_lists, frozenset(chosen)) for chosen in _down_sets(candidates))


def _down_sets(candidates: list[int]) -> Iterator[list[int]]:
    """Subsets of ``candidates`` (sorted by order) closed under sub-terms of order >= 2."""
    chosen: list[int] = []
    present: set[int] = set()

    def visit(i: int) -> Iterator[list[int]]:
        if i == len(candidates):
            yield list(chosen)
            return
        term = candidates[i]
        yield from visit(i + 1)
        subterms = [term & ~(1 << j) for j in term_lists(term)]
        if term_order(term) == 2 or all(s in present for s in subterms):
            chosen.append(term)
            present.add(term)
            yield from visit(i + 1)
            chosen.pop()
            present.discard(term)

    yield from visit(0)


def cell_patterns(n_lists: int) -> npt.NDArray[np.int64]:
    """The observable cells 1 .. 2**J - 1 (cell 0, never captured, is what is estimated)."""
    return np.arange(1, 2**n_lists, dtype=np.int64)


def design_matrix(
    terms: tuple[int, ...] | list[int], cells: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Columns of 0/1: entry ``(c, k)`` is 1 when cell ``c`` contains term ``k``."""
    term_arr = np.asarray(terms, dtype=np.int64)
    contains = (cells[:, None] & term_arr[None, :]) == term_arr[None, :]
    result: npt.NDArray[np.float64] = contains.astype(np.float64)
    return result
