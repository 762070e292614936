"""Capture histories: which lists each documented individual appears on.

A table of 0/1 patterns (one column per list) with a count per pattern. Every estimator in
this package takes a :class:`CaptureHistories`; reading and validation live here so that a
bad file is refused once, with the row and column named, before any model sees it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError


class CaptureHistoryError(InputError):
    """Raised when a capture-history table is malformed (names the file, row and column)."""


@dataclass(frozen=True)
class CaptureHistories:
    """Distinct non-empty capture patterns with their counts.

    ``patterns[i, j]`` is 1 when the individuals of row *i* appear on list *j*. Rows are
    distinct, no row is all zeros and every count is a positive integer.
    """

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.uint8]
    counts: npt.NDArray[np.int64]

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
