"""Which column of a list holds which field, and how its values translate to codes.

Lists from other organisations name their columns in their own way ("ФИО", "Дата рожд.").
Common English and Russian headers are recognised without help; anything else is described in
a mapping file (TOML)::

    [columns]                 # column header in the file = field of uncounted
    "ФИО" = "name"
    "Примечание" = "ignore"   # a column deliberately left out
    "Военный билет" = "identifier"  # another identifier: sealed, and compared by linkage

    [values.event_type]       # this file's words for codes
    "задержан" = "detention"

    [defaults]                # a value for a field the file does not have
    event_type = "detention"

    [dates]                   # how dates written 05/03/1990 are read: 5 March
    order = "day-first"       # (or "month-first": 3 May); without it they are refused

    [rows]                    # a list without a record-number column: each row is known
    numbered = true           # by its row number (as --number-rows; "Number the rows")
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from uncounted.errors import InputError
from uncounted.messages import N_, Message
from uncounted.model import (
    DATE_ORDERS,
    PERSON_COLUMNS,
    RECORD_COLUMNS,
    DateOrder,
    spelling_key,
)

#: The fields a column may hold: the records format's columns (where the record came from, then
#: its person and event: the one list in ``model/_records_format.py``), with the case it joins
#: after its number and what a list may tell beyond that format after them, in the order the
#: web's mapping step offers them.
FIELDS = (
    *RECORD_COLUMNS[:2],
    "case",
    *PERSON_COLUMNS,
    "role",
    "contact",
    "address",
    "testimony",
    "act_types",
    "status",
    "detained_from",
    "detained_until",
)
IGNORE = "ignore"
#: A column holding a further identifier of the person (a document number, a part of an
#: address): kept under its own header, sealed with the identity, compared by linkage.
#: Any number of columns may hold one.
IDENTIFIER = "identifier"
CODED_FIELDS = ("sex", "event_type", "role", "place", "act_types", "status")

_ALIASES: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "record id", "record", "no", "number", "№", "номер", "запись", "n"),
    "case": ("case id", "case reference", "дело", "кейс", "номер дела"),
    "name": ("full name", "фио", "ф.и.о.", "имя", "name latin", "name (latin)"),
    "name_original": ("original name", "name in original script", "фио в оригинале"),
    "birth_date": ("date of birth", "dob", "birth", "birth year", "дата рождения", "год рождения"),
    "age": ("возраст", "age at event"),
    "sex": ("пол",),
    "place": ("location", "district", "village", "место", "населенный пункт", "район"),
    "event_date": ("date", "дата", "дата события", "date of event", "дата задержания"),
    "event_type": ("type", "violation", "тип", "тип события", "вид нарушения", "нарушение"),
    "role": ("роль",),
    "contact": ("phone", "telephone", "contacts", "телефон", "контакт", "контакты"),
    "address": ("адрес",),
    "testimony": ("description", "statement", "показания", "рассказ", "описание"),
    "source": ("источник",),
    "act_types": (
        "acts",
        "act",
        "act type",
        "what was done",
        "violations suffered",
        "действия",
        "что сделали",
        "что с ним сделали",
        "виды насилия",
    ),
    "status": (
        "victim status",
        "status now",
        "current status",
        "whereabouts",
        "статус",
        "текущий статус",
        "судьба",
        "местонахождение",
    ),
    "detained_from": (
        "detention start",
        "detained since",
        "start of detention",
        "начало задержания",
        "начало содержания",
        "задержан с",
        "под стражей с",
    ),
    "detained_until": (
        "detention end",
        "end of detention",
        "release date",
        "date of release",
        "released",
        "released on",
        "конец задержания",
        "дата освобождения",
        "освобожден",
        "освобождён",
        "освобожден(а)",
    ),
}


#: Headers recognised as further identifiers without a mapping file (docs/import.md lists
#: them). Documents are numbers that single a person out, selective enough for linkage to
#: propose pairs on them alone; address parts are compared but never propose pairs (a
#: street or a region is shared by thousands).
DOCUMENT_HEADERS = (
    "soc_sec_id",
    "ssn",
    "social security number",
    "national id",
    "id number",
    "passport",
    "passport number",
    "passport no",
    "document",
    "document number",
    "document no",
    "identity document",
    "inn",
    "snils",
    "паспорт",
    "номер паспорта",
    "серия и номер паспорта",
    "паспортные данные",
    "документ",
    "номер документа",
    "удостоверение личности",
    "инн",
    "снилс",
)
ADDRESS_HEADERS = (
    "street",
    "street_number",
    "street number",
    "house",
    "house number",
    "address_1",
    "address_2",
    "address line 1",
    "address line 2",
    "suburb",
    "city",
    "town",
    "postcode",
    "postal code",
    "zip",
    "zip code",
    "state",
    "region",
    "province",
    "улица",
    "дом",
    "номер дома",
    "квартира",
    "город",
    "село",
    "индекс",
    "почтовый индекс",
    "область",
    "регион",
    "республика",
    "место жительства",
    "адрес проживания",
    "адрес регистрации",
)


class MappingFileError(InputError):
    """Raised when a mapping file cannot be read or names an unknown field or code."""


def _key(header: str) -> str:
    return spelling_key(header) or header.strip()


def header_key(header: str) -> str:
    """The form of a column header that two spellings of it share ("Дата рождения",
    "дата  рождения"): what :meth:`ColumnMapping.field_for` compares, and what a mapping
    saved for a source is looked up by."""
    return _key(header)


_KNOWN = {_key(name): name for name in FIELDS} | {
    _key(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}
_IDENTIFIERS = {_key(header) for header in (*DOCUMENT_HEADERS, *ADDRESS_HEADERS)}
_DOCUMENTS = {_key(header) for header in DOCUMENT_HEADERS}


def identifier_fields(found: Mapping[str, str]) -> dict[str, str]:
    """A record's further identifiers (header -> value) as fields of its sealed identity."""
    return {f"{IDENTIFIER}:{header}": value for header, value in found.items() if value}


def is_document(header: str) -> bool:
    """Whether *header* names a document number (selective enough to propose pairs on)."""
    return _key(header) in _DOCUMENTS


@dataclass(frozen=True)
class ColumnMapping:
    """How one file's columns and values map onto uncounted's record fields."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    #: How a date written with slashes (05/03/1990) is read; None: such dates are refused
    #: (``MM/YYYY`` and every other form are read whatever it says).
    date_order: DateOrder | None = None
    #: Whether the list has no record-number column and each row is known by its row number
    #: in the file instead, as a spreadsheet numbers it ("2" for the first row under the
    #: header): a list imported again is then matched to the records it brought by row
    #: position only (``uncounted import --number-rows``; "Number the rows" on the web).
    number_rows: bool = False

    def field_for(self, header: str) -> str | None:
        """The field a column header names (``"ignore"`` for a left-out column,
        ``"identifier"`` for a further identifier), or None."""
        key = _key(header)
        for column, target in self.columns.items():
            if _key(column) == key:
                return target
        if key in _IDENTIFIERS and key not in _KNOWN:
            return IDENTIFIER
        return _KNOWN.get(key)

    def assign(self, headers: Sequence[str]) -> tuple[list[str | None], list[str]]:
        """For each header its field (None for ignored columns), and reasons for bad headers."""
        fields: list[str | None] = []
        reasons: list[str] = []
        seen: dict[str, int] = {}
        for position, header in enumerate(headers, start=1):
            target = self.field_for(header) if header.strip() else IGNORE
            if target is None:
                reasons.append(
                    Message(
                        N_(
                            "column {column} is not a field uncounted knows; "
                            "name it in a mapping file (or map it to ignore)"
                        ),
                        column=position,
                    )
                )
            elif target == IDENTIFIER:
                pass  # any number of columns may hold further identifiers
            elif target != IGNORE and target in seen:
                reasons.append(
                    Message(
                        N_("columns {first} and {second} both hold {field}"),
                        first=seen[target],
                        second=position,
                        field=target,
                    )
                )
            elif target != IGNORE:
                seen[target] = position
            fields.append(None if target in (None, IGNORE, IDENTIFIER) else target)
        return fields, reasons

    def translate(self, field_name: str, value: str) -> str:
        """This file's word for a code turned into the code (unchanged when not mapped)."""
        table = self.values.get(field_name)
        if not table:
            return value
        key = _key(value)
        for word, code in table.items():
            if _key(word) == key:
                return code
        return value


def _table(name: str, data: object, where: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise MappingFileError(
            N_("{file}: [{section}] must map text to text"), file=name, section=where
        )
    return dict(data)


def _check_field(name: str, section: str, target: str, *, allow_ignore: bool = False) -> None:
    if target in FIELDS or (allow_ignore and target in (IGNORE, IDENTIFIER)):
        return
    raise MappingFileError(
        N_("{file}: [{section}] names a field uncounted does not know"), file=name, section=section
    )


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping TOML file; :class:`MappingFileError` when it is malformed."""
    name = path.name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise MappingFileError(N_("{file}: mapping file not found"), file=name) from None
    except (OSError, UnicodeDecodeError):
        raise MappingFileError(N_("{file}: the mapping file cannot be read"), file=name) from None
    except tomllib.TOMLDecodeError as error:
        raise MappingFileError(
            N_("{file}: not valid TOML ({cause})"), file=name, cause=error
        ) from None
    unknown = set(data) - {"columns", "values", "defaults", "dates", "rows"}
    if unknown:
        raise MappingFileError(
            N_("{file}: unknown section; use columns, values, defaults, dates and rows"),
            file=name,
        )
    columns = _table(name, data.get("columns", {}), "columns")
    for target in columns.values():
        _check_field(name, "columns", target, allow_ignore=True)
    defaults = _table(name, data.get("defaults", {}), "defaults")
    for target in defaults:
        _check_field(name, "defaults", target)
    if "record_id" in defaults:
        raise MappingFileError(
            N_("{file}: [defaults] cannot give every row the same record_id"), file=name
        )
    raw_values = data.get("values", {})
    if not isinstance(raw_values, dict):
        raise MappingFileError(N_("{file}: [values] must hold one table per field"), file=name)
    values: dict[str, Mapping[str, str]] = {}
    for target, table in raw_values.items():
        if target not in CODED_FIELDS:
            raise MappingFileError(
                N_("{file}: [values] applies only to {fields}"),
                file=name,
                fields=", ".join(CODED_FIELDS),
            )
        values[target] = MappingProxyType(_table(name, table, f"values.{target}"))
    order = _date_order(name, data.get("dates", {}))
    numbered = _numbered(name, data.get("rows", {}))
    return ColumnMapping(
        MappingProxyType(columns), MappingProxyType(values), defaults, order, numbered
    )


def _numbered(name: str, data: object) -> bool:
    """The ``numbered`` of a mapping file's ``[rows]`` table (False when it has none): the
    file's own way to say :attr:`ColumnMapping.number_rows`, so a list imported again and
    again needs no ``--number-rows`` beside its mapping."""
    table = data if isinstance(data, dict) else {"": data}
    numbered = table.get("numbered", False)
    if set(table) - {"numbered"} or not isinstance(numbered, bool):
        raise MappingFileError(
            N_("{file}: [rows] holds one setting, numbered = true or false"), file=name
        )
    return numbered


def _date_order(name: str, data: object) -> DateOrder | None:
    """The ``order`` of a mapping file's ``[dates]`` table (None when it has none)."""
    table = _table(name, data, "dates")
    if set(table) - {"order"} or table.get("order", DATE_ORDERS[0]) not in DATE_ORDERS:
        raise MappingFileError(
            N_('{file}: [dates] holds one setting, order = "day-first" or "month-first"'),
            file=name,
        )
    order = table.get("order")
    return next((each for each in DATE_ORDERS if each == order), None)
