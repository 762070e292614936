"""Link a table of records into people: the one function every caller uses.

``link_records`` takes a validated records frame (DESIGN.md records format) and returns the
same rows with ``cluster_id`` and ``match_probability``, the candidate pairs, and a summary.
Reviewers' decisions are applied as hard constraints; the uncertain band of pairs is
returned for clerical review.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.linkage._backends import Backend
from uncounted.linkage._blocking import DEFAULT_CAP
from uncounted.linkage._clustering import Clusters, ScoredPairs, Traits, cluster, traits_of
from uncounted.linkage._features import build_features
from uncounted.linkage._model import score_pairs
from uncounted.linkage._review import Decisions, positions_of


@dataclass(frozen=True)
class LinkConfig:
    """How to link: match threshold, review band, backend and optional extra columns.

    ``extra_columns`` names further identifying columns of the input (an ID number, an
    address) to compare as folded strings; ``block_on`` those of them selective enough to
    propose candidate pairs by exact agreement alone. ``block_cap`` is the most records one
    blocking-key value may gather before it is refined or dropped (it bounds the pairs
    compared per record, so common names cannot make the work grow quadratically).
    ``duplicate_threshold`` is the probability two records of one list must reach to be
    linked as the list's duplicate (stricter than ``threshold``) in a list that shows
    duplicates; in a list that shows hardly any, 0.9 (see ``duplicate_bars``); ``None``
    never links them.
    """

    threshold: float = 0.5
    review_band: tuple[float, float] = (0.1, 0.9)
    backend: Backend = "duckdb"
    extra_columns: tuple[str, ...] = ()
    block_on: tuple[str, ...] = ()
    seed: int = 0
    block_cap: int = DEFAULT_CAP
    duplicate_threshold: float | None = 0.7
    near_misses: bool = True
    """Search, for records left with no likely link, pairs outside the blocking, for review
    (``LinkResult.near_misses``; never linked without a reviewer's decision)."""

    @property
    def within_source(self) -> bool:
        """Whether duplicates inside one list are looked for (and linked at their threshold)."""
        return self.duplicate_threshold is not None


@dataclass(frozen=True)
class LinkResult:
    """Input rows with ``cluster_id`` and ``match_probability``, scored pairs and a summary."""

    records: pd.DataFrame
    pairs: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    near_misses: pd.DataFrame | None = None
    """Pairs no blocking key proposed, scored by the same model, for records with no
    likely link: offered for review (``review_pairs``), never used by the clustering."""
    traits: Traits | None = None
    """What the clustering read of each record, in linking order (for :func:`relink`)."""
    lists_with_duplicates: tuple[str, ...] = ()
    """The lists the clustering found to show duplicates (``lists_with_duplicates`` of
    ``_clustering``): their own pairs are linked at the duplicates' threshold, the other
    lists' at 0.9; the review weighs a pair of one list by the same answer."""

    @property
    def given_names(self) -> npt.NDArray[np.int64] | None:
        """Each record's full given name as the clustering read it (a number; -1 for an
        initial, an unknown name or none), in the rows' order (for :func:`review_pairs`)."""
        if self.traits is None:
            return None
        order = linking_order(self.records)
        given = np.empty(len(order), dtype=np.int64)
        given[order] = self.traits.given
        return given

    @property
    def clusters(self) -> int:
        """How many distinct people (clusters) the records were linked into."""
        return int(self.records["cluster_id"].nunique()) if len(self.records) else 0


def _pairs_frame(frame: pd.DataFrame, pairs: ScoredPairs) -> pd.DataFrame:
    """The *pairs* as a frame of the caller's rows, with each pair's agreement pattern
    (``pattern``: one whole number per pattern of comparison levels, -1 when not known)."""
    sources = frame["source"].to_numpy()
    ids = frame["record_id"].to_numpy()
    pattern = pairs.pattern if pairs.pattern is not None else np.full(len(pairs.left), -1)
    return pd.DataFrame(
        {
            "left": pairs.left,
            "right": pairs.right,
            "source_l": sources[pairs.left],
            "record_id_l": ids[pairs.left],
            "source_r": sources[pairs.right],
            "record_id_r": ids[pairs.right],
            "match_probability": pairs.probability,
            "match_weight": pairs.weight,
            "pattern": np.asarray(pattern, dtype=np.int64),
        }
    )


def _empty_pairs() -> ScoredPairs:
    empty = np.zeros(0, dtype=np.int64)
    return ScoredPairs(empty, empty.copy(), np.zeros(0), np.zeros(0))


def linking_order(records: pd.DataFrame) -> npt.NDArray[np.int64]:
    """The positions of *records* in the order they are linked: by (source, record_id),
    whatever order they came in, so the same records give the same clusters byte for byte
    (:func:`link_records`, :func:`relink` and :attr:`LinkResult.given_names` share it)."""
    return np.lexsort((records["record_id"].astype(str), records["source"].astype(str)))


def link_records(
    frame: pd.DataFrame, config: LinkConfig | None = None, decisions: Decisions | None = None
) -> LinkResult:
    """Link the rows of a validated records *frame* into clusters of one person each.

    The rows are linked in the order of (source, record_id), whatever order they came in,
    so the same records always give the same clusters and cluster ids, byte for byte.
    """
    config = config or LinkConfig()
    started = time.perf_counter()
    given = frame.reset_index(drop=True)
    order = linking_order(given)
    frame = given.iloc[order].reset_index(drop=True)
    cpu: dict[str, float] = {}
    at = time.process_time()
    features = build_features(frame, config.extra_columns, config.block_cap)
    cpu["features"] = time.process_time() - at
    parameters: dict[str, Any] = {}
    compared = 0
    pairs = _empty_pairs()
    near = _empty_pairs()
    if frame["source"].nunique() > 1 or config.within_source:
        # Decisions bind the clustering only. Fed to training as labelled pairs, a few dozen
        # decisions moved EM's starting point, and a perfect reviewer lowered F1 (0.885 to
        # 0.858 on random setting 5016, benchmarks/linkage_review.py).
        labels = None
        run = score_pairs(
            features,
            config.extra_columns,
            config.block_on,
            config.backend,
            labels=labels,
            keep_above=min(config.review_band[0], config.threshold),
            seed=config.seed,
            within_source=config.within_source,
            near_misses_below=config.threshold if config.near_misses else None,
        )
        pairs, compared, parameters = run.pairs, run.pairs_compared, run.parameters
        near = run.near_misses if run.near_misses is not None else near
        cpu.update(run.cpu_seconds)
    at = time.process_time()
    traits = traits_of(features)
    clusters = _clustered(frame, traits, pairs, config, decisions)
    cpu["clustering"] = time.process_time() - at
    records = _with_clusters(given, order, clusters)
    summary = {
        "records": len(frame),
        "sources": int(frame["source"].nunique()),
        "clusters": int(np.unique(clusters.labels).size),
        "pairs_compared": compared,
        "pairs_scored": len(pairs.left),
        "threshold": config.threshold,
        "backend": config.backend,
        "seconds": round(time.perf_counter() - started, 3),
        # CPU seconds of this process (every thread) per step: what grows with the input,
        # read apart from the machine's other load.
        "cpu_seconds": {step: round(value, 2) for step, value in cpu.items()},
        "model": parameters,
        "warnings": [str(parameters["warning"])] if "warning" in parameters else [],
    }
    return LinkResult(
        records,
        _pairs_frame(given, _in_given_order(pairs, order)),
        summary,
        _pairs_frame(given, _in_given_order(near, order)),
        traits,
        clusters.lists_with_duplicates,
    )


def _clustered(
    frame: pd.DataFrame,
    traits: Traits,
    pairs: ScoredPairs,
    config: LinkConfig,
    decisions: Decisions | None,
) -> Clusters:
    """Clusters of the records of *frame* (in linking order) from their scored *pairs*."""
    must, cannot = positions_of(frame, decisions) if decisions else ([], [])
    return cluster(
        list(frame["source"]),
        pairs,
        config.threshold,
        must,
        cannot,
        config.duplicate_threshold,
        traits,
    )


def _with_clusters(
    given: pd.DataFrame, order: npt.NDArray[np.int64], clusters: Clusters
) -> pd.DataFrame:
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    records = given.copy()
    records["cluster_id"] = clusters.labels[back]
    records["match_probability"] = np.round(clusters.probability, 6)[back]
    return records


def relink(
    result: LinkResult, config: LinkConfig | None = None, decisions: Decisions | None = None
) -> LinkResult:
    """*result* clustered again with *decisions*, without training or scoring again.

    Decisions bind the clustering only (they are not fed to training), so this gives the
    clusters :func:`link_records` gives for the same records and decisions, in a fraction
    of the time: what a review loop runs after each decision. *config* must be the one
    *result* was linked with (its threshold and duplicates' threshold are used again).
    """
    config = config or LinkConfig()
    given = result.records.drop(columns=["cluster_id", "match_probability"]).reset_index(drop=True)
    order = linking_order(given)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    frame = given.iloc[order].reset_index(drop=True)
    scored = result.pairs
    pairs = ScoredPairs(
        back[scored["left"].to_numpy(dtype=np.int64)],
        back[scored["right"].to_numpy(dtype=np.int64)],
        scored["match_probability"].to_numpy(dtype=np.float64),
        scored["match_weight"].to_numpy(dtype=np.float64),
        scored["pattern"].to_numpy(dtype=np.int64) if "pattern" in scored.columns else None,
    )
    traits = result.traits
    if traits is None:
        traits = traits_of(build_features(frame, config.extra_columns, config.block_cap))
    clusters = _clustered(frame, traits, pairs, config, decisions)
    summary = {**result.summary, "clusters": int(np.unique(clusters.labels).size)}
    return LinkResult(
        _with_clusters(given, order, clusters),
        result.pairs,
        summary,
        result.near_misses,
        traits,
        clusters.lists_with_duplicates,
    )


def _in_given_order(pairs: ScoredPairs, order: npt.NDArray[np.int64]) -> ScoredPairs:
    """Pairs with positions of the caller's row order, listed by those positions."""
    left, right = order[pairs.left], order[pairs.right]
    low, high = np.minimum(left, right), np.maximum(left, right)
    listed = np.lexsort((high, low))
    pattern = None if pairs.pattern is None else pairs.pattern[listed]
    return ScoredPairs(
        low[listed], high[listed], pairs.probability[listed], pairs.weight[listed], pattern
    )
