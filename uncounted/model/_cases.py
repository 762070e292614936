"""Assistance cases and interventions: what the organisation did for and about people.

A case is also the unit of access: a user granted a case may read the identities of its
records. Its status follows the workflow request → assessed → in progress → relocated | closed;
a case may be closed from any open status (the person withdrew, or help came from elsewhere).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from uncounted.messages import N_, Message
from uncounted.model._dates import PartialDate
from uncounted.model._errors import InvalidValue
from uncounted.model._fields import (
    MAX_TEXT,
    SEALED,
    Entity,
    check_code,
    check_codes,
    check_date,
    check_day,
    check_id,
    check_ids,
    check_optional_id,
    check_required_text,
    check_text,
)

CASE_TRANSITIONS = MappingProxyType(
    {
        "request": frozenset({"assessed", "closed"}),
        "assessed": frozenset({"in_progress", "closed"}),
        "in_progress": frozenset({"relocated", "closed"}),
        "relocated": frozenset({"closed"}),
        "closed": frozenset[str](),
    }
)
OPEN_STATUSES = frozenset({"request", "assessed", "in_progress"})


class StatusChangeRefused(InvalidValue):
    """Raised when a case is moved to a status its workflow does not allow next."""


@dataclass(frozen=True)
class Case(Entity):
    """An assistance case (evacuation, shelter, documents, medical, legal) and grant unit."""

    case_id: str
    needs: frozenset[str] = frozenset()
    status: str = "request"
    opened: dt.date | None = None
    follow_up: dt.date | None = None
    person_ids: tuple[str, ...] = ()
    summary: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Case", "case_id", self.case_id)
        check_codes("Case", "needs", self.needs, "assistance_needs")
        check_code("Case", "status", self.status, "case_statuses")
        if self.status not in CASE_TRANSITIONS:
            raise InvalidValue("Case", "status", N_("has no place in the case workflow"))
        check_day("Case", "opened", self.opened)
        check_day("Case", "follow_up", self.follow_up)
        if self.opened and self.follow_up and self.follow_up < self.opened:
            raise InvalidValue("Case", "follow_up", N_("lies before the date the case was opened"))
        check_ids("Case", "person_ids", self.person_ids)
        check_text("Case", "summary", self.summary, limit=MAX_TEXT)

    @property
    def is_open(self) -> bool:
        """True until the person is relocated or the case is closed."""
        return self.status in OPEN_STATUSES

    def advance(self, status: str) -> Case:
        """A copy of this case moved to ``status``, if the workflow allows it."""
        check_code("Case", "status", status, "case_statuses")
        if status not in CASE_TRANSITIONS[self.status]:
            raise StatusChangeRefused(
                "Case",
                "status",
                Message(N_("cannot move from {old} to {new}"), old=self.status, new=status),
            )
        return replace(self, status=status)

    def reopen(self, status: str) -> Case:
        """A copy of this closed case moved back to ``status`` (undoing a close)."""
        check_code("Case", "status", status, "case_statuses")
        if self.status != "closed" or status == "closed":
            raise StatusChangeRefused(
                "Case",
                "status",
                Message(N_("only a closed case can be reopened, not one {old}"), old=self.status),
            )
        return replace(self, status=status)

    def follow_up_due(self, today: dt.date) -> bool:
        """True when an open case's follow-up date has come."""
        return self.is_open and self.follow_up is not None and self.follow_up <= today


@dataclass(frozen=True)
class Intervention(Entity):
    """An action taken about an event: a complaint, a court or UN application, a publication."""

    intervention_id: str
    intervention_type: str
    intervening_party: str
    date: PartialDate | None = None
    event_id: str | None = None
    case_id: str | None = None
    addressed_to: str | None = None
    response: str | None = field(default=None, metadata=SEALED)
    notes: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Intervention", "intervention_id", self.intervention_id)
        check_code(
            "Intervention", "intervention_type", self.intervention_type, "intervention_types"
        )
        check_required_text("Intervention", "intervening_party", self.intervening_party)
        check_date("Intervention", "date", self.date)
        check_optional_id("Intervention", "event_id", self.event_id)
        check_optional_id("Intervention", "case_id", self.case_id)
        check_text("Intervention", "addressed_to", self.addressed_to)
        check_text("Intervention", "response", self.response, limit=MAX_TEXT)
        check_text("Intervention", "notes", self.notes, limit=MAX_TEXT)
