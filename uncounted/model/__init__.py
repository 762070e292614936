"""The domain model of uncounted: typed, validated records of who was harmed, how and by whom.

Pure: no I/O beyond reading the packaged vocabulary files. Every type declares which of its
fields are identity-bearing (sealed by the vault, shown only with a grant) and which are
analytic (counted and linked); of the analytic ones, exact dates and places are shown to users
without a grant only coarsened to month and district. See :data:`IDENTITY_FIELDS` and
:data:`COARSENED_FIELDS`.
"""

from __future__ import annotations

from types import MappingProxyType

from uncounted.model._actors import PerpetratorUnit, Person
from uncounted.model._cases import (
    CASE_TRANSITIONS,
    OPEN_STATUSES,
    Case,
    Intervention,
    StatusChangeRefused,
)
from uncounted.model._dates import (
    DATE_ORDERS,
    MAX_AGE,
    DateOrder,
    DateOrderNeeded,
    PartialDate,
    age_interval,
    birth_year_interval,
)
from uncounted.model._errors import InvalidValue, UnknownVocabulary, VocabularyFileError
from uncounted.model._events import (
    Act,
    Event,
    StatusChange,
    counted_under,
    current_status,
    dated_codes_text,
    detention_days,
    parse_dated_codes,
)
from uncounted.model._fields import MAX_SHORT, MAX_TEXT, Entity
from uncounted.model._records_format import PERSON_COLUMNS, RECORD_COLUMNS, linked_place
from uncounted.model._sources import (
    Claim,
    CoarseRecord,
    EvidenceItem,
    ListedRecord,
    Record,
    Source,
)
from uncounted.model._spelling import spelling_key
from uncounted.model.vocabulary import Gazetteer, Place, Term, Vocabulary, load, places

ENTITY_TYPES: tuple[type[Entity], ...] = (
    Person,
    PerpetratorUnit,
    Event,
    Act,
    Source,
    Record,
    EvidenceItem,
    Case,
    Claim,
    Intervention,
    StatusChange,
)
IDENTITY_FIELDS = MappingProxyType({kind: kind.identity_fields() for kind in ENTITY_TYPES})
"""For every domain type, the names of its identity-bearing fields (what the vault seals)."""
COARSENED_FIELDS = MappingProxyType({kind: kind.coarsened_fields() for kind in ENTITY_TYPES})
"""For every domain type, its analytic fields shown exactly only with a grant (day, village)."""

__all__ = [
    "CASE_TRANSITIONS",
    "COARSENED_FIELDS",
    "DATE_ORDERS",
    "ENTITY_TYPES",
    "IDENTITY_FIELDS",
    "MAX_AGE",
    "MAX_SHORT",
    "MAX_TEXT",
    "OPEN_STATUSES",
    "PERSON_COLUMNS",
    "RECORD_COLUMNS",
    "Act",
    "Case",
    "Claim",
    "CoarseRecord",
    "DateOrder",
    "DateOrderNeeded",
    "Entity",
    "Event",
    "EvidenceItem",
    "Gazetteer",
    "Intervention",
    "InvalidValue",
    "ListedRecord",
    "PartialDate",
    "PerpetratorUnit",
    "Person",
    "Place",
    "Record",
    "Source",
    "StatusChange",
    "StatusChangeRefused",
    "Term",
    "UnknownVocabulary",
    "Vocabulary",
    "VocabularyFileError",
    "age_interval",
    "birth_year_interval",
    "counted_under",
    "current_status",
    "dated_codes_text",
    "detention_days",
    "linked_place",
    "load",
    "parse_dated_codes",
    "places",
    "spelling_key",
]
