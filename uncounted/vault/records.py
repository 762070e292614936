"""Records in the vault: stored with analytic fields in the clear (inside SQLCipher) and
identity fields sealed per record; listed with identities only where the user holds the key.

A record is one source's mention of one person in one event, the unit record linkage joins.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlcipher3

from uncounted.errors import NotFound
from uncounted.messages import N_
from uncounted.vault import audit, keys, sealing
from uncounted.vault.case_keys import held_key, held_keys
from uncounted.vault.cases import STALE_KEY_ABORT, StaleCaseKey, key_for_writing
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.pseudonyms import pseudonym
from uncounted.vault.session import CaseKey, VaultSession

BATCH = 2000
#: The sealed field that holds why a revision was made (``revisions.py``): sealed with the
#: identity, under the same data key, so it is re-sealed, copied and destroyed with it.
REASON_FIELD = "_reason"
_FRESH = 16 + keys.KEY_BYTES
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
    #: which revision this is (1: as first stored; see ``uncounted/vault/revisions.py``)
    revision: int = 1
    #: when consent was withdrawn (the identity destroyed, a tombstone kept), else None
    withdrawn_at: str | None = None

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
            "revision": self.revision,
            "withdrawn_at": self.withdrawn_at,
        }


@dataclass(frozen=True)
class RecordFilter:
    """Which records to list; None means any. *matches* is a search over each record as the
    user sees it (the service layer's one rule, ``uncounted.services.search``)."""

    case: str | None = None
    source: str | None = None
    event_type: str | None = None
    district: str | None = None
    month_from: str | None = None
    month_to: str | None = None
    matches: Callable[[RecordView], bool] | None = None
    #: analytic fields that must match exactly, e.g. ``(("role", "victim"),)``
    analytic: tuple[tuple[str, str], ...] = ()
    #: analytic fields that must be set, whatever their value, e.g. ``("intervention_types",)``
    present: tuple[str, ...] = ()
    #: only these records (their ids): those a search's index found
    #: (``uncounted.services.search_index``); *matches* still decides each of them
    among: tuple[str, ...] | None = None
    #: with *among*, also every record stored after the record of this id (all of them for
    #: ""): those the index has not read yet, read after *among* (which are all older)
    beyond: str | None = None


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
        items = tuple(analytic.items())  # the same fields in another order: another entry
        text = self.analytic.get(items)
        if text is None:
            text = json.dumps(dict(analytic), ensure_ascii=False, sort_keys=True)
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

    def rows(
        self, drafts: list[RecordDraft], keep_ids: list[str] | None = None
    ) -> list[tuple[object, ...]]:
        """The table rows of *drafts*: per record a fresh id and data key, the data key wrapped
        under its case key, the identity sealed under the data key (``sealing.seal_fields``).

        Done a batch at a time so the per-record Python work is small: one read of the OS
        random source for every id and data key of the batch (and one per batch for nonces).
        """
        fresh = os.urandom(len(drafts) * _FRESH)  # per record: 16-byte id, 32-byte data key
        cases = self.cases
        case_keys = [cases.get(d.case) or self.case(d.case) for d in drafts]
        ids = keep_ids or [fresh[i : i + 16].hex() for i in range(0, len(fresh), _FRESH)]
        data_keys = [fresh[i + 16 : i + _FRESH] for i in range(0, len(fresh), _FRESH)]
        wrapped = keys.secret_wrap_many(
            [
                (case.key, data_key, sealing.data_key_label(record_id, case.version))
                for case, data_key, record_id in zip(case_keys, data_keys, ids, strict=True)
            ]
        )
        sealed = sealing.seal_many(zip(data_keys, ids, [d.identity for d in drafts], strict=True))
        sources = self.sources
        analytic_json = self.analytic_json
        created_at, user_id = self.created_at, self.session.user.id
        return [
            (
                record_id,
                case.case_id,
                sources.get(d.source) or self.source(d.source),
                d.source_record_id,
                d.event_type,
                d.event_month,
                d.district,
                analytic_json(d.analytic),
                case.version,
                wrapping,
                seal,
                created_at,
                user_id,
            )
            for d, record_id, case, wrapping, seal in zip(
                drafts, ids, case_keys, wrapped, sealed, strict=True
            )
        ]


_INSERT = (
    "INSERT INTO records (id, case_id, source_id, source_record_id, event_type, event_month,"
    " district, analytic, key_version, wrapped_data_key, sealed_identity, created_at,"
    " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


REBUILD_AFTER = 10_000
"""A transaction that has inserted this many records, and at least as many as the table held
before it, drops the secondary indexes of ``records`` and builds them again before it commits.

Building an index once from all the rows (one sort) costs less than updating it row by row
while a large batch is inserted, which is what the dashboard's four indexes (``web_counts_0001``)
and the case index otherwise cost an import. Dropping and building happen inside the import's
transaction: a crash at any moment (including mid-build) rolls back to the old table with its
old indexes, and no other connection ever sees the table without them.
"""


def _secondary_indexes(conn: Connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of every non-unique index created on ``records``.

    The primary key's index (made by SQLite, ``origin`` "pk") and any unique index are not
    included: they are what keeps the rows valid while they are inserted.
    """
    names = [
        str(row[1])
        for row in conn.execute("PRAGMA index_list(records)").fetchall()
        if not row[2] and row[3] == "c"  # seq, name, unique, origin, partial
    ]
    statements = dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'"
        ).fetchall()
    )
    return [(name, str(statements[name])) for name in sorted(names)]


def _drop_indexes(conn: Connection) -> list[tuple[str, str]]:
    indexes = _secondary_indexes(conn)
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    return indexes


def _build_indexes(conn: Connection, indexes: list[tuple[str, str]]) -> None:
    for _, statement in indexes:  # exactly the statements that created them (sqlite_master)
        conn.execute(statement)


def _insert(conn: Connection, rows: list[tuple[object, ...]]) -> None:
    try:
        conn.executemany(_INSERT, rows)
    except sqlcipher3.IntegrityError as error:
        if STALE_KEY_ABORT not in str(error):
            raise
        raise StaleCaseKey(
            N_("a case's key changed while you were writing; nothing was saved, try again")
        ) from None


def insert_records(
    session: VaultSession,
    drafts: Iterable[RecordDraft],
    progress: Progress | None = None,
    action: str = "records.create",
    target: str = "records",
) -> list[str]:
    """Store every draft in ONE transaction (all or none); return their new ids in order.

    A large insert (see :data:`REBUILD_AFTER`) rebuilds the table's indexes at the end of the
    same transaction instead of updating them row by row.
    """
    writer = _Writer(session)
    ids: list[str] = []
    iterator = iter(drafts)
    before: int | None = None  # rows the table held before this transaction, once it matters
    dropped: list[tuple[str, str]] | None = None  # indexes to build again before commit
    with transaction(session.conn) as conn:
        for batch in iter(lambda: list(islice(iterator, BATCH)), []):
            rows = writer.rows(batch)
            _insert(conn, rows)
            ids.extend(str(row[0]) for row in rows)
            if dropped is None and len(ids) >= REBUILD_AFTER:
                if before is None:
                    before = count_records(conn) - len(ids)
                if len(ids) >= before:
                    dropped = _drop_indexes(conn)
            if progress is not None:
                progress(len(ids))
        if dropped:
            _build_indexes(conn, dropped)
        detail: dict[str, audit.DetailValue] = {
            "count": len(ids),
            "cases": sorted(writer.cases),
            "sources": sorted(writer.sources),
        }
        if len(ids) <= 20:
            detail["records"] = ids
        audit.record(conn, audit.AuditEntry(session.user.name, action, target, detail))
    return ids


#: What a view is made of, in the order :func:`_view` unpacks it.
_COLUMNS = (
    "r.id",
    "c.id",
    "c.name",
    "s.name",
    "r.source_record_id",
    "r.event_type",
    "r.event_month",
    "r.district",
    "r.analytic",
    "r.key_version",
    "r.wrapped_data_key",
    "r.sealed_identity",
    "r.created_at",
    "r.revision",
    "r.withdrawn_at",
)
_BLOB_COLUMNS = frozenset({"r.wrapped_data_key", "r.sealed_identity"})
_BLOB_INDEXES = tuple(i for i, column in enumerate(_COLUMNS) if column in _BLOB_COLUMNS)
_FROM = " FROM records r JOIN cases c ON c.id = r.case_id JOIN sources s ON s.id = r.source_id"
_SELECT = "SELECT " + ", ".join(_COLUMNS) + _FROM
#: The same rows packed into one JSON array, blobs in hex, in the inner query's order.
_PACKED_INNER = (
    "SELECT r.rowid AS k, "
    + ", ".join(f"{column} AS v{i}" for i, column in enumerate(_COLUMNS))
    + _FROM
)


def _packed_value(index: int, column: str) -> str:
    """How column *index* travels in a packed page: blobs as hex, analytic fields as JSON."""
    if column in _BLOB_COLUMNS:
        return f"hex(v{index})"
    return f"json(v{index})" if column == "r.analytic" else f"v{index}"


_PACKED = (
    "SELECT json_group_array(json_array("  # noqa: S608  # fixed text: column names, aliases
    + ", ".join(_packed_value(i, column) for i, column in enumerate(_COLUMNS))
    + ") ORDER BY k) FROM ({inner})"
)
#: A page of at most this many rows is read in one step (:func:`_packed_rows`); more stream.
PACKED_ROWS_AT_MOST = 500


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
    for key in filters.present:
        if not key.isidentifier():
            raise ValueError(f"not an analytic field name: {key!r}")
        clauses.append("json_extract(r.analytic, ?) IS NOT NULL")
        values.append(f"$.{key}")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


#: The records stored after the one of this id (every record for an id of none).
_AFTER = "r.rowid > coalesce((SELECT rowid FROM records WHERE id = ?), 0)"


def _parts(filters: RecordFilter) -> list[tuple[str, list[object]]]:
    """The WHERE clauses, each with its values, that select in order the records of a search
    narrowed by its index: those it found (*among*: one parameter, however many; each read by
    its id), then those stored after *beyond*, which are all newer."""
    where, values = _where(filters)
    also = " AND " if where else " WHERE "
    parts: list[tuple[str, list[object]]] = [
        (
            where + also + "r.id IN (SELECT value FROM json_each(?))",  # noqa: S608  # fixed text
            [*values, json.dumps(filters.among)],
        )
    ]
    if filters.beyond is not None:
        parts.append((where + also + _AFTER, [*values, filters.beyond]))
    return parts


def _view(row: tuple[Any, ...], held: CaseKey | None, pseudonym_key: bytes) -> RecordView:
    """The view of one selected *row*; its identity is opened only with *held*, its case's key."""
    (
        record_id,
        _case_id,
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
        revision,
        withdrawn_at,
    ) = row
    identity: dict[str, str] | None = None
    if held is not None and held.version == key_version and withdrawn_at is None:
        data_key = keys.secret_unwrap(
            held.key, wrapped, sealing.data_key_label(record_id, held.version)
        )
        identity = sealing.open_fields(data_key, record_id, sealed)
        identity.pop(REASON_FIELD, None)  # why this revision was made: read in its history
    return RecordView(
        record_id,
        pseudonym(pseudonym_key, record_id),
        case,
        source,
        source_record_id,
        event_type,
        event_month,
        district,
        analytic if type(analytic) is dict else json.loads(analytic),  # packed pages: parsed
        identity,
        created_at,
        int(revision),
        withdrawn_at,
    )


class _Viewer:
    """Turns selected rows into views for one session: its case keys and pseudonym key are
    looked up once per page instead of once per row (a list page shows fifty). Identities
    are opened only when *reveal* (the caller's role may read them) and the key is held."""

    def __init__(self, session: VaultSession, reveal: bool) -> None:
        self.session = session
        self.reveal = reveal
        self.pseudonym_key = session.pseudonym_key
        self.keys: dict[int, CaseKey | None] = {}

    def views(self, rows: list[tuple[Any, ...]]) -> Iterator[RecordView]:
        """The views of a page of rows, their case keys opened together first."""
        if self.reveal:
            self.keys.update(held_keys(self.session, {row[1] for row in rows}))
        return map(self.view, rows)

    def view(self, row: tuple[Any, ...]) -> RecordView:
        held: CaseKey | None = None
        if self.reveal:
            case_id = row[1]
            if case_id in self.keys:
                held = self.keys[case_id]
            else:
                held = self.keys[case_id] = held_key(self.session, case_id)
        return _view(row, held, self.pseudonym_key)


def _iter_views(
    session: VaultSession, filters: RecordFilter, limit: int | None, offset: int, reveal: bool
) -> Iterator[RecordView]:
    if filters.among is not None:
        yield from _iter_narrowed(session, filters, limit, offset, reveal)
        return
    where, values = _where(filters)
    query = _SELECT + where + " ORDER BY r.rowid"  # insertion order, i.e. oldest first
    search = filters.matches
    parameters: list[object] = list(values)
    if search is None:  # without a search the database can page (nothing else opened)
        query += " LIMIT ? OFFSET ?"
        parameters += [-1 if limit is None else limit, offset]
    viewer = _Viewer(session, reveal)
    if search is None and limit is not None and limit <= PACKED_ROWS_AT_MOST:
        packed = _PACKED.format(inner=_PACKED_INNER + query[len(_SELECT) :])
        yield from viewer.views(_packed_rows(session.conn, packed, parameters))
        return
    views = map(viewer.view, session.conn.execute(query, parameters))
    if search is None:
        yield from views
        return
    matching = filter(search, views)
    yield from islice(matching, offset, None if limit is None else offset + limit)


def search_rows(session: VaultSession, after: str, *, reveal: bool) -> Iterator[RecordView]:
    """Every record stored after the record *after* (every record for ""), oldest first, as
    this user may see it (identities opened only when *reveal* and the case is held), **not
    audited**: what a search's index reads to know which records a search may find
    (``uncounted.services.search_index``); nothing read here is shown to anyone."""
    viewer = _Viewer(session, reveal)
    rows = session.conn.execute(_SELECT + " WHERE " + _AFTER + " ORDER BY r.rowid", (after,))
    return map(viewer.view, rows)


def search_left(session: VaultSession, after: str) -> int:
    """How many records are stored after the record *after* (every record for ""): what a
    search's index has still to read (:func:`search_rows`), counted without opening any."""
    query = "SELECT count(*) FROM records r WHERE " + _AFTER  # noqa: S608  # fixed text
    row = session.conn.execute(query, (after,))
    return int(row.fetchone()[0])


def search_stamp(session: VaultSession) -> tuple[int, tuple[tuple[int, int], ...]]:
    """What a search's index of this user's records holds for: how many times records were
    revised or withdrawn in place (``REVISION_SETTING``) and the key version of every case the
    user holds (a grant, a revocation or a rotation changes it). While both are the same, what
    the index read of a record stays true (records are only ever added, with higher rowids;
    ``uncounted.services.search_index``)."""
    conn = session.conn
    held = conn.execute(
        "SELECT k.case_id, k.key_version FROM case_keys k JOIN cases c ON c.id = k.case_id"
        " AND c.key_version = k.key_version WHERE k.user_id = ? ORDER BY k.case_id",
        (session.user.id,),
    ).fetchall()
    return (
        revisions_made(conn),
        tuple((int(case), int(version)) for case, version in held),
    )


def _iter_narrowed(
    session: VaultSession, filters: RecordFilter, limit: int | None, offset: int, reveal: bool
) -> Iterator[RecordView]:
    """:func:`_iter_views` for a search narrowed by its index (``RecordFilter.among``)."""
    viewer = _Viewer(session, reveal)
    conn = session.conn
    views = (
        view
        for where, values in _parts(filters)  # the index's, then the newer ones
        for view in map(viewer.view, conn.execute(_SELECT + where + " ORDER BY r.rowid", values))
    )
    found = views if filters.matches is None else filter(filters.matches, views)
    yield from islice(found, offset, None if limit is None else offset + limit)


def _packed_rows(conn: Connection, packed: str, parameters: list[object]) -> list[tuple[Any, ...]]:
    """The rows of a page, read from SQLite in one step as one JSON array.

    Python's SQLite module lets go of the interpreter lock around every step, once per row.
    Under twenty busy sessions each let-go handed the lock to another thread and back, about
    a hundred thread switches per list page; reading the page as one value in one step cut
    them by a third and the server's CPU per page by a sixth (docs/benchmarks/web.md). Blobs
    travel as hex and come back as the same bytes, analytic fields as the JSON objects they
    are; the order is the inner query's.
    """
    text = conn.execute(packed, parameters).fetchone()[0]
    rows = []
    for values in json.loads(text):
        for i in _BLOB_INDEXES:
            values[i] = bytes.fromhex(values[i])
        rows.append(tuple(values))
    return rows


def list_records(
    session: VaultSession,
    filters: RecordFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    reveal: bool,
) -> list[RecordView]:
    """The records matching *filters*, identities filled in only where this user holds the key.

    *reveal* is whether the caller's role may read identities at all (decided in services).

    Revealed identities are audited as one ``identity.read`` entry naming the cases, the count
    and a digest of the record ids shown (one per page view on the web: ``audit.PageReads``).
    """
    views = list(_iter_views(session, filters or RecordFilter(), limit, offset, reveal))
    _audit_reads(session, [view for view in views if view.identity is not None])
    return views


@dataclass(frozen=True)
class Found:
    """A page of records, and how many records match in all (on this page and every other)."""

    views: list[RecordView]
    matching: int
    #: the search stopped counting: more than ``matching - 1`` records match (:data:`MOST_COUNTED`)
    more_than: bool = False


#: How many matches a search counts before it stops (once the page asked for is full): a
#: broad search ("a", a common surname) at 100,000 records opened every identity to count
#: them; past this many a count helps no one, the page says "more than 500 match: add a birth
#: year or a place".
MOST_COUNTED = 500


def find_records(
    session: VaultSession,
    filters: RecordFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    reveal: bool,
) -> Found:
    """As :func:`list_records`, with how many records match in all, for a list that says so.

    Without a search the database counts. With one, records are opened and matched in memory
    (names are sealed: nothing else can count them) until the page is full and more than
    :data:`MOST_COUNTED` match, or to the last record; only the records of the page are
    audited as read.
    """
    filters = filters or RecordFilter()
    if filters.matches is None and filters.among is None:
        where, values = _where(filters)
        counted = session.conn.execute("SELECT count(*)" + _FROM + where, values).fetchone()
        return Found(list_records(session, filters, limit, offset, reveal=reveal), counted[0])
    end = None if limit is None else offset + limit
    views: list[RecordView] = []
    matching = 0
    enough = None if end is None else max(end, MOST_COUNTED) + 1
    for view in _iter_views(session, filters, None, 0, reveal):
        if offset <= matching and (end is None or matching < end):
            views.append(view)
        matching += 1
        if matching == enough:
            break
    _audit_reads(session, [view for view in views if view.identity is not None])
    return Found(views, matching, more_than=matching == enough)


def get_record(session: VaultSession, record_id: str, *, reveal: bool) -> RecordView:
    """One record; its identity (when *reveal* and the key is held) is audited as read."""
    row = session.conn.execute(_SELECT + " WHERE r.id = ?", (record_id,)).fetchone()
    if row is None:
        raise RecordNotFound(N_("there is no record {record!r} in this vault"), record=record_id)
    view = _Viewer(session, reveal).view(row)
    _audit_reads(session, [view] if view.identity is not None else [])
    return view


def _audit_reads(session: VaultSession, shown: list[RecordView]) -> None:
    # in the access log: see uncounted.vault.access_log for why; one entry per page view
    audit.record_reads(session, {view.record_id: view.case for view in shown})


TESTIMONY_PREFIX = "T-"
"""A testimony's number, ``T-12``, and each of its people's records' ``T-12-1``, ``T-12-2``:
their record id in the source, as a list's row has its own (docs/hotline-call.md)."""


def next_testimony_number(conn: Connection) -> int:
    """The number the next testimony takes: one more than any stored (withdrawn ones too: a
    tombstone keeps its number, which is never given again). Ask inside the transaction that
    stores the testimony, so that two sessions never take the same one."""
    rows = conn.execute(
        "SELECT source_record_id FROM records WHERE source_record_id GLOB 'T-[0-9]*-[0-9]*'"
    )
    taken = (str(value).split("-")[1] for (value,) in rows)
    return max((int(number) for number in taken if number.isdigit()), default=0) + 1


def count_records(conn: Connection) -> int:
    """How many records the vault holds (visible to everyone who may list records)."""
    return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])


REVISION_SETTING = "records_revision"
"""``vault_settings`` entry counting changes of records' current revisions (``revisions.py``):
the dashboard's cache stamp (``field_counts.records_stamp``) includes it."""


def revisions_made(conn: Connection) -> int:
    """How many times records were revised or withdrawn in place (``REVISION_SETTING``)."""
    row = conn.execute(
        "SELECT value FROM vault_settings WHERE name = ?", (REVISION_SETTING,)
    ).fetchone()
    return int(bytes(row[0]).decode()) if row else 0


def last_row(conn: Connection) -> int:
    """The highest rowid of ``records`` (0 when empty). Records are only ever added, each
    with a higher rowid than every record before it, and never deleted (a withdrawal keeps
    a tombstone), so a record with a higher rowid was stored after this was read."""
    row = conn.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()
    return int(row[0])
