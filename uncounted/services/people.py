"""People, events and sources as the web lists them: filters over what the user may see.

A person here is a record (one source's mention of one person in one event); names and other
identity fields are filled in only where the user holds the case key, and searching matches
them only there.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted import vault as store
from uncounted.services import search_index
from uncounted.services.permissions import may
from uncounted.vault import (
    Action,
    EventFilter,
    EventRow,
    RecordFilter,
    RecordView,
    SourceRow,
    VaultSession,
)

__all__ = [
    "EventFilter",
    "EventRow",
    "PeopleFilter",
    "SourceRow",
    "find_people",
    "list_events",
    "list_people",
    "list_sources",
    "show_person",
]


@dataclass(frozen=True)
class PeopleFilter:
    """Which people to list; empty text means any, else the one search rule
    (:mod:`uncounted.services.search`, through the session's index:
    :mod:`uncounted.services.search_index`)."""

    text: str = ""
    role: str = ""
    sex: str = ""
    event_type: str = ""
    district: str = ""
    source: str = ""
    case: str = ""
    event_id: str = ""

    def as_record_filter(self, vault: VaultSession) -> RecordFilter:
        """The vault filter for these choices (the search's through *vault*'s index)."""
        analytic = tuple(
            (key, value)
            for key, value in (("role", self.role), ("sex", self.sex), ("event_id", self.event_id))
            if value
        )
        chosen = RecordFilter(
            case=self.case or None,
            source=self.source or None,
            event_type=self.event_type or None,
            district=self.district or None,
            analytic=analytic,
        )
        return search_index.searched(vault, chosen, self.text) or chosen


def list_people(
    vault: VaultSession, filters: PeopleFilter, limit: int, offset: int = 0
) -> list[RecordView]:
    """People matching *filters*; identities only where granted (audited as read)."""
    vault.require(Action.RECORDS_LIST)
    return store.list_records(
        vault,
        filters.as_record_filter(vault),
        limit,
        offset,
        reveal=may(vault, Action.IDENTITY_READ),
    )


def find_people(
    vault: VaultSession, filters: PeopleFilter, limit: int, offset: int = 0
) -> store.Found:
    """As :func:`list_people`, with how many records match in all (the list's rows are records:
    the same person may be on several)."""
    vault.require(Action.RECORDS_LIST)
    return store.find_records(
        vault,
        filters.as_record_filter(vault),
        limit,
        offset,
        reveal=may(vault, Action.IDENTITY_READ),
    )


def show_person(vault: VaultSession, record_id: str) -> RecordView:
    """One person's page; identity only when granted (audited as read)."""
    vault.require(Action.RECORDS_LIST)
    return store.get_record(vault, record_id, reveal=may(vault, Action.IDENTITY_READ))


def list_events(
    vault: VaultSession, filters: EventFilter, limit: int, offset: int = 0
) -> list[EventRow]:
    """Events (records grouped by the testimony that reported them), newest first."""
    vault.require(Action.RECORDS_LIST)
    return store.list_events(vault.conn, filters, limit, offset)


def list_sources(vault: VaultSession) -> list[SourceRow]:
    """Every source with its number of records and the months they cover."""
    vault.require(Action.RECORDS_LIST)
    return store.list_sources(vault.conn)
