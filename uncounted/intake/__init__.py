"""Importers: reading CSV, XLSX and JSON lists into validated :class:`~uncounted.model.Record`.

Call :func:`read_records` (everything at once) or :func:`iter_records` (streaming, for bulk
import inside one transaction); :func:`read_records_file` reads the records format that
``uncounted link`` takes (each row names its source) with the same reader and rules. A bad
file raises :class:`ImportRejected`, whose ``errors`` name every problem by file, row and
field, and never repeat a cell's value.
"""

from __future__ import annotations

from uncounted.intake._limits import ImportLimits
from uncounted.intake._mapping import (
    FIELDS,
    IDENTIFIER,
    IGNORE,
    ColumnMapping,
    MappingFileError,
    header_key,
    identifier_fields,
    load_mapping,
)
from uncounted.intake._problems import ImportRejected, RowProblem
from uncounted.intake._reader import (
    DateKind,
    DateSurvey,
    ListCheck,
    ListPreview,
    ListReader,
    ParsedList,
    PreviewRow,
    check_list,
    column_mapping,
    iter_records,
    preview_list,
    read_records,
)
from uncounted.intake._records_file import (
    IDENTIFYING_FIELDS,
    RecordsTable,
    linked_identifiers,
    read_records_file,
)

__all__ = [
    "FIELDS",
    "IDENTIFIER",
    "IDENTIFYING_FIELDS",
    "IGNORE",
    "ColumnMapping",
    "DateKind",
    "DateSurvey",
    "ImportLimits",
    "ImportRejected",
    "ListCheck",
    "ListPreview",
    "ListReader",
    "MappingFileError",
    "ParsedList",
    "PreviewRow",
    "RecordsTable",
    "RowProblem",
    "check_list",
    "column_mapping",
    "header_key",
    "identifier_fields",
    "iter_records",
    "linked_identifiers",
    "load_mapping",
    "preview_list",
    "read_records",
    "read_records_file",
]
