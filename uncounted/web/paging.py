"""How the web app's lists are paged: fifty rows a page, and one row more asked of the vault, so
that a page knows whether another follows without counting the whole list.

The records, people, events and register lists share this (each had its own ``PAGE_SIZE``);
the audit trail pages by its own size and a count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

PAGE_SIZE = 50

_Row = TypeVar("_Row")


@dataclass(frozen=True)
class Paging:
    """Page *number* of a list (the first is 1)."""

    number: int
    #: how many rows to ask for: one more than a page shows
    limit: int = PAGE_SIZE + 1

    @classmethod
    def at(cls, page: int) -> Paging:
        """The page asked for in a query (anything below 1 is the first)."""
        return cls(max(page, 1))

    @property
    def offset(self) -> int:
        """How many rows come before this page."""
        return (self.number - 1) * PAGE_SIZE

    def rows(self, fetched: Sequence[_Row]) -> Sequence[_Row]:
        """What the page shows of the *fetched* rows (at most :data:`PAGE_SIZE`)."""
        return fetched[:PAGE_SIZE]

    def more(self, fetched: Sequence[object]) -> bool:
        """Whether another page follows (the extra row was there)."""
        return len(fetched) > PAGE_SIZE
