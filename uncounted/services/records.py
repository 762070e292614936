"""Recording, listing and reading records: identities only where the user holds the key."""

from __future__ import annotations

from uncounted.vault import records
from uncounted.vault.records import RecordDraft, RecordFilter, RecordView
from uncounted.vault.session import VaultSession

__all__ = [
    "RecordDraft",
    "RecordFilter",
    "RecordView",
    "count_records",
    "create_record",
    "list_records",
    "show_record",
]


def create_record(vault: VaultSession, draft: RecordDraft) -> str:
    """Store one record (its identity sealed), creating its case when new; return its id."""
    return records.insert_records(vault, [draft])[0]


def list_records(
    vault: VaultSession,
    filters: RecordFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[RecordView]:
    """The records matching *filters*, identities where granted (audited as read)."""
    return records.list_records(vault, filters, limit, offset)


def show_record(vault: VaultSession, record_id: str) -> RecordView:
    """One record's page; its identity, when visible, is audited as read."""
    return records.get_record(vault, record_id)


def count_records(vault: VaultSession) -> int:
    """How many records the vault holds."""
    return records.count_records(vault.conn)
