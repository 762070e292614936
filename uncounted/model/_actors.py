"""People and perpetrator units: who was involved in an event, in which role.

Following the HURIDOCS Events Standard Formats, a person is recorded once and takes roles in
events through acts (victim, perpetrator) and records (witness, relative, source). Nothing here
records or infers anyone's sexual orientation or gender identity: the model describes what was
done to people, never who they are thought to be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uncounted.messages import N_
from uncounted.model._dates import PartialDate
from uncounted.model._errors import InvalidValue
from uncounted.model._fields import (
    MAX_TEXT,
    SEALED,
    Entity,
    check_code,
    check_date,
    check_id,
    check_optional_id,
    check_required_text,
    check_text,
    check_texts,
)


@dataclass(frozen=True)
class Person(Entity):
    """A person involved in events: victim, witness, relative or individual perpetrator."""

    person_id: str
    role: str
    sex: str | None = None
    names: tuple[str, ...] = field(default=(), metadata=SEALED)
    birth_date: PartialDate | None = field(default=None, metadata=SEALED)
    contact: str | None = field(default=None, metadata=SEALED)
    address: str | None = field(default=None, metadata=SEALED)
    document_numbers: tuple[str, ...] = field(default=(), metadata=SEALED)
    notes: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Person", "person_id", self.person_id)
        check_code("Person", "role", self.role, "roles")
        check_code("Person", "sex", self.sex, "sex")
        check_texts("Person", "names", self.names)
        check_date("Person", "birth_date", self.birth_date)
        check_text("Person", "contact", self.contact)
        check_text("Person", "address", self.address)
        check_texts("Person", "document_numbers", self.document_numbers)
        check_text("Person", "notes", self.notes, limit=MAX_TEXT)


@dataclass(frozen=True)
class PerpetratorUnit(Entity):
    """A group that acts as a perpetrator: a police unit, a security service, relatives."""

    unit_id: str
    perpetrator_type: str
    name: str
    parent_unit: str | None = None
    place: str | None = None
    notes: str | None = None

    def __post_init__(self) -> None:
        check_id("PerpetratorUnit", "unit_id", self.unit_id)
        check_code(
            "PerpetratorUnit", "perpetrator_type", self.perpetrator_type, "perpetrator_types"
        )
        check_required_text("PerpetratorUnit", "name", self.name)
        check_optional_id("PerpetratorUnit", "parent_unit", self.parent_unit)
        if self.parent_unit == self.unit_id:
            raise InvalidValue(
                "PerpetratorUnit", "parent_unit", N_("a unit cannot be its own parent")
            )
        check_code("PerpetratorUnit", "place", self.place, "places")
        check_text("PerpetratorUnit", "notes", self.notes, limit=MAX_TEXT)
