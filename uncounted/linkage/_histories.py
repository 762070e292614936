"""Clusters to capture histories: which sources documented each linked person.

This is the bridge from linkage to multiple systems estimation: one row per cluster, one 0/1
column per source, collapsed into patterns with counts for ``uncounted estimate``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # the estimate package is heavy to import; load it only when needed
    from uncounted.estimate.histories import CaptureHistories


def capture_table(clustered: pd.DataFrame) -> pd.DataFrame:
    """Distinct capture patterns with a ``count`` column (the CSV ``estimate`` reads)."""
    if clustered.empty:
        return pd.DataFrame(columns=["count"])
    presence = pd.crosstab(clustered["cluster_id"], clustered["source"]).clip(upper=1)
    sources = sorted(presence.columns.astype(str))
    presence.columns = presence.columns.astype(str)
    presence = presence[sources]
    table = presence.value_counts().rename("count").reset_index()
    return table.sort_values(sources, ascending=False, kind="stable").reset_index(drop=True)


def capture_histories(clustered: pd.DataFrame) -> CaptureHistories:
    """The linked records' capture histories, ready for any estimator."""
    from uncounted.estimate.histories import CaptureHistories

    table = capture_table(clustered)
    lists = tuple(column for column in table.columns if column != "count")
    return CaptureHistories(
        lists=lists,
        patterns=table[list(lists)].to_numpy(dtype=np.uint8),
        counts=table["count"].to_numpy(dtype=np.int64),
    )
