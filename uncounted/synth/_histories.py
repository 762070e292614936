"""Capture histories: simulated directly from known parameters, or tallied from a world.

``simulate_histories`` serves estimation's parameter-recovery tests: a population of known
size N is split into latent classes, each list catches each person independently with its
class's probability, and only the patterns of people caught at least once are returned
(the format of ``uncounted estimate``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.synth._config import SynthConfigError


def pattern_table(seen: npt.NDArray[np.uint8], lists: Sequence[str]) -> pd.DataFrame:
    """Count the distinct non-empty rows of a 0/1 person-by-list matrix.

    Returns one 0/1 column per list and ``count``, without the all-zero pattern, sorted so
    the same matrix always gives the same table.
    """
    width = seen.shape[1]
    if width > 62:
        raise SynthConfigError("at most 62 lists can be tallied into capture histories")
    # the first list is the most significant bit, so codes sort like the rows read left to right
    shifts = np.arange(width - 1, -1, -1, dtype=np.int64)
    codes = (seen.astype(np.int64) << shifts).sum(axis=1)
    cells, counts = np.unique(codes[codes > 0], return_counts=True)
    patterns = (cells[:, None] >> shifts) & 1
    table = pd.DataFrame(patterns, columns=list(lists))
    table["count"] = counts.astype(np.int64)
    return table


def simulate_histories(
    n: int,
    capture_probs: Sequence[Sequence[float]],
    class_weights: Sequence[float],
    seed: int = 0,
    lists: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Capture histories of *n* people under heterogeneous capture.

    ``capture_probs[c][j]`` is the probability that list *j* catches a person of latent class
    *c*; ``class_weights[c]`` is the share of class *c* in the population (normalised here).
    Lists are named ``lists`` (default ``A``, ``B``, ...). The true size is *n*; the table
    holds only people caught at least once.
    """
    probs = np.asarray(capture_probs, dtype=np.float64)
    weights = np.asarray(class_weights, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[0] != len(weights) or probs.shape[1] < 1:
        raise SynthConfigError("capture_probs needs one row per class and one column per list")
    if n < 1 or (probs < 0).any() or (probs > 1).any() or (weights < 0).any() or weights.sum() <= 0:
        raise SynthConfigError(
            "simulate_histories needs n >= 1, probabilities in 0..1 and non-negative weights"
        )
    names = list(lists) if lists is not None else [chr(ord("A") + j) for j in range(probs.shape[1])]
    if len(names) != probs.shape[1]:
        raise SynthConfigError("lists must name every column of capture_probs")
    rng = np.random.default_rng(seed)
    klass = rng.choice(len(weights), size=n, p=weights / weights.sum())
    seen = (rng.random((n, probs.shape[1])) < probs[klass]).astype(np.uint8)
    return pattern_table(seen, names)
