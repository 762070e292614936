"""Reviewers' link decisions and the results of estimate runs, stored in the vault.

Both hold no identity: a decision names two records by source and record id (the keys the
records table already keeps in the clear inside the encrypted database), and a result holds
only figures and a plot drawn from figures. Each write is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from uncounted.errors import NotFound
from uncounted.messages import N_, from_data, to_data
from uncounted.vault import audit
from uncounted.vault.case_keys import NotGranted, held_keys
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.session import VaultSession

RecordKey = tuple[str, str]
"""A record as linkage names it: (source, record id within that source)."""


@dataclass(frozen=True)
class LinkDecision:
    """A reviewer's verdict that two records are (or are not) the same person."""

    left: RecordKey
    right: RecordKey
    match: bool


@dataclass(frozen=True)
class StoredResult:
    """One estimate run as kept in the vault: figures only."""

    id: int
    created_at: str
    method: str
    linked_records: int
    left_out: int
    people: int
    lists: tuple[str, ...]
    observed: int
    point: float | None
    median: float | None
    q025: float | None
    q975: float | None
    warnings: tuple[str, ...]
    posterior_svg: str
    cautions: tuple[str, ...] = ()
    """The warnings that refuse or caution against the figure (shown next to it)."""


def _ordered(left: RecordKey, right: RecordKey) -> tuple[RecordKey, RecordKey]:
    return (left, right) if left <= right else (right, left)


class LinkedRecordNotFound(NotFound):
    """Raised when a verdict names a record (source and record id) the vault does not hold."""


def _require_readable(session: VaultSession, key: RecordKey) -> None:
    """Raise unless *key* names records of this vault whose cases this user holds.

    A verdict says two people are (or are not) the same: only someone who can read both
    records' identities may give one (linkage review shows identities from granted cases only).
    """
    source, record_id = key
    rows = session.conn.execute(
        "SELECT DISTINCT r.case_id FROM records r JOIN sources s ON s.id = r.source_id"
        " WHERE s.name = ? AND (r.source_record_id = ?"
        " OR (r.source_record_id IS NULL AND r.id = ?))",
        (source, record_id, record_id),
    ).fetchall()
    if not rows:
        raise LinkedRecordNotFound(
            N_("there is no record {record!r} from source {source!r} in this vault"),
            record=record_id,
            source=source,
        )
    held = held_keys(session, {int(row[0]) for row in rows})
    if any(case is None for case in held.values()):
        raise NotGranted(
            N_("record {record!r} from source {source!r} is in a case you are not granted"),
            record=record_id,
            source=source,
        )


def save_decision(session: VaultSession, decision: LinkDecision) -> None:
    """Store (or replace) the verdict on one pair of records, both readable by the user."""
    left, right = _ordered(decision.left, decision.right)
    with transaction(session.conn) as conn:
        _require_readable(session, left)
        _require_readable(session, right)
        conn.execute(
            "INSERT OR REPLACE INTO link_decisions (source_l, record_id_l, source_r,"
            " record_id_r, is_match, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*left, *right, int(decision.match), now(), session.user.id),
        )
        verdict = "match" if decision.match else "non-match"
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name,
                "linkage.decide",
                f"{left[0]}/{left[1]} ~ {right[0]}/{right[1]}",
                {"decision": verdict},
            ),
        )


def decisions(conn: Connection) -> list[LinkDecision]:
    """Every stored verdict, oldest first."""
    rows = conn.execute(
        "SELECT source_l, record_id_l, source_r, record_id_r, is_match FROM link_decisions"
        " ORDER BY decided_at, rowid"
    ).fetchall()
    return [
        LinkDecision((str(sl), str(rl)), (str(sr), str(rr)), bool(match))
        for sl, rl, sr, rr, match in rows
    ]


def save_result(session: VaultSession, result: StoredResult) -> int:
    """Store an estimate run (its id in *result* is ignored); return its new id."""
    with transaction(session.conn) as conn:
        cursor = conn.execute(
            "INSERT INTO analysis_results (created_at, created_by, method, linked_records,"
            " left_out, people, lists, observed, point, median, q025, q975, warnings,"
            " posterior_svg) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                result.created_at,
                session.user.id,
                result.method,
                result.linked_records,
                result.left_out,
                result.people,
                json.dumps(list(result.lists), ensure_ascii=False),
                result.observed,
                result.point,
                result.median,
                result.q025,
                result.q975,
                json.dumps(_warnings_data(result), ensure_ascii=False),
                result.posterior_svg,
            ),
        )
        result_id = int(cursor.lastrowid)
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name, "estimate.run", str(result_id), {"method": result.method}
            ),
        )
    return result_id


def latest_result(conn: Connection) -> StoredResult | None:
    """The most recent estimate run, or None before the first."""
    row = conn.execute(
        "SELECT id, created_at, method, linked_records, left_out, people, lists, observed,"
        " point, median, q025, q975, warnings, posterior_svg FROM analysis_results"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    (rid, at, method, linked, left_out, people, lists, observed, *figures, warns, svg) = row
    point, median, q025, q975 = (None if v is None else float(v) for v in figures)
    warnings, cautions = _warnings_of(json.loads(warns))
    return StoredResult(
        int(rid),
        str(at),
        str(method),
        int(linked),
        int(left_out),
        int(people),
        tuple(json.loads(lists)),
        int(observed),
        point,
        median,
        q025,
        q975,
        warnings,
        str(svg),
        cautions,
    )


def _warnings_data(result: StoredResult) -> list[object]:
    """Each warning with its template (so it can be shown in the reader's language) and
    whether it cautions; runs stored before this kept plain strings, read as they are."""
    cautions = set(result.cautions)
    return [{"message": to_data(text), "caution": text in cautions} for text in result.warnings]


def _warnings_of(data: list[object]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The warnings and, among them, the cautions, from :func:`_warnings_data`'s list."""
    warnings: list[str] = []
    cautions: list[str] = []
    for item in data:
        if isinstance(item, dict):
            text = from_data(item.get("message"))
            if item.get("caution"):
                cautions.append(text)
        else:
            text = str(item)
        warnings.append(text)
    return tuple(warnings), tuple(cautions)
