"""What goes wrong in a list, said so a caseworker can fix the file in one pass.

Every problem names the file, the row as a spreadsheet shows it (the header is row 1) and the
column by the file's own header ("Дата рождения", not ``birth_date``: the reader knows which
header holds which field, and the command line and the web both say what it says); none
repeats the cell's value, which may be someone's name or birth date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from uncounted.errors import InputError
from uncounted.messages import N_, Counted, Message, printable


@dataclass(frozen=True)
class RowProblem:
    """One problem in an imported file. ``row``/``field`` are None for whole-file problems;
    ``column`` is the file's header of ``field`` (None when the reader did not get that far);
    ``needs_date_order`` when a date order in the mapping (how 05/03/1990 reads) settles it."""

    file: str
    row: int | None
    field: str | None
    reason: str
    column: str | None = None
    needs_date_order: bool = False

    def __str__(self) -> str:
        return str(self.message)

    @property
    def message(self) -> Message:
        """Where and what, as a translatable sentence ("row 3, column “Возраст”: ...")."""
        if self.row is not None and self.column:
            template = N_("row {row}, column “{column}”: {reason}")
        elif self.row is not None and self.field is not None:
            template = N_("row {row}, field {field}: {reason}")
        elif self.row is not None:
            template = N_("row {row}: {reason}")
        elif self.field is not None:
            template = N_("field {field}: {reason}")
        else:
            return self.reason if isinstance(self.reason, Message) else Message(self.reason)
        column = None if self.column is None else printable(self.column)  # a header: outside text
        return Message(template, row=self.row, field=self.field, column=column, reason=self.reason)


@dataclass(frozen=True)
class ListRead:
    """What the reader read of a list it refused: its kind ("CSV, UTF-8"), the data rows with
    anything in them (0: none, or refused at its header), and the file's headers its
    problems name.
    A refusal says it beside its one line (the command line's ``import``), so that a
    caseworker sees what was read of the file, not only what was wrong."""

    kind: str
    rows: int | None
    """None: refused at its header, before any row was read (review of stop 26: such a
    list was said to have "no row with data", as if empty)."""
    columns: tuple[str, ...] = ()


#: The columns a refusal's summary names at most (then "…").
NAMED_COLUMNS = 5


class ImportRejected(InputError):
    """Raised when a list cannot be imported; ``errors`` holds every problem found.

    Nothing is imported when this is raised: callers treat the whole file as one transaction.
    """

    def __init__(
        self,
        file: str,
        errors: Sequence[RowProblem],
        total: int | None = None,
        *,
        listed: bool = False,
        read: ListRead | None = None,
    ) -> None:
        self.file = file
        self.errors = list(errors)
        #: What was read of the file before it was refused (None: it could not be opened).
        self.read = read
        #: Problems found, which may be more than ``errors`` keeps (see ``ImportLimits``).
        self.total = len(self.errors) if total is None else max(total, len(self.errors))
        #: Whether each problem was already said, one line each (the command line's import):
        #: the summary then only counts them, so that none is said twice.
        self.listed = listed
        super().__init__(self._summary())

    def _summary(self) -> Message:
        count = self.total
        first = self.errors[0].message
        if count == 1:
            return Message(N_("{file}: {problem}"), file=self.file, problem=first)
        if self.listed:
            template = N_("{file}: {count} problems, each said above; nothing was imported")
        else:
            template = N_("{file}: {count} problems; first: {problem}")
        return Message(template, file=self.file, count=count, problem=first)

    def as_listed(self) -> ImportRejected:
        """The same refusal, once each of its problems was said on a line of its own."""
        return ImportRejected(self.file, self.errors, self.total, listed=True, read=self.read)

    def what_was_read(self) -> Message | None:
        """What was read of the file, how many rows and which problems, as one sentence
        ending in "nothing was written" (None when the file could not be opened)."""
        if self.read is None:
            return None
        problems = Counted(N_("%(num)d problem"), N_("%(num)d problems"), self.total)
        values: dict[str, object] = {"file": self.file, "kind": self.read.kind}
        if self.read.rows is None:
            template = N_(
                "Read {file} ({kind}): refused at its header, its rows not read; {problems};"
                " nothing was written."
            )
            return Message(template, problems=problems, **values)
        if not self.read.rows:
            template = N_(
                "Read {file} ({kind}): no row with data; {problems}; nothing was written."
            )
            return Message(template, problems=problems, **values)
        rows = Counted(N_("%(num)d row"), N_("%(num)d rows"), self.read.rows)
        named = [printable(column) for column in self.read.columns[:NAMED_COLUMNS]]
        if len(self.read.columns) > NAMED_COLUMNS:
            named.append("…")
        if not named:
            template = N_(
                "Read {file} ({kind}): {rows} with data; {problems}; nothing was written."
            )
            return Message(template, rows=rows, problems=problems, **values)
        template = N_(
            "Read {file} ({kind}): {rows} with data; {problems} (columns {columns}); nothing"
            " was written."
        )
        columns = ", ".join(named)
        return Message(template, rows=rows, problems=problems, columns=columns, **values)


def file_problem(file: str, reason: str) -> ImportRejected:
    """An :class:`ImportRejected` for a file that cannot be read at all."""
    return ImportRejected(file, [RowProblem(file, None, None, reason)])
