"""Pairwise precision and recall of a clustering against the truth (linkage tests)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PairwiseScore:
    """Pairwise precision, recall and F1 of predicted clusters against true entities."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def _pairs(frame: pd.DataFrame, column: str) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    found: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for _, group in frame.groupby(column):
        keys = sorted(zip(group["source"], group["record_id"], strict=True))
        found.update(itertools.combinations(keys, 2))
    return found


def pairwise_score(clustered: pd.DataFrame, truth_column: str) -> PairwiseScore:
    """Score ``cluster_id`` against *truth_column* over all within-cluster record pairs."""
    predicted = _pairs(clustered, "cluster_id")
    true = _pairs(clustered, truth_column)
    hits = len(predicted & true)
    return PairwiseScore(hits / max(len(predicted), 1), hits / max(len(true), 1))
