"""Which files were imported, so that the same bytes are never imported twice.

A file is known by the SHA-256 of its bytes (nothing else of it is kept: not its name, which
may say whom it is about). A second import of the same bytes (a retry after a slow upload, a
double click, the same file chosen again) is refused naming the first: when, as which source,
by whom. Rows of a new file whose (source, record id) the vault already holds are reported
to the caller, who chooses to skip them or store them as a new revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlcipher3

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.vault.clock import now
from uncounted.vault.database import Connection
from uncounted.vault.session import VaultSession


class AlreadyImported(InputError):
    """Raised when the bytes of a file were imported before (nothing is imported again)."""


@dataclass(frozen=True)
class PreviousImport:
    """An earlier import of the same bytes: when, as which source, by whom, how many rows."""

    at: str
    source: str
    user: str
    rows: int


def previous_import(conn: Connection, sha256: bytes) -> PreviousImport | None:
    """The earlier import of a file with this SHA-256, or None."""
    row = conn.execute(
        "SELECT i.imported_at, i.source, coalesce(u.name, ''), i.rows FROM imports i"
        " LEFT JOIN users u ON u.id = i.user_id WHERE i.sha256 = ?",
        (sha256,),
    ).fetchone()
    return (
        None if row is None else PreviousImport(str(row[0]), str(row[1]), str(row[2]), int(row[3]))
    )


def _refuse(previous: PreviousImport) -> AlreadyImported:
    return AlreadyImported(
        N_(
            "this file was imported before, on {date} as source {source!r} by {user}"
            " ({rows} rows); nothing was imported again"
        ),
        date=previous.at,
        source=previous.source,
        user=previous.user,
        rows=previous.rows,
    )


def check_new(conn: Connection, sha256: bytes) -> None:
    """Raise :class:`AlreadyImported` when these bytes were imported before."""
    previous = previous_import(conn, sha256)
    if previous is not None:
        raise _refuse(previous)


def log_import(session: VaultSession, sha256: bytes, source: str, rows: int) -> None:
    """Record an import of these bytes, inside the caller's transaction; a concurrent import
    of the same bytes that committed first makes this one fail (and roll back) by name."""
    try:
        session.conn.execute(
            "INSERT INTO imports (sha256, source, imported_at, user_id, rows)"
            " VALUES (?, ?, ?, ?, ?)",
            (sha256, source, now(), session.user.id, rows),
        )
    except sqlcipher3.IntegrityError:
        previous = previous_import(session.conn, sha256)
        if previous is None:
            raise
        raise _refuse(previous) from None


def stored_ids(conn: Connection, source: str, record_ids: Iterable[str]) -> dict[str, str]:
    """For each of *record_ids* (the source's own ids) already stored from *source*, the
    vault's id of that record."""
    wanted = set(record_ids)
    if not wanted:
        return {}
    rows = conn.execute(
        "SELECT r.source_record_id, r.id FROM records r JOIN sources s ON s.id = r.source_id"
        " WHERE s.name = ? AND r.source_record_id IS NOT NULL ORDER BY r.rowid",
        (source,),
    ).fetchall()
    return {str(own): str(rid) for own, rid in rows if own in wanted}
