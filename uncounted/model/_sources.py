"""Sources of information and the records they contribute.

A :class:`Record` is one source's mention of one person in one event: the unit that record
linkage joins and multiple systems estimation counts. Its identity-bearing fields (names in
every script, birth date, age, contact, address, testimony, the place as written) are sealed by
the vault; its analytic fields (source, case, event type and date, place code, sex, role) are
what counting needs. The exact event date and place are analytic but may point to one person
in a small village, so users without a grant see them coarsened to month and district
(:meth:`Record.coarse`, :meth:`Entity.coarsened_fields`).
"""

from __future__ import annotations

import datetime as dt
import re
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
    check_birth_before,
    check_code,
    check_date,
    check_day,
    check_id,
    check_ids,
    check_optional_id,
    check_required_text,
    check_text,
)
from uncounted.model.vocabulary import places

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Source(Entity):
    """Who reported: a hotline testimony, a media report, another NGO, a court file..."""

    source_id: str
    source_type: str
    name: str
    reliability: str = "unknown"
    received: PartialDate | None = None
    language: str | None = None
    reference: str | None = field(default=None, metadata=SEALED)
    notes: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Source", "source_id", self.source_id)
        check_code("Source", "source_type", self.source_type, "source_types")
        check_required_text("Source", "name", self.name)
        check_code("Source", "reliability", self.reliability, "reliability")
        check_date("Source", "received", self.received)
        check_text("Source", "language", self.language, limit=20)
        check_text("Source", "reference", self.reference)
        check_text("Source", "notes", self.notes, limit=MAX_TEXT)


@dataclass(frozen=True)
class CoarseRecord:
    """What a user without a grant may see of a record: no identity, month and district only."""

    record_id: str
    source: str
    case: str | None
    event_type: str | None
    event_month: str | None
    district: str | None
    sex: str | None
    role: str | None


@dataclass(frozen=True)
class Record(Entity):
    """One source's mention of one person in one event (the unit record linkage joins)."""

    source: str
    record_id: str
    case: str | None = None
    event_type: str | None = None
    event_date: PartialDate | None = field(default=None, metadata=EXACT)
    place: str | None = field(default=None, metadata=EXACT)
    sex: str | None = None
    role: str | None = "victim"
    name: str | None = field(default=None, metadata=SEALED)
    name_original: str | None = field(default=None, metadata=SEALED)
    birth_date: PartialDate | None = field(default=None, metadata=SEALED)
    age: int | None = field(default=None, metadata=SEALED)
    contact: str | None = field(default=None, metadata=SEALED)
    address: str | None = field(default=None, metadata=SEALED)
    testimony: str | None = field(default=None, metadata=SEALED)
    place_text: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("Record", "source", self.source)
        check_id("Record", "record_id", self.record_id)
        check_optional_id("Record", "case", self.case)
        check_code("Record", "event_type", self.event_type, "event_types")
        check_date("Record", "event_date", self.event_date)
        check_code("Record", "place", self.place, "places")
        check_code("Record", "sex", self.sex, "sex")
        check_code("Record", "role", self.role, "roles")
        check_text("Record", "name", self.name)
        check_text("Record", "name_original", self.name_original)
        check_date("Record", "birth_date", self.birth_date)
        check_age("Record", "age", self.age)
        check_text("Record", "contact", self.contact)
        check_text("Record", "address", self.address)
        check_text("Record", "testimony", self.testimony, limit=MAX_TEXT)
        check_text("Record", "place_text", self.place_text)
        born, happened = self.birth_date, self.event_date
        if born is not None and happened is not None:
            check_birth_before(born, happened)

    @property
    def event_month(self) -> str | None:
        """The event date coarsened to ``YYYY-MM`` (or ``YYYY`` when only the year is known)."""
        return None if self.event_date is None else str(self.event_date.to_month())

    @property
    def district(self) -> str | None:
        """The place code coarsened to its district (see :meth:`Gazetteer.district_of`)."""
        return None if self.place is None else places().district_of(self.place)

    def coarse(self) -> CoarseRecord:
        """The record as a user without a grant of its case may see it."""
        return CoarseRecord(
            record_id=self.record_id,
            source=self.source,
            case=self.case,
            event_type=self.event_type,
            event_month=self.event_month,
            district=self.district,
            sex=self.sex,
            role=self.role,
        )


@dataclass(frozen=True)
class ListedRecord(Record):
    """A record read from a list that also tells what was done to its person: the acts (codes
    of ``act_types``), their status now (``victim_statuses``) and the detention's start and
    end (the end is the release date). Codes are analytic like the event type; the dates are
    sealed with the identity, as a testimony's are (docs/vault.md)."""

    act_types: tuple[str, ...] = ()
    status: str | None = None
    detained_from: PartialDate | None = field(default=None, metadata=EXACT)
    detained_until: PartialDate | None = field(default=None, metadata=EXACT)

    def __post_init__(self) -> None:
        super().__post_init__()
        for code in self.act_types:
            check_code("Record", "act_types", code, "act_types")
        check_code("Record", "status", self.status, "victim_statuses")
        check_date("Record", "detained_from", self.detained_from)
        check_date("Record", "detained_until", self.detained_until)
        start, end = self.detained_from, self.detained_until
        if start is not None and end is not None and end.surely_before(start):
            raise InvalidValue("Record", "detained_until", N_("lies before the start date"))

    def told_analytic(self) -> dict[str, str]:
        """The acts and status, stored in the clear inside the encrypted database."""
        values = {"act_types": "|".join(self.act_types), "status": self.status or ""}
        return {name: value for name, value in values.items() if value}

    def told_identity(self) -> dict[str, str]:
        """The detention's dates and the status as a one-line history (sealed)."""
        values = {
            "detained_from": str(self.detained_from or ""),
            "detained_until": str(self.detained_until or ""),
            "status_history": self.status or "",
        }
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class EvidenceItem(Entity):
    """A file kept as evidence: its hash at intake, its kind, and what it documents."""

    evidence_id: str
    kind: str
    sha256: str
    size_bytes: int
    received: dt.date | None = None
    media_type: str | None = None
    record_ids: tuple[str, ...] = ()
    event_id: str | None = None
    original_name: str | None = field(default=None, metadata=SEALED)
    description: str | None = field(default=None, metadata=SEALED)

    def __post_init__(self) -> None:
        check_id("EvidenceItem", "evidence_id", self.evidence_id)
        check_code("EvidenceItem", "kind", self.kind, "evidence_kinds")
        if not isinstance(self.sha256, str) or not _SHA256.fullmatch(self.sha256):
            raise InvalidValue("EvidenceItem", "sha256", N_("must be 64 lower-case hex digits"))
        if not isinstance(self.size_bytes, int) or self.size_bytes < 0:
            raise InvalidValue(
                "EvidenceItem", "size_bytes", N_("must be a whole number, 0 or more")
            )
        check_day("EvidenceItem", "received", self.received)
        check_text("EvidenceItem", "media_type", self.media_type, limit=100)
        check_ids("EvidenceItem", "record_ids", self.record_ids)
        check_optional_id("EvidenceItem", "event_id", self.event_id)
        check_text("EvidenceItem", "original_name", self.original_name)
        check_text("EvidenceItem", "description", self.description, limit=MAX_TEXT)


@dataclass(frozen=True)
class Claim(Entity):
    """An official statement about events, e.g. a denial, set against the documentation.

    Public statements by officials are not identity-bearing; their speaker is a public figure.
    """

    claim_id: str
    claim_type: str
    speaker: str
    date: PartialDate
    statement: str
    speaker_office: str | None = None
    reference: str | None = None
    event_types: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        check_id("Claim", "claim_id", self.claim_id)
        check_code("Claim", "claim_type", self.claim_type, "claim_types")
        check_required_text("Claim", "speaker", self.speaker)
        if not isinstance(self.date, PartialDate):
            raise InvalidValue("Claim", "date", N_("must be a partial date"))
        check_required_text("Claim", "statement", self.statement, limit=MAX_TEXT)
        check_text("Claim", "speaker_office", self.speaker_office)
        check_text("Claim", "reference", self.reference)
        if not isinstance(self.event_types, frozenset):
            raise InvalidValue("Claim", "event_types", N_("must be a set of codes"))
        for code in self.event_types:
            check_code("Claim", "event_types", code, "event_types")
