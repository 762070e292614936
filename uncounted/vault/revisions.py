"""Revisions of records, never overwrites; and withdrawal of consent, which leaves a tombstone.

Why this shape: the row of a record in ``records`` is always its *current* revision, so every
reader (lists, counts, the register, linkage, estimates, reports) reads what it read before,
unchanged and as fast. An edit first copies that row, byte for byte, into
``record_revisions`` (its own data key wrapped under the case key, its identity sealed under
that data key and bound to the record id, who made it and when), then stores the new revision
in ``records`` under a fresh data key (``records._Writer``, as a new record is stored). Nothing
is overwritten that is not first kept. Why a revision was made is sealed with its identity
(:data:`~uncounted.vault.records.REASON_FIELD`): a reason may name someone.

Each revision is one ledger leaf (kind ``record.revision``: the record id, the revision's
number, when, by whom and the SHA-256 of its sealed identity), so the ledger commits to every
revision's content without revealing it; the action is audited once, in words, as before.
The leaf of the record's first storing stays where it was: proofs of it still verify.

Withdrawal of consent destroys the identity of every revision of a record (its wrapped data
keys and sealed identities emptied, on pages SQLite zeroes when freed: ``secure_delete``) and
the evidence items attached to it (rows, and blobs overwritten then unlinked), and keeps a
tombstone: the record's row with its id, list, case, coarse analytic fields and
``withdrawn_at``. Its ledger leaves stay; the withdrawal is one more. What copies made before
(backups, exported packages) still hold is in ``docs/vault.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import sqlcipher3

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.vault import audit, evidence_store, keys, ledger_store, sealing
from uncounted.vault.case_keys import NotGranted, held_key
from uncounted.vault.cases import STALE_KEY_ABORT, StaleCaseKey
from uncounted.vault.clock import now
from uncounted.vault.database import rows_where_in, transaction
from uncounted.vault.records import (
    BATCH,
    REASON_FIELD,
    REVISION_SETTING,
    RecordDraft,
    RecordNotFound,
    _Writer,
    revisions_made,
)
from uncounted.vault.session import VaultSession

REVISION_KIND = "record.revision"
"""The ledger kind of a revision's leaf."""
WITHDRAW_ACTION = "records.withdraw"
"""The audit action of a withdrawal, its target the record: the mark that a record was
withdrawn after an estimate run read (``analysis_store.records_after``)."""


class RecordWithdrawn(InputError):
    """Raised when a record whose consent was withdrawn is asked to change (or withdrawn again)."""

    @classmethod
    def of(cls, record_id: str, withdrawn_at: str) -> RecordWithdrawn:
        """The one refusal for record *record_id*, withdrawn at *withdrawn_at* (its day said):
        a revision, a second withdrawal and evidence attached to it all say this."""
        return cls(
            N_("record {record} was withdrawn on {date}: its identity no longer exists"),
            record=record_id,
            date=withdrawn_at[:10],
        )


@dataclass(frozen=True)
class Revision:
    """One revision of a record as a user granted its case reads it (oldest is number 1).

    ``identity`` is None when the record was withdrawn (or the key is not held); ``reason``
    is why the revision was made ("" when none was given; the first one never has one).
    """

    number: int
    at: str
    by: str
    case: str
    source: str
    source_record_id: str | None
    event_type: str | None
    event_month: str | None
    district: str | None
    analytic: dict[str, str]
    identity: dict[str, str] | None
    reason: str
    #: when consent was withdrawn (the same on every revision of a withdrawn record)
    withdrawn_at: str | None = None

    def fields(self) -> dict[str, str]:
        """Every field of this revision by name (analytic and sealed together), for comparing."""
        found = {
            "case": self.case,
            "source_record_id": self.source_record_id or "",
            "event_type": self.event_type or "",
            "event_month": self.event_month or "",
            "district": self.district or "",
        }
        found.update(self.analytic)
        found.update(self.identity or {})
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal destroyed (or, before it, would destroy)."""

    record_id: str
    revisions: int
    evidence: tuple[str, ...]
    at: str | None = None


_COPY = (
    "INSERT INTO record_revisions (record_id, number, case_id, source_id, source_record_id,"
    " event_type, event_month, district, analytic, key_version, wrapped_data_key,"
    " sealed_identity, created_at, created_by) SELECT id, revision, case_id, source_id,"
    " source_record_id, event_type, event_month, district, analytic, key_version,"
    " wrapped_data_key, sealed_identity, created_at, created_by FROM records WHERE id = ?"
)
_UPDATE = (
    "UPDATE records SET case_id = ?, source_id = ?, source_record_id = ?, event_type = ?,"
    " event_month = ?, district = ?, analytic = ?, key_version = ?, wrapped_data_key = ?,"
    " sealed_identity = ?, created_at = ?, created_by = ?, revision = revision + 1"
    " WHERE id = ?"
)


def _current(session: VaultSession, record_ids: Sequence[str]) -> dict[str, tuple[int, str | None]]:
    """(revision, withdrawn_at) of each of *record_ids*; :class:`RecordNotFound` for one missing."""
    rows = rows_where_in(
        session.conn,
        "SELECT id, revision, withdrawn_at FROM records WHERE id IN ({marks})",
        record_ids,
    )
    found: dict[str, tuple[int, str | None]] = {str(r[0]): (int(r[1]), r[2]) for r in rows}
    for record_id in record_ids:
        if record_id not in found:
            raise RecordNotFound(
                N_("there is no record {record!r} in this vault"), record=record_id
            )
        withdrawn = found[record_id][1]
        if withdrawn is not None:
            raise RecordWithdrawn.of(record_id, withdrawn)
    return found


def revise(
    session: VaultSession,
    revisions: Sequence[tuple[str, RecordDraft]],
    *,
    reason: str = "",
    action: str = "records.edit",
    target: str | None = None,
    changed: Sequence[str] = (),
) -> list[int]:
    """Store a new revision of each (record id, draft), keeping the one it replaces; return
    the new revisions' numbers. One transaction; one ledger leaf per revision and one audit
    entry (*action*, naming the records, and *changed*: the names of the fields that changed,
    when the caller knows them). *reason* is sealed with each new revision's identity."""
    if not revisions:
        return []
    # a record given twice (a list naming one row twice) gets its last draft, once
    revisions = list({record_id: (record_id, draft) for record_id, draft in revisions}.values())
    ids = [record_id for record_id, _ in revisions]
    writer = _Writer(session)
    numbers: list[int] = []
    with transaction(session.conn) as conn:
        current = _current(session, ids)
        for start in range(0, len(revisions), BATCH):
            batch = revisions[start : start + BATCH]
            drafts = [_with_reason(draft, reason) for _, draft in batch]
            rows = writer.rows(drafts, [record_id for record_id, _ in batch])
            conn.executemany(_COPY, [(row[0],) for row in rows])
            try:
                conn.executemany(_UPDATE, [(*row[1:], row[0]) for row in rows])
            except sqlcipher3.IntegrityError as error:  # the key trigger (hold_keys_0001)
                if STALE_KEY_ABORT not in str(error):
                    raise
                raise StaleCaseKey(
                    N_("a case's key changed while you were writing; nothing was saved, try again")
                ) from None
            made = [current[str(row[0])][0] + 1 for row in rows]
            numbers += made
            leaves = [
                _leaf(str(row[0]), number, str(row[11]), session.user.name, row[10])
                for row, number in zip(rows, made, strict=True)
            ]
            ledger_store.append_entries(conn, REVISION_KIND, leaves)
        _bump_stamp(conn)
        detail: dict[str, audit.DetailValue] = {"count": len(revisions)}
        if len(revisions) <= 20:
            detail["records"] = ids
        if len(revisions) == 1:
            detail["revision"] = str(numbers[0])
        if changed:
            detail["fields"] = sorted(changed)
        if reason:
            detail["reason_given"] = True
        entry = audit.AuditEntry(session.user.name, action, target or ids[0], detail)
        audit.record(conn, entry)
    return numbers


def _with_reason(draft: RecordDraft, reason: str) -> RecordDraft:
    if not reason:
        return draft
    identity = dict(draft.identity)
    identity[REASON_FIELD] = reason
    return RecordDraft(
        draft.case,
        draft.source,
        draft.source_record_id,
        draft.event_type,
        draft.event_month,
        draft.district,
        draft.analytic,
        identity,
    )


def _leaf(record_id: str, number: int, at: str, user: str, sealed: Any) -> bytes:
    """The payload of a revision's ledger leaf (no identity: the sealed bytes' SHA-256)."""
    payload = {
        "record": record_id,
        "revision": number,
        "at": at,
        "user": user,
        "sealed_sha256": hashlib.sha256(bytes(sealed)).hexdigest(),
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _bump_stamp(conn: Any) -> None:
    """Count one more revision or withdrawal in place (``records.revisions_made``)."""
    conn.execute(
        "INSERT OR REPLACE INTO vault_settings (name, value) VALUES (?, ?)",
        (REVISION_SETTING, str(revisions_made(conn) + 1).encode()),
    )


_HISTORY = (
    "SELECT r.number, r.created_at, u.name, c.name, s.name, r.source_record_id, r.event_type,"
    " r.event_month, r.district, r.analytic, r.case_id, r.key_version, r.wrapped_data_key,"
    " r.sealed_identity FROM {table} r JOIN cases c ON c.id = r.case_id"
    " JOIN sources s ON s.id = r.source_id JOIN users u ON u.id = r.created_by WHERE {where}"
)


def history(session: VaultSession, record_id: str) -> list[Revision]:
    """Every revision of *record_id*, oldest first, identities opened with the case key.

    Raises :class:`NotGranted` unless this user holds the key of the record's case now (a
    history shows what was typed, so it is read like an identity; audited as such).
    """
    current = session.conn.execute(
        _HISTORY.format(table="(SELECT *, revision AS number FROM records)", where="r.id = ?"),
        (record_id,),
    ).fetchone()
    if current is None:
        raise RecordNotFound(N_("there is no record {record!r} in this vault"), record=record_id)
    held = held_key(session, int(current[10]))
    if held is None:
        raise NotGranted(
            N_("you hold no grant of case {case}: its records' history is sealed"),
            case=current[3],
        )
    earlier = session.conn.execute(
        _HISTORY.format(table="record_revisions", where="r.record_id = ? ORDER BY r.number"),
        (record_id,),
    ).fetchall()
    withdrawn = session.conn.execute(
        "SELECT withdrawn_at FROM records WHERE id = ?", (record_id,)
    ).fetchone()[0]
    found = [
        replace(_revision(session, record_id, row), withdrawn_at=withdrawn)
        for row in [*earlier, current]
    ]
    audit.record_now(
        session.access_conn,
        audit.AuditEntry(
            session.user.name,
            "identity.read",
            record_id,
            {"count": 1, "cases": [str(current[3])], "records": [record_id], "history": True},
        ),
    )
    return found


def _revision(session: VaultSession, record_id: str, row: tuple[Any, ...]) -> Revision:
    number, at, by, case, source, source_record_id, event_type, month, district = row[:9]
    analytic, case_id, key_version, wrapped, sealed = row[9:]
    identity: dict[str, str] | None = None
    held = held_key(session, int(case_id))
    if held is not None and held.version == key_version and bytes(wrapped):
        data_key = keys.secret_unwrap(
            held.key, bytes(wrapped), sealing.data_key_label(record_id, held.version)
        )
        identity = sealing.open_fields(data_key, record_id, bytes(sealed))
    reason = (identity or {}).pop(REASON_FIELD, "")
    return Revision(
        int(number),
        str(at),
        str(by),
        str(case),
        str(source),
        source_record_id,
        event_type,
        month,
        district,
        {str(k): str(v) for k, v in json.loads(analytic).items()},
        identity,
        reason,
    )


def changes(revisions: Sequence[Revision]) -> list[tuple[Revision, dict[str, tuple[str, str]]]]:
    """Each revision after the first with what it changed: field -> (before, after), "" for
    a field absent on one side."""
    found = []
    for before, after in pairwise(revisions):
        old, new = before.fields(), after.fields()
        changed = {
            name: (old.get(name, ""), new.get(name, ""))
            for name in sorted(old.keys() | new.keys())
            if old.get(name, "") != new.get(name, "")
        }
        found.append((after, changed))
    return found


def edit_form(record_id: str) -> str:
    """The name under which a user's unsaved edit of *record_id* is kept (``drafts``)."""
    return f"record-edit-{record_id}"


def withdrawal_impact(session: VaultSession, record_id: str) -> Withdrawal:
    """What :func:`withdraw` would destroy: the revisions of the record and its evidence."""
    _current(session, [record_id])
    earlier = session.conn.execute(
        "SELECT count(*) FROM record_revisions WHERE record_id = ?", (record_id,)
    ).fetchone()[0]
    items = evidence_store.items_of_record(session, record_id)
    return Withdrawal(record_id, int(earlier) + 1, tuple(items))


def withdraw(session: VaultSession, record_id: str) -> Withdrawal:
    """Destroy the identity of every revision of *record_id* and its evidence; keep a tombstone.

    Needs the key of the record's case (:class:`NotGranted` otherwise): only those who could
    read the identity may destroy it. Audited (``records.withdraw``, a ledger leaf).
    """
    impact = withdrawal_impact(session, record_id)
    case_id = int(
        session.conn.execute("SELECT case_id FROM records WHERE id = ?", (record_id,)).fetchone()[0]
    )
    held = held_key(session, case_id)
    if held is None:
        raise NotGranted(
            N_(
                "you hold no grant of this record's case: only those who may read an identity may"
                " destroy it"
            )
        )
    at = now()
    with transaction(session.conn) as conn:
        conn.execute(
            "UPDATE records SET key_version = ?, wrapped_data_key = x'', sealed_identity = x'',"
            " withdrawn_at = ? WHERE id = ?",
            (held.version, at, record_id),
        )
        conn.execute(
            "UPDATE record_revisions SET wrapped_data_key = x'', sealed_identity = x''"
            " WHERE record_id = ?",
            (record_id,),
        )
        evidence_store.destroy_items(session, list(impact.evidence))
        # anyone's unsaved edit of it holds its identity too (sealed under their own key)
        conn.execute("DELETE FROM drafts WHERE form = ?", (edit_form(record_id),))
        _bump_stamp(conn)
        detail: dict[str, audit.DetailValue] = {
            "revisions": impact.revisions,
            "evidence": list(impact.evidence),
        }
        entry = audit.AuditEntry(session.user.name, WITHDRAW_ACTION, record_id, detail)
        audit.record(conn, entry)
    evidence_store.remove_blobs(session, list(impact.evidence))
    # push the pages that held the identity out of the write-ahead log into the database file,
    # where secure_delete has zeroed what was freed (best effort: a reader may hold the log)
    session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return Withdrawal(record_id, impact.revisions, impact.evidence, at)


def count_withdrawn(session: VaultSession) -> int:
    """How many records are tombstones (consent withdrawn): still counted, never identified."""
    row = session.conn.execute("SELECT count(*) FROM records WHERE withdrawn_at IS NOT NULL")
    return int(row.fetchone()[0])
