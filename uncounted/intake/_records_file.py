"""Records files (the format ``uncounted link`` reads), read by the importer's reader.

A records file is a list in which every row names its own source (``source`` column) and
record ids are unique per source (DESIGN.md, "Data formats"). It is read and checked exactly as
an import is, by :class:`ListReader`: the same encodings, formats, column names, mapping files,
field rules and messages, so a row the importer accepts is a row linkage accepts and a bad
file is refused the same way, whole, naming file, row and field.

What linkage gets is a table of text: each field as the validator read it (dates as
``YYYY[-MM[-DD]]``, ages as digits, sex and event type as codes, a place as its gazetteer code
or, when the gazetteer does not know it, as written) and the extra columns as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from uncounted.intake._mapping import ColumnMapping, is_document
from uncounted.intake._reader import ListReader, column_mapping
from uncounted.messages import N_
from uncounted.model import Record, linked_place

_NAMES = ("name", "name_original")
#: Fields of the records format that identify a person but are not among the fields the
#: model always compares: compared as further identifiers when a file fills them.
IDENTIFYING_FIELDS = ("address", "contact")


@dataclass(frozen=True)
class RecordsTable:
    """A records file read in full: its columns, their values as text, and warnings."""

    file: str
    columns: tuple[str, ...]
    values: Mapping[str, list[str]]
    warnings: tuple[str, ...] = ()
    #: the columns holding further identifiers (recognised headers or mapped to
    #: ``identifier``), under their own headers: linkage compares them
    identifiers: tuple[str, ...] = ()
    #: those of them that are document numbers (selective enough to propose pairs on)
    documents: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.values["record_id"])


def field_text(record: Record, name: str) -> str:
    """One field of a validated record as text (``""`` when absent)."""
    if name == "place":
        return linked_place(record.place, record.place_text)
    value = getattr(record, name, None)  # a row telling no acts is a plain Record
    if isinstance(value, tuple):  # the acts: codes as the vault keeps them
        return "|".join(value)
    return "" if value is None else str(value)


def read_records_file(
    path: Path,
    *,
    extra_columns: Iterable[str] = (),
    mapping: Path | ColumnMapping | None = None,
    encoding: str | None = None,
) -> RecordsTable:
    """Read and validate a records file; :class:`ImportRejected` names every problem.

    ``extra_columns`` are further columns to keep as text (e.g. a document number to compare);
    columns with a header recognised as a further identifier (``soc_sec_id``, ``passport``,
    ``postcode``, ``улица``: :data:`~uncounted.intake._mapping.DOCUMENT_HEADERS` and
    ``ADDRESS_HEADERS``) or mapped to ``identifier`` are kept without being named.
    """
    extra = tuple(dict.fromkeys(extra_columns))
    reader = ListReader(
        Path(path), None, column_mapping(mapping), encoding, extra=extra, names_required=False
    )
    values: dict[str, list[str]] = {}
    fields: list[str] = []
    kept: list[str] = []
    for record, cells in reader.rows():
        if not values:  # the header has been read: the columns are known
            kept = list(reader.kept)
            fields = [name for name in reader.columns if name not in kept]
            fields += [name for name in reader.mapping.defaults if name not in fields]
            values = {name: [] for name in (*reader.columns, *fields)}
        for name in fields:
            values[name].append(field_text(record, name))
        for name, cell in zip(kept, cells, strict=True):
            values[name].append(cell)
    warnings = (*reader.warnings, *_warnings(values))
    found = reader.identifiers
    documents = tuple(name for name in found if is_document(name))
    return RecordsTable(reader.file, tuple(values), values, warnings, found, documents)


def linked_identifiers(
    values: Mapping[str, Sequence[object]], identifiers: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The further columns linkage compares and those it proposes pairs on, one rule for
    ``uncounted link`` and the register: every further identifier (a passport number, a
    street) and the identifying fields some record fills are compared; document numbers also
    propose pairs."""
    found = tuple(dict.fromkeys(identifiers))
    filled = [name for name in IDENTIFYING_FIELDS if any(values.get(name, ()))]
    compared = tuple(dict.fromkeys((*found, *filled)))
    return compared, tuple(name for name in found if is_document(name))


def _warnings(values: Mapping[str, list[str]]) -> tuple[str, ...]:
    """What a caseworker should know before trusting the links of this file."""
    warnings: list[str] = []
    if len(values["record_id"]) == 1:
        warnings.append(N_("the file holds one record: there is nothing to link it with"))
    names = [values.get(name, ()) for name in _NAMES]
    if not any(any(column) for column in names):
        warnings.append(N_("no record has a name: records are linked on their other fields only"))
    return tuple(warnings)
