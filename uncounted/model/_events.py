"""Events and the acts within them: what was done to whom, by whom, when and where.

An event (a round-up, a detention in a given place) holds one or more acts; each act ties one
victim to the perpetrators (individuals and units) who committed it, as in the HURIDOCS Events
Standard Formats' Event, Act and Involvement formats. A victim may suffer several acts in one
event (an arrest, a beating, electric shocks, the seizure of their passport); a detention is
the act "arrest" with its start and end and the place (a gazetteer code and a kind of place:
police station, prison, unofficial place of detention). What became of the victim afterwards
is their status over time (:class:`StatusChange`). Nothing here describes who a victim is:
"forced outing" is an act done to them and records nothing about their orientation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from uncounted.model.vocabulary import counted_as


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


@dataclass(frozen=True)
class StatusChange(Entity):
    """What became of a victim from a date on: detained, released, dead, whereabouts unknown,
    left the region. A victim's status over time is a sequence of these, oldest first."""

    status: str
    date: PartialDate | None = field(default=None, metadata=EXACT)

    def __post_init__(self) -> None:
        check_code("StatusChange", "status", self.status, "victim_statuses")
        if not self.status:
            raise InvalidValue("StatusChange", "status", N_("is missing"))
        check_date("StatusChange", "date", self.date)


def current_status(history: Sequence[StatusChange]) -> str | None:
    """The status a victim is in now: the last of *history* (told oldest first); None if none."""
    return history[-1].status if history else None


def counted_under(
    event_type: str | None, act_types: Iterable[str], status: str | None = None
) -> frozenset[str]:
    """Every event type (violation) a victim is counted under for one record: the event's own
    type, the type each act done to them counts as (``counted_as`` in ``act_types.csv``: a
    beating or electric shocks count as torture, an arrest as detention) and the type their
    current status counts as (``victim_statuses.csv``: "dead" counts as a killing). The rule,
    in words, is docs/counting.md's; a person is counted once under each type and once in all.
    """
    acts, statuses = counted_as("act_types"), counted_as("victim_statuses")
    found = {acts[code] for code in act_types if code in acts}
    if event_type:
        found.add(event_type)
    if status is not None and status in statuses:
        found.add(statuses[status])
    return frozenset(found)


def detention_days(start: PartialDate, end: PartialDate) -> tuple[int, int]:
    """The fewest and most days a detention from *start* to *end* can have lasted, counting
    the day of arrest and the day of release as two days' detention less one (25 to 27 March
    is 2 days). Partial dates widen the range: March to April 2017 is 1 to 60 days."""
    check_span("Detention", start, end)
    shortest = max(0, (end.earliest() - start.latest()).days)
    return shortest, (end.latest() - start.earliest()).days


def dated_codes_text(pairs: Iterable[tuple[PartialDate | None, str]]) -> str:
    """``(date, code)`` pairs as the text the vault seals, one ``[YYYY[-MM[-DD]] ]code`` a line."""
    return "\n".join(code if when is None else f"{when} {code}" for when, code in pairs)


def parse_dated_codes(text: str, vocabulary: str) -> tuple[tuple[PartialDate | None, str], ...]:
    """The pairs :func:`dated_codes_text` wrote, each code checked against *vocabulary*."""
    pairs: list[tuple[PartialDate | None, str]] = []
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        when = PartialDate.parse(words[0]) if len(words) > 1 else None
        check_code("Dated", "code", words[-1], vocabulary)
        pairs.append((when, words[-1]))
    return tuple(pairs)
