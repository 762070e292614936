"""Capture histories: which lists each documented individual appears on.

A table of 0/1 patterns (one column per list) with a count per pattern. Every estimator in
this package takes a :class:`CaptureHistories`; reading and validation live here so that a
bad file is refused once, with the row and column named, before any model sees it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from uncounted.estimate._capture_table import (
    CaptureHistoryError,
    ParsedTable,
    read_csv,
    validate_rows,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CaptureHistories", "CaptureHistoryError", "CovariateRows"]


@dataclass(frozen=True)
class CovariateRows:
    """The un-aggregated rows of a table that has covariate columns (for stratification).

    ``values[column][i]`` is the covariate value of row *i*, whose pattern and count are
    ``patterns[i]`` and ``counts[i]``. Kept apart from the aggregated patterns so that every
    estimator sees distinct patterns while :meth:`CaptureHistories.stratify` can split them.
    """

    patterns: npt.NDArray[np.uint8]
    counts: npt.NDArray[np.int64]
    values: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class CaptureHistories:
    """Distinct non-empty capture patterns with their counts.

    ``patterns[i, j]`` is 1 when the individuals of row *i* appear on list *j*. Rows are
    distinct, no row is all zeros and every count is a positive integer. ``covariates`` keeps
    the per-row covariate values when the table was read with ``strata``.
    """

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.uint8]
    counts: npt.NDArray[np.int64]
    covariates: CovariateRows | None = None

    @property
    def n_lists(self) -> int:
        """The number of lists (sources)."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """The number of documented individuals (the sum of the counts)."""
        return int(self.counts.sum())

    def cell_counts(self) -> npt.NDArray[np.int64]:
        """All ``2**J`` cells of the contingency table; cell 0 (never captured) is 0.

        The cell index of a pattern is ``sum(pattern[j] << j)``: list 0 is the least
        significant bit.
        """
        weights = np.left_shift(1, np.arange(self.n_lists, dtype=np.int64))
        index = self.patterns.astype(np.int64) @ weights
        cells = np.zeros(2**self.n_lists, dtype=np.int64)
        np.add.at(cells, index, self.counts)
        return cells

    @classmethod
    def from_cells(cls, lists: Sequence[str], cells: npt.ArrayLike) -> CaptureHistories:
        """Build from the ``2**J`` cell counts (cell 0 ignored); list 0 is the lowest bit."""
        cell_array = np.asarray(cells, dtype=np.int64)
        index = np.nonzero(cell_array[1:])[0] + 1
        bits = (index[:, None] >> np.arange(len(lists))) & 1
        return cls(tuple(lists), bits.astype(np.uint8), cell_array[index])

    @classmethod
    def from_csv(
        cls, path: str | Path, *, strata: str | Sequence[str] | None = None
    ) -> CaptureHistories:
        """Read a CSV with one 0/1 column per list and an optional ``count`` column.

        Without ``count`` each row is one individual. ``strata`` names covariate columns
        (for example ``eth``) that are kept for :meth:`stratify` instead of being read as
        lists. Raises :class:`CaptureHistoryError` listing every problem found.
        """
        return cls._from_parsed(read_csv(path, _as_names(strata)))

    @classmethod
    def from_dataframe(
        cls, frame: pd.DataFrame, *, strata: str | Sequence[str] | None = None
    ) -> CaptureHistories:
        """Build from a DataFrame laid out as the CSV (rows are numbered from 2, as in a file)."""
        header = [str(column) for column in frame.columns]
        cells = frame.to_numpy(dtype=object)
        rows = [(number + 2, list(row)) for number, row in enumerate(cells)]
        return cls._from_parsed(validate_rows("the table", header, rows, _as_names(strata)))

    @classmethod
    def _from_parsed(cls, table: ParsedTable) -> CaptureHistories:
        patterns, counts = _aggregate(table.patterns, table.counts)
        covariates = None
        if table.covariates:
            covariates = CovariateRows(table.patterns, table.counts, table.covariates)
        return cls(table.lists, patterns, counts, covariates)

    def stratify(self, column: str) -> dict[str, CaptureHistories]:
        """Split into one table per value of a covariate column (strata with people only)."""
        if self.covariates is None or column not in self.covariates.values:
            known = ", ".join(self.covariates.values) if self.covariates else "none"
            raise CaptureHistoryError(
                f"there is no covariate column {column!r} to stratify by (covariates: {known})"
            )
        values = np.array(self.covariates.values[column], dtype=object)
        strata: dict[str, CaptureHistories] = {}
        for value in dict.fromkeys(values.tolist()):
            keep = values == value
            patterns, counts = _aggregate(
                self.covariates.patterns[keep], self.covariates.counts[keep]
            )
            if counts.sum() > 0:
                strata[str(value)] = CaptureHistories(self.lists, patterns, counts)
        return strata


def _as_names(strata: str | Sequence[str] | None) -> tuple[str, ...]:
    if strata is None:
        return ()
    if isinstance(strata, str):
        return (strata,)
    return tuple(strata)


def _aggregate(
    patterns: npt.NDArray[np.uint8], counts: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Sum the counts of identical patterns, keeping the order of first appearance."""
    if len(patterns) == 0:
        return patterns, counts
    unique, first, inverse = np.unique(patterns, axis=0, return_index=True, return_inverse=True)
    totals = np.zeros(len(unique), dtype=np.int64)
    np.add.at(totals, inverse.reshape(-1), counts)
    order = np.argsort(first, kind="stable")
    keep = totals[order] > 0
    return unique[order][keep].astype(np.uint8), totals[order][keep]
