"""Scored pairs built by hand, and a strategy of random edges, for the clustering tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from uncounted.linkage import ScoredPairs


def scored_pairs(edges: list[tuple[int, int, float]]) -> ScoredPairs:
    """Pairs (left, right, probability) as the scorer hands them to the clustering."""
    left = np.array([a for a, _, _ in edges], dtype=np.int64)
    right = np.array([b for _, b, _ in edges], dtype=np.int64)
    probability = np.array([p for _, _, p in edges], dtype=np.float64)
    return ScoredPairs(left, right, probability, np.log2(probability / (1 - probability + 1e-12)))


edges = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.floats(0.01, 0.99)).filter(
        lambda edge: edge[0] != edge[1]
    ),
    max_size=40,
)
