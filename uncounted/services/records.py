"""Recording, listing and reading records: identities only where the user holds the key."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from uncounted import vault as store
from uncounted.model import (
    InvalidValue,
    ListedRecord,
    PartialDate,
    Record,
    detention_days,
    load,
    parse_dated_codes,
)
from uncounted.services import search_index
from uncounted.services.permissions import may
from uncounted.vault import Action, RecordDraft, RecordFilter, RecordView, VaultSession

COARSE_FIELDS = frozenset({"record_id", "source", "case", "event_type", "sex", "role"})
"""Fields of a Record stored unsealed (with event month and district derived from it).

Everything else, the identity fields and also the exact event date and place, is sealed under
the record's data key: a user without a grant sees what ``Record.coarse()`` shows, no more.
"""

__all__ = [
    "RecordDraft",
    "RecordFilter",
    "RecordView",
    "WhatHappened",
    "count_records",
    "create_record",
    "draft_from_record",
    "find_records",
    "list_records",
    "show_record",
    "what_happened",
]


_SEALED_FIELDS = tuple(f.name for f in fields(Record) if f.name not in COARSE_FIELDS)


def draft_from_record(
    record: Record, *, case: str | None = None, default_case: str | None = None
) -> RecordDraft:
    """The vault draft of a model :class:`Record`: coarse fields in the clear, the rest sealed.

    The record joins *case* when given, else ``record.case``, else *default_case* (else its
    source). Values are stored as text (partial dates as ``YYYY[-MM[-DD]]``).
    """
    sealed: dict[str, str] = {}
    for name in _SEALED_FIELDS:
        value = getattr(record, name)
        if value is not None and (text := str(value)):
            sealed[name] = text
    analytic = {name: value for name in ("sex", "role") if (value := getattr(record, name))}
    if isinstance(record, ListedRecord):  # a list row that tells the acts, status, detention
        analytic |= record.told_analytic()
        sealed |= record.told_identity()
    return RecordDraft(
        case=case or record.case or default_case or record.source,
        source=record.source,
        source_record_id=record.record_id,
        event_type=record.event_type,
        event_month=record.event_month,
        district=record.district,
        analytic=analytic,
        identity=sealed,
    )


def create_record(vault: VaultSession, draft: RecordDraft | Record, case: str | None = None) -> str:
    """Store one record (identity sealed), creating its case when new; return its vault id.

    A model :class:`Record` is converted with :func:`draft_from_record` (joining *case*).
    """
    vault.require(Action.RECORDS_CREATE)
    if isinstance(draft, Record):
        draft = draft_from_record(draft, case=case)
    return store.insert_records(vault, [draft])[0]


def list_records(
    vault: VaultSession,
    filters: RecordFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    text: str = "",
) -> list[RecordView]:
    """The records matching *filters* and the search *text* (:mod:`uncounted.services.search`),
    identities where granted (audited as read: the records returned, not those searched)."""
    vault.require(Action.RECORDS_LIST)
    return store.list_records(
        vault,
        search_index.searched(vault, filters, text),
        limit,
        offset,
        reveal=may(vault, Action.IDENTITY_READ),
    )


def find_records(
    vault: VaultSession,
    filters: RecordFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    text: str = "",
) -> store.Found:
    """As :func:`list_records`, with how many records match in all (a list says so)."""
    vault.require(Action.RECORDS_LIST)
    return store.find_records(
        vault,
        search_index.searched(vault, filters, text),
        limit,
        offset,
        reveal=may(vault, Action.IDENTITY_READ),
    )


def show_record(vault: VaultSession, record_id: str) -> RecordView:
    """One record's page; its identity, when visible, is audited as read."""
    vault.require(Action.RECORDS_LIST)
    return store.get_record(vault, record_id, reveal=may(vault, Action.IDENTITY_READ))


def count_records(vault: VaultSession) -> int:
    """How many records the vault holds."""
    vault.require(Action.RECORDS_LIST)
    return store.count_records(vault.conn)


#: The sealed fields :func:`what_happened` reads (pages list the other sealed fields as such).
EVENT_IDENTITY_FIELDS = frozenset(
    {"detained_from", "detained_until", "detention_place", "status_history", "interventions"}
)


@dataclass(frozen=True)
class WhatHappened:
    """What one record tells was done to its person and became of them, as codes and dates.

    The codes (acts, current status, kind of place, kinds of help) are analytic and shown to
    every reader; the dates, the place and the dated histories only where the identity is.
    """

    acts: tuple[str, ...]
    status: str | None
    detention_kind: str | None
    intervention_types: tuple[str, ...]
    sealed: bool
    detained_from: PartialDate | None = None
    detained_until: PartialDate | None = None
    detention_place: str | None = None
    statuses: tuple[tuple[PartialDate | None, str], ...] = ()
    interventions: tuple[tuple[PartialDate | None, str], ...] = ()

    @property
    def days(self) -> tuple[int, int] | None:
        """The fewest and most days the detention lasted, when both its ends are known."""
        if self.detained_from is None or self.detained_until is None:
            return None
        try:
            return detention_days(self.detained_from, self.detained_until)
        except InvalidValue:
            return None

    def __bool__(self) -> bool:
        return bool(
            self.acts
            or self.status
            or self.detention_kind
            or self.intervention_types
            or self.detained_from
            or self.detained_until
            or self.detention_place
        )


def _codes(text: str | None, vocabulary: str) -> tuple[str, ...]:
    known = load(vocabulary)
    return tuple(code for code in (text or "").split("|") if code in known)


def _date(text: str | None) -> PartialDate | None:
    try:
        return PartialDate.parse(text) if text else None
    except InvalidValue:
        return None


def _dated(text: str | None, vocabulary: str) -> tuple[tuple[PartialDate | None, str], ...]:
    try:
        return parse_dated_codes(text or "", vocabulary)
    except InvalidValue:
        return ()


def what_happened(view: RecordView) -> WhatHappened:
    """The acts, detention, status over time and interventions *view* records (nothing is
    read from the vault: a record's page has them already, sealed parts where granted)."""
    analytic, identity = view.analytic, view.identity
    acts = _codes(analytic.get("act_types") or analytic.get("act_type"), "act_types")
    happened = WhatHappened(
        acts=acts,
        status=analytic.get("status"),
        detention_kind=analytic.get("detention_kind"),
        intervention_types=_codes(analytic.get("intervention_types"), "intervention_types"),
        sealed=identity is None,
    )
    if identity is None:
        return happened
    return replace(
        happened,
        detained_from=_date(identity.get("detained_from")),
        detained_until=_date(identity.get("detained_until")),
        detention_place=identity.get("detention_place"),
        statuses=_dated(identity.get("status_history"), "victim_statuses"),
        interventions=_dated(identity.get("interventions"), "intervention_types"),
    )
