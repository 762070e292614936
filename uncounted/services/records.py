"""Recording, listing and reading records: identities only where the user holds the key."""

from __future__ import annotations

from dataclasses import fields

from uncounted import vault as store
from uncounted.model import Record
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
    "count_records",
    "create_record",
    "draft_from_record",
    "list_records",
    "show_record",
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
) -> list[RecordView]:
    """The records matching *filters*, identities where granted (audited as read)."""
    vault.require(Action.RECORDS_LIST)
    return store.list_records(
        vault, filters, limit, offset, reveal=may(vault, Action.IDENTITY_READ)
    )


def show_record(vault: VaultSession, record_id: str) -> RecordView:
    """One record's page; its identity, when visible, is audited as read."""
    vault.require(Action.RECORDS_LIST)
    return store.get_record(vault, record_id, reveal=may(vault, Action.IDENTITY_READ))


def count_records(vault: VaultSession) -> int:
    """How many records the vault holds."""
    vault.require(Action.RECORDS_LIST)
    return store.count_records(vault.conn)
