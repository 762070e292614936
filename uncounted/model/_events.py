"""Events and the acts within them: what was done to whom, by whom, when and where.

An event (a round-up, a detention in a given place) holds one or more acts; each act ties one
victim to the perpetrators (individuals and units) who committed it, as in the HURIDOCS Events
Standard Formats' Event, Act and Involvement formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uncounted.messages import N_
from uncounted.model._dates import PartialDate
from uncounted.model._errors import InvalidValue
from uncounted.model._fields import (
    EXACT,
    MAX_TEXT,
    SEALED,
    Entity,
    check_age,
    check_code,
    check_date,
    check_id,
    check_ids,
    check_span,
    check_text,
)


@dataclass(frozen=True)
class Event(Entity):
    """Something that happened, with a beginning and an end, holding one or more acts."""

    event_id: str
    event_type: str
    start_date: PartialDate | None = field(default=None, metadata=EXACT)
    end_date: PartialDate | None = field(default=None, metadata=EXACT)
    place: str | None = field(default=None, metadata=EXACT)
    title: str | None = field(default=None, metadata=SEALED)
    description: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Event", "event_id", self.event_id)
        check_code("Event", "event_type", self.event_type, "event_types")
        check_date("Event", "start_date", self.start_date)
        check_date("Event", "end_date", self.end_date)
        check_span("Event", self.start_date, self.end_date)
        check_code("Event", "place", self.place, "places")
        check_text("Event", "title", self.title)
        check_text("Event", "description", self.description, limit=MAX_TEXT)


@dataclass(frozen=True)
class Act(Entity):
    """One act of an event: what was done to one victim, by whom, when and where."""

    act_id: str
    event_id: str
    act_type: str
    victim_id: str
    perpetrator_ids: tuple[str, ...] = ()
    perpetrator_unit_ids: tuple[str, ...] = ()
    start_date: PartialDate | None = field(default=None, metadata=EXACT)
    end_date: PartialDate | None = field(default=None, metadata=EXACT)
    place: str | None = field(default=None, metadata=EXACT)
    location_type: str | None = None
    victim_age: int | None = field(default=None, metadata=SEALED)
    consequences: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Act", "act_id", self.act_id)
        check_id("Act", "event_id", self.event_id)
        check_code("Act", "act_type", self.act_type, "act_types")
        check_id("Act", "victim_id", self.victim_id)
        check_ids("Act", "perpetrator_ids", self.perpetrator_ids)
        check_ids("Act", "perpetrator_unit_ids", self.perpetrator_unit_ids)
        if self.victim_id in self.perpetrator_ids:
            raise InvalidValue("Act", "perpetrator_ids", N_("names the victim as a perpetrator"))
        check_date("Act", "start_date", self.start_date)
        check_date("Act", "end_date", self.end_date)
        check_span("Act", self.start_date, self.end_date)
        check_code("Act", "place", self.place, "places")
        check_code("Act", "location_type", self.location_type, "location_types")
        check_age("Act", "victim_age", self.victim_age)
        check_text("Act", "consequences", self.consequences, limit=MAX_TEXT)
