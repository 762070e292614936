"""Records in the vault: stored with analytic fields in the clear (inside SQLCipher) and
identity fields sealed per record; listed with identities only where the user holds the key.

A record is one source's mention of one person in one event, the unit record linkage joins.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from uncounted.errors import NotFound
from uncounted.messages import N_
from uncounted.vault import audit, keys, sealing
from uncounted.vault.cases import held_key, key_for_writing
from uncounted.vault.database import Connection, transaction
from uncounted.vault.permissions import Action, allowed
from uncounted.vault.pseudonyms import pseudonym
from uncounted.vault.session import CaseKey, VaultSession
from uncounted.vault.users import now

BATCH = 2000
Progress = Callable[[int], None]


class RecordNotFound(NotFound):
    """Raised when a record id names no record in this vault."""


@dataclass(frozen=True)
class RecordDraft:
    """A record about to be stored: where it belongs, what may be counted, what identifies."""

    case: str
    source: str
    source_record_id: str | None = None
    event_type: str | None = None
    event_month: str | None = None
    district: str | None = None
    analytic: Mapping[str, str] = field(default_factory=dict)
    identity: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordView:
    """A record as one user may see it: identity is None without a grant of its case."""

    record_id: str
    pseudonym: str
    case: str
    source: str
    source_record_id: str | None
    event_type: str | None
    event_month: str | None
    district: str | None
    analytic: Mapping[str, str]
    identity: Mapping[str, str] | None
    created_at: str

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON object printed by ``records --json``."""
        return {
            "id": self.record_id,
            "pseudonym": self.pseudonym,
            "case": self.case,
            "source": self.source,
            "source_record_id": self.source_record_id,
            "event_type": self.event_type,
            "event_month": self.event_month,
            "district": self.district,
            "analytic": dict(self.analytic),
            "identity": None if self.identity is None else dict(self.identity),
        }


@dataclass(frozen=True)
class RecordFilter:
    """Which records to list; None means any. *text* matches pseudonyms and visible identities."""

    case: str | None = None
    source: str | None = None
    event_type: str | None = None
    district: str | None = None
    month_from: str | None = None
    month_to: str | None = None
    text: str | None = None
    #: analytic fields that must match exactly, e.g. ``(("role", "victim"),)``
    analytic: tuple[tuple[str, str], ...] = ()


def new_record_id() -> str:
    """A random record id (128 bits, hex)."""
    return os.urandom(16).hex()


class _Writer:
    """Caches case keys and source ids while one transaction inserts many records."""

    def __init__(self, session: VaultSession) -> None:
        self.session = session
        self.cases: dict[str, CaseKey] = {}
        self.sources: dict[str, int] = {}
        self.analytic: dict[tuple[tuple[str, str], ...], str] = {}
        self.created_at = now()

    def analytic_json(self, analytic: Mapping[str, str]) -> str:
        """The analytic fields as JSON (memoised: most records share a handful of them)."""
        items = tuple(sorted(analytic.items()))
        text = self.analytic.get(items)
        if text is None:
            text = json.dumps(dict(items), ensure_ascii=False, sort_keys=True)
            self.analytic[items] = text
        return text

    def case(self, name: str) -> CaseKey:
        if name not in self.cases:
            self.cases[name] = key_for_writing(self.session, name)
        return self.cases[name]

    def source(self, name: str) -> int:
        if name not in self.sources:
            conn = self.session.conn
            conn.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (name,))
            row = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
            self.sources[name] = int(row[0])
        return self.sources[name]

    def row(self, draft: RecordDraft) -> tuple[object, ...]:
        case = self.case(draft.case)
        fresh = os.urandom(16 + keys.KEY_BYTES)  # one system call: record id and data key
        record_id, data_key = fresh[:16].hex(), fresh[16:]
        wrapped = keys.secret_wrap(
            case.key, data_key, sealing.data_key_label(record_id, case.version)
        )
        return (
            record_id,
            case.case_id,
            self.source(draft.source),
            draft.source_record_id,
            draft.event_type,
            draft.event_month,
            draft.district,
            self.analytic_json(draft.analytic),
            case.version,
            wrapped,
            sealing.seal_fields(data_key, record_id, draft.identity),
            self.created_at,
            self.session.user.id,
        )


_INSERT = (
    "INSERT INTO records (id, case_id, source_id, source_record_id, event_type, event_month,"
    " district, analytic, key_version, wrapped_data_key, sealed_identity, created_at,"
    " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert_records(
    session: VaultSession,
    drafts: Iterable[RecordDraft],
    progress: Progress | None = None,
    action: str = "records.create",
    target: str = "records",
) -> list[str]:
    """Store every draft in ONE transaction (all or none); return their new ids in order."""
    session.require(Action.RECORDS_CREATE if action == "records.create" else Action.RECORDS_IMPORT)
    writer = _Writer(session)
    ids: list[str] = []
    iterator = iter(drafts)
    with transaction(session.conn) as conn:
        for batch in iter(lambda: list(islice(iterator, BATCH)), []):
            rows = [writer.row(draft) for draft in batch]
            conn.executemany(_INSERT, rows)
            ids.extend(str(row[0]) for row in rows)
            if progress is not None:
                progress(len(ids))
        detail: dict[str, audit.DetailValue] = {
            "count": len(ids),
            "cases": sorted(writer.cases),
            "sources": sorted(writer.sources),
        }
        if len(ids) <= 20:
            detail["records"] = ids
        audit.record(conn, audit.AuditEntry(session.user.name, action, target, detail))
    return ids


_SELECT = (
    "SELECT r.id, c.id, c.name, s.name, r.source_record_id, r.event_type, r.event_month,"
    " r.district, r.analytic, r.key_version, r.wrapped_data_key, r.sealed_identity,"
    " r.created_at FROM records r JOIN cases c ON c.id = r.case_id"
    " JOIN sources s ON s.id = r.source_id"
)


def _where(filters: RecordFilter) -> tuple[str, list[str]]:
    """The WHERE clause for *filters*: the rowids each filter's index gives, intersected.

    Every analytic filter column has its own index (``web_counts_0001``), and an index holds
    the rowid, so each filter is answered from its index alone and SQLite intersects the
    sorted rowid lists (``MERGE (INTERSECT)``); only the page of rows finally shown is read
    from the table. Letting SQLite pick one index and check the other filters row by row read
    thousands of encrypted table pages per page of results, which costs 30 ms whenever another
    session's commit has emptied this connection's page cache (every identity read commits an
    audit entry), against 3 ms this way.
    """
    selections: list[str] = []
    values: list[str] = []
    for column, value in (
        ("case_id = (SELECT id FROM cases WHERE name = ?)", filters.case),
        ("source_id = (SELECT id FROM sources WHERE name = ?)", filters.source),
        ("event_type = ?", filters.event_type),
        ("district = ?", filters.district),
        ("event_month >= ?", filters.month_from),
        ("event_month <= ?", filters.month_to),
    ):
        if value is not None:
            selections.append(f"SELECT rowid FROM records WHERE {column}")  # noqa: S608  # fixed text
            values.append(value)
    clauses = [f"r.rowid IN ({' INTERSECT '.join(selections)})"] if selections else []
    for key, value in filters.analytic:
        if not key.isidentifier():  # the key becomes a JSON path: plain names only
            raise ValueError(f"not an analytic field name: {key!r}")
        clauses.append("json_extract(r.analytic, ?) = ?")
        values.extend((f"$.{key}", value))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


def _view(session: VaultSession, row: tuple[Any, ...], reveal: bool) -> RecordView:
    (
        record_id,
        case_id,
        case,
        source,
        source_record_id,
        event_type,
        event_month,
        district,
        analytic,
        key_version,
        wrapped,
        sealed,
        created_at,
    ) = row
    identity: dict[str, str] | None = None
    held = held_key(session, int(case_id)) if reveal else None
    if held is not None and held.version == int(key_version):
        data_key = keys.secret_unwrap(
            held.key, bytes(wrapped), sealing.data_key_label(record_id, held.version)
        )
        identity = sealing.open_fields(data_key, record_id, bytes(sealed))
    return RecordView(
        str(record_id),
        pseudonym(session.pseudonym_key, record_id),
        str(case),
        str(source),
        source_record_id,
        event_type,
        event_month,
        district,
        json.loads(analytic),
        identity,
        str(created_at),
    )


def _iter_views(
    session: VaultSession, filters: RecordFilter, limit: int | None, offset: int
) -> Iterator[RecordView]:
    reveal = allowed(session.user.role, Action.IDENTITY_READ)
    where, values = _where(filters)
    query = _SELECT + where + " ORDER BY r.rowid"  # insertion order, i.e. oldest first
    needle = filters.text.casefold() if filters.text else None
    parameters: list[object] = list(values)
    if needle is None:  # without a text search the database can page (nothing else opened)
        query += " LIMIT ? OFFSET ?"
        parameters += [-1 if limit is None else limit, offset]
    views = (_view(session, row, reveal) for row in session.conn.execute(query, parameters))
    if needle is None:
        yield from views
        return
    matching = (view for view in views if _matches(view, needle))
    yield from islice(matching, offset, None if limit is None else offset + limit)


def _matches(view: RecordView, needle: str) -> bool:
    haystack = [view.pseudonym, view.record_id, view.source_record_id or ""]
    haystack += list((view.identity or {}).values())
    return any(needle in value.casefold() for value in haystack)


def list_records(
    session: VaultSession,
    filters: RecordFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[RecordView]:
    """The records matching *filters*, identities filled in only where this user holds the key.

    Revealed identities are audited as one ``identity.read`` entry naming the cases, the count
    and a digest of the record ids shown.
    """
    session.require(Action.RECORDS_LIST)
    views = list(_iter_views(session, filters or RecordFilter(), limit, offset))
    _audit_reads(session, [view for view in views if view.identity is not None])
    return views


def get_record(session: VaultSession, record_id: str) -> RecordView:
    """One record; its identity (when visible) is audited as read."""
    session.require(Action.RECORDS_LIST)
    row = session.conn.execute(_SELECT + " WHERE r.id = ?", (record_id,)).fetchone()
    if row is None:
        raise RecordNotFound(N_("there is no record {record!r} in this vault"), record=record_id)
    view = _view(session, row, allowed(session.user.role, Action.IDENTITY_READ))
    _audit_reads(session, [view] if view.identity is not None else [])
    return view


def _audit_reads(session: VaultSession, shown: list[RecordView]) -> None:
    if not shown:
        return
    ids = sorted(view.record_id for view in shown)
    detail: dict[str, audit.DetailValue] = {
        "count": len(ids),
        "cases": sorted({view.case for view in shown}),
        "digest": hashlib.blake2b("\n".join(ids).encode(), digest_size=16).hexdigest(),
    }
    if len(ids) <= 20:
        detail["records"] = ids
    target = ids[0] if len(ids) == 1 else "records"
    audit.record_now(
        session.conn, audit.AuditEntry(session.user.name, "identity.read", target, detail)
    )


def count_records(conn: Connection) -> int:
    """How many records the vault holds (visible to everyone who may list records)."""
    return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
