"""The one door through which every identity read, export and change is recorded.

:func:`record` writes a row in the vault's ``audit`` table and hands the same entry, as JSON,
to the ledger (:func:`uncounted.vault.ledger_store.append_entry`), inside the caller's
transaction, so the change and its record commit together. Entries name users, actions, record
ids, case names and counts: never a name, birth date, contact or testimony.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import threading
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import islice

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.vault import ledger_store
from uncounted.vault.clock import now
from uncounted.vault.database import (
    BUSY,
    WRITE_WAIT_SECONDS,
    Connection,
    VaultBusy,
    rows_where_in,
    transaction,
)
from uncounted.vault.pseudonyms import pseudonym
from uncounted.vault.session import VaultSession

DetailValue = str | int | bool | None | Sequence[str]


@dataclass(frozen=True)
class AuditEntry:
    """One audited action: who did what to which target, with identity-free details."""

    user: str
    action: str
    target: str
    detail: Mapping[str, DetailValue] = field(default_factory=dict)
    at: str = field(default_factory=now)

    def payload(self) -> bytes:
        """The canonical JSON handed to the ledger."""
        body = {
            "at": self.at,
            "user": self.user,
            "action": self.action,
            "target": self.target,
            "detail": {key: _plain(value) for key, value in self.detail.items()},
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _plain(value: DetailValue) -> str | int | bool | list[str] | None:
    if value is None or isinstance(value, str | int | bool):
        return value
    return list(value)


def record(conn: Connection, entry: AuditEntry) -> None:
    """Store *entry* in the audit table and in the ledger, in the current transaction."""
    detail = json.dumps(
        {key: _plain(value) for key, value in entry.detail.items()},
        sort_keys=True,
        ensure_ascii=False,
    )
    conn.execute(
        "INSERT INTO audit (at, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        (entry.at, entry.user, entry.action, entry.target, detail),
    )
    ledger_store.append_entry(conn, entry.action, entry.payload())


@dataclass(eq=False)  # tickets are told apart by identity, not by their entries
class _Ticket:
    """One entry waiting for a group commit, and what became of it."""

    entry: AuditEntry
    done: bool = False
    error: BaseException | None = None


_waiting: dict[int, list[_Ticket]] = {}
_waiting_guard = threading.Lock()


def record_now(conn: Connection, entry: AuditEntry) -> None:
    """Commit *entry* on its own, durably, before returning; batched with concurrent calls.

    For actions that change nothing but must be on record before the user sees the result:
    an identity shown on a page is audited before the page is sent. Twenty sessions doing
    that one after the other queued twenty commits, each waiting for its own disk flush;
    here whoever holds the database's write lock commits every entry queued so far in one
    transaction (group commit), and each caller returns only once its own entry is committed.
    If that commit fails, every caller in the batch gets the error, so nothing is shown
    unrecorded.
    """
    lock = getattr(conn, "write_lock", None)
    if lock is None or conn.in_transaction:  # alone, or with the caller's own transaction
        with transaction(conn):
            record(conn, entry)
        return
    ticket = _Ticket(entry)
    with _waiting_guard:
        _waiting.setdefault(id(lock), []).append(ticket)
    if not lock.acquire(timeout=WRITE_WAIT_SECONDS):
        with _waiting_guard:  # withdraw the entry: the page is not shown, so not logged as read
            queued = _waiting.get(id(lock), [])
            if ticket in queued:
                queued.remove(ticket)
                raise VaultBusy(BUSY)
        # a leader took it meanwhile (it holds the lock): wait for the outcome of its commit
        lock.acquire()
        lock.release()
        if ticket.error is not None:
            raise ticket.error
        return
    try:
        if not ticket.done:
            with _waiting_guard:
                batch = _waiting.pop(id(lock), [])
            _commit_batch(conn, batch)
    finally:
        lock.release()
    if ticket.error is not None:
        raise ticket.error


def _commit_batch(conn: Connection, batch: list[_Ticket]) -> None:
    try:
        with transaction(conn):
            for ticket in batch:
                record(conn, ticket.entry)
    except BaseException as error:
        for ticket in batch:
            ticket.error, ticket.done = error, True
        raise
    for ticket in batch:
        ticket.done = True


def _read_entry(user: str, shown: Mapping[str, str], where: str) -> AuditEntry:
    """One ``identity.read`` entry for the records *shown* (record id: its case) on *where*
    (a page or endpoint, as its route is written: ``/records/{record_id}``; empty: not said)."""
    ids = sorted(shown)
    detail: dict[str, DetailValue] = {
        "count": len(ids),
        "cases": sorted(set(shown.values())),
        "digest": hashlib.blake2b("\n".join(ids).encode(), digest_size=16).hexdigest(),
    }
    if len(ids) <= 20:
        detail["records"] = ids
    if where:
        detail["page"] = where
    return AuditEntry(user, "identity.read", ids[0] if len(ids) == 1 else "records", detail)


@dataclass
class PageReads:
    """The identities one page view shows, gathered from every read it makes and recorded as
    one ``identity.read`` entry (per session) by :meth:`flush`, which the web application calls
    before the first byte of the page is sent: a lawyer reads "40 identities of case X on
    /records" once, not one entry per list of record ids the page happened to ask for."""

    where: str = ""
    _shown: dict[int, tuple[VaultSession, dict[str, str]]] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def add(self, session: VaultSession, shown: Mapping[str, str]) -> None:
        with self._guard:
            self._shown.setdefault(id(session), (session, {}))[1].update(shown)

    @property
    def pending(self) -> bool:
        return bool(self._shown)

    def flush(self) -> None:
        """Record what was gathered (durably, :func:`record_now`) and start afresh."""
        with self._guard:
            gathered, self._shown = list(self._shown.values()), {}
        for session, shown in gathered:
            record_now(session.access_conn, _read_entry(session.user.name, shown, self.where))


#: The page view being answered in this context, if its reads are gathered (web only).
_page_reads: ContextVar[PageReads | None] = ContextVar("page_reads", default=None)


def gather_page_reads(reads: PageReads) -> object:
    """Gather this context's identity reads into *reads* (until :func:`stop_gathering` with
    the token returned); reads made in threads that copy the context land there too."""
    return _page_reads.set(reads)


def stop_gathering(token: object) -> None:
    """End what :func:`gather_page_reads` started."""
    _page_reads.reset(token)  # type: ignore[arg-type]  # the token it returned


def record_reads(session: VaultSession, shown: Mapping[str, str]) -> None:
    """Audit that the identities of *shown* (record id: case) are being shown: into the page
    view's :class:`PageReads` when one is gathering, else at once, durably, on its own."""
    if not shown:
        return
    gathering = _page_reads.get()
    if gathering is not None:
        gathering.add(session, shown)
        return
    record_now(session.access_conn, _read_entry(session.user.name, shown, session.reads_where))


class BadAuditDate(InputError):
    """Raised when a date filter of the audit trail is not a date (YYYY-MM-DD)."""


@dataclass(frozen=True)
class AuditFilter:
    """Which entries of the trail to keep: of one user, one action (or any of ``actions``),
    one case (its name as the entry's target or among its detail's ``case``/``cases``), from
    and until a day (YYYY-MM-DD, both included, UTC)."""

    user: str | None = None
    action: str | None = None
    case: str | None = None
    since: str | None = None
    until: str | None = None
    #: by keyword only, so that the fields before keep their places (the audit page fills
    #: them in order)
    actions: tuple[str, ...] = field(default=(), kw_only=True)


def _day(text: str, later: int = 0) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadAuditDate(
            N_("{value!r} is not a date; write it as YYYY-MM-DD, like 2017-03-01"), value=text
        ) from None
    return (day + timedelta(days=later)).isoformat()


def _where(keep: AuditFilter) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (and its values) keeping the entries *keep* describes."""
    clauses, values = [], []
    if keep.user:
        clauses.append("user_name = ?")
        values.append(keep.user)
    if keep.action:
        clauses.append("action = ?")
        values.append(keep.action)
    if keep.actions:
        clauses.append(f"action IN ({', '.join('?' * len(keep.actions))})")
        values += keep.actions
    if keep.case:
        clauses.append(
            "(target = ? OR json_extract(detail, '$.case') = ?"
            " OR EXISTS (SELECT 1 FROM json_each(detail, '$.cases') WHERE value = ?))"
        )
        values += [keep.case] * 3
    if keep.since:
        clauses.append("at >= ?")
        values.append(_day(keep.since))
    if keep.until:
        clauses.append("at < ?")
        values.append(_day(keep.until, later=1))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(values)


def trail(
    conn: Connection, limit: int = 200, offset: int = 0, keep: AuditFilter | None = None
) -> list[AuditEntry]:
    """The most recent audit entries (those *keep* keeps), newest first."""
    where, values = _where(keep or AuditFilter())
    rows = conn.execute(
        "SELECT at, user_name, action, target, detail FROM audit"  # noqa: S608 (fixed text)
        f"{where} ORDER BY id DESC LIMIT ? OFFSET ?",
        (*values, limit, offset),
    ).fetchall()
    return [
        AuditEntry(user, action, target, json.loads(detail), at)
        for at, user, action, target, detail in rows
    ]


def trail_size(session: VaultSession, keep: AuditFilter | None = None) -> int:
    """How many entries :func:`vault_trail` holds (those *keep* keeps)."""
    where, values = _where(keep or AuditFilter())
    query = f"SELECT count(*) FROM audit{where}"  # noqa: S608 (fixed text)
    return sum(
        int(c.execute(query, values).fetchone()[0]) for c in (session.conn, session.access_conn)
    )


def vault_trail(
    session: VaultSession, limit: int = 200, offset: int = 0, keep: AuditFilter | None = None
) -> list[AuditEntry]:
    """The most recent entries of the vault and of its access log together, newest first.

    Changes are audited in ``vault.db`` and identity reads (and sign-ins) in ``access.db``
    (``uncounted.vault.access_log``); a reader of the trail sees one list.
    """
    wanted = limit + offset
    merged = heapq.merge(
        trail(session.conn, wanted, 0, keep),
        trail(session.access_conn, wanted, 0, keep),
        key=lambda entry: entry.at,
        reverse=True,
    )
    return list(islice(merged, offset, offset + limit))


def record_sign_in(session: VaultSession) -> None:
    """Record *session*'s sign-in (``signin``) in the access log."""
    with transaction(session.access_conn):
        record(session.access_conn, AuditEntry(session.user.name, "signin", session.user.name))


def as_seen_by(session: VaultSession, entries: list[AuditEntry]) -> list[AuditEntry]:
    """*entries* with every case the reader does not hold named by a pseudonym ("K7M2-XQ4D":
    the same for every reader, from the vault's pseudonym key), as its target and
    in its detail's ``case`` and ``cases``. Case names can identify (a survivor's village, a
    family name), and the trail is read by lawyers granted only some cases."""
    rows = session.conn.execute(
        "SELECT c.name, EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id"
        " AND k.user_id = ?) FROM cases c",
        (session.user.id,),
    ).fetchall()
    hidden = {str(name) for name, held in rows if not held}
    if not hidden:
        return entries
    key = session.pseudonym_key

    def shown(name: str) -> str:
        return pseudonym(key, "case\x1f" + name) if name in hidden else name

    def detail(value: DetailValue) -> DetailValue:
        if isinstance(value, str):
            return shown(value)
        if isinstance(value, Sequence):
            return [shown(str(item)) for item in value]
        return value

    return [
        replace(
            entry,
            target=shown(entry.target),
            detail={
                key_: detail(value) if key_ in ("case", "cases") else value
                for key_, value in entry.detail.items()
            },
        )
        for entry in entries
    ]


#: A route's parameter as the page-reads entry writes it (``/records/{record_id}/history``).
_ROUTE_PARAMETER = re.compile(r"\{[a-z_]+\}")


def records_by_pseudonym(session: VaultSession, entries: list[AuditEntry]) -> list[AuditEntry]:
    """*entries* with every record they name by its id (target, detail ``records``) named by
    its pseudonym, as the records pages name it, where the record is in the vault; and the
    page an identity was read on with its route's parameters filled in (the record's
    pseudonym where the entry names one record, else "…"). A reader recognises "K7M2-XQ4D"
    and "/records/K7M2-XQ4D/history"; a 32-hex id and a route pattern said nothing (walkday6
    #17). A pseudonym reveals no identity."""
    named = {entry.target for entry in entries}
    for entry in entries:
        listed = entry.detail.get("records")
        if isinstance(listed, list | tuple):
            named.update(str(item) for item in listed)
    ids = sorted(n for n in named if re.fullmatch(r"[0-9a-f]{32}", n))
    if not ids:
        return entries
    key = session.pseudonym_key
    stored = rows_where_in(session.conn, "SELECT id FROM records WHERE id IN ({marks})", ids)
    known = {str(row[0]): pseudonym(key, str(row[0])) for row in stored}

    def shown(entry: AuditEntry) -> AuditEntry:
        detail = dict(entry.detail)
        listed = detail.get("records")
        if isinstance(listed, list | tuple):
            detail["records"] = [known.get(str(item), str(item)) for item in listed]
        page = detail.get("page")
        if isinstance(page, str):
            one = known.get(entry.target, "…")
            detail["page"] = _ROUTE_PARAMETER.sub(lambda _: one, page)
        return replace(entry, target=known.get(entry.target, entry.target), detail=detail)

    return [shown(entry) for entry in entries]
