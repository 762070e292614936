"""The one way a command prints a table for people to read: every column folds a value that
does not fit onto the next line instead of cutting it with "…".

Rich cuts by default. Walking ``uncounted records`` and ``records history`` in an 80-column
terminal (walkday5, session 24), a caseworker read "Хусейно…", "detenti…", "ru-ce-ur…" and a
revision made "2026-12-…": a name, a place and the date of a change that could not be read,
nor copied into the next command.
"""

from __future__ import annotations

from rich.table import Table


def whole_table(*headers: str) -> Table:
    """A table with a column for each of *headers* whose cells are printed whole."""
    table = Table(*headers)
    for column in table.columns:
        column.overflow = "fold"
    return table
