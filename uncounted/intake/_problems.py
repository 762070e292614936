"""What goes wrong in a list, said so a caseworker can fix the file in one pass.

Every problem names the file, the row as a spreadsheet shows it (the header is row 1) and the
field; none repeats the cell's value, which may be someone's name or birth date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from uncounted.errors import InputError


@dataclass(frozen=True)
class RowProblem:
    """One problem in an imported file. ``row``/``field`` are None for whole-file problems."""

    file: str
    row: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class ImportRejected(InputError):
    """Raised when a list cannot be imported; ``errors`` holds every problem found.

    Nothing is imported when this is raised: callers treat the whole file as one transaction.
    """

    def __init__(self, file: str, errors: Sequence[RowProblem]) -> None:
        self.file = file
        self.errors = list(errors)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        if count == 1 and self.errors[0].row is None:
            return f"{self.file}: {self.errors[0]}"
        noun = "problem" if count == 1 else "problems"
        return f"{self.file}: {count} {noun}; first: {self.errors[0]}"


def file_problem(file: str, reason: str) -> ImportRejected:
    """An :class:`ImportRejected` for a file that cannot be read at all."""
    return ImportRejected(file, [RowProblem(file, None, None, reason)])
