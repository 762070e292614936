"""Which files were imported, so that the same bytes are never imported twice.

A file is known by the SHA-256 of its bytes. Its name (which may say whom it is about) is kept
only sealed, under the key of each case its records joined (``import_names``, migration
admin3_0001), and named in the audit trail only to readers who hold one of those cases: the
trail's entry says ``import N`` (:func:`named_imports`).

A second import of the same bytes (a retry after a slow upload, a double click, the same file
chosen again) is refused naming the first: when, as which source, by whom. Rows of a new
file whose (source, record id) the vault already holds are reported to the caller, who
chooses to skip them or store them as a new revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlcipher3

from uncounted.errors import InputError
from uncounted.messages import N_, Counted, readable
from uncounted.vault import keys
from uncounted.vault.case_keys import held_keys
from uncounted.vault.clock import now
from uncounted.vault.database import Connection
from uncounted.vault.session import CaseKey, VaultSession


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
            " ({rows}); nothing was imported again"
        ),
        date=readable(previous.at),
        source=previous.source,
        user=previous.user,
        rows=Counted(N_("%(num)d row"), N_("%(num)d rows"), previous.rows),
    )


def check_new(conn: Connection, sha256: bytes) -> None:
    """Raise :class:`AlreadyImported` when these bytes were imported before."""
    previous = previous_import(conn, sha256)
    if previous is not None:
        raise _refuse(previous)


def log_import(session: VaultSession, sha256: bytes, source: str, rows: int) -> int:
    """Record an import of these bytes, inside the caller's transaction, and return its id
    (the audit trail's target ``import ID``); a concurrent import of the same bytes that
    committed first makes this one fail (and roll back) by name."""
    try:
        cursor = session.conn.execute(
            "INSERT INTO imports (sha256, source, imported_at, user_id, rows)"
            " VALUES (?, ?, ?, ?, ?)",
            (sha256, source, now(), session.user.id, rows),
        )
    except sqlcipher3.IntegrityError:
        previous = previous_import(session.conn, sha256)
        if previous is None:
            raise
        raise _refuse(previous) from None
    return int(cursor.lastrowid or 0)


#: How the audit trail names an import (its target): never by the file's name.
TARGET_PREFIX = "import "


def _name_label(import_id: int, case_id: int, version: int) -> bytes:
    return f"import-name\x1f{import_id}\x1f{case_id}\x1f{version}".encode()


def seal_name(session: VaultSession, import_id: int, name: str, case_ids: Iterable[int]) -> int:
    """Keep *name*, the file's original name, sealed under the current key of each of
    *case_ids* this user holds (inside the caller's transaction); how many cases."""
    held = held_keys(session, set(case_ids))
    rows = [
        (
            import_id,
            key.case_id,
            key.version,
            keys.secret_wrap(
                key.key, name.encode("utf-8"), _name_label(import_id, key.case_id, key.version)
            ),
        )
        for key in held.values()
        if key is not None
    ]
    session.conn.executemany(
        "INSERT INTO import_names (import_id, case_id, key_version, sealed_name)"
        " VALUES (?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def reseal_names(conn: Connection, old: CaseKey, new: CaseKey) -> int:
    """Seal the import names of case *old* under its new key *new* (inside the rotation's
    transaction); how many."""
    rows = conn.execute(
        "SELECT import_id, sealed_name FROM import_names WHERE case_id = ? AND key_version = ?",
        (old.case_id, old.version),
    ).fetchall()
    updates = []
    for import_id, sealed in rows:
        name = keys.secret_unwrap(
            old.key, bytes(sealed), _name_label(int(import_id), old.case_id, old.version)
        )
        label = _name_label(int(import_id), new.case_id, new.version)
        updates.append(
            (new.version, keys.secret_wrap(new.key, name, label), import_id, old.case_id)
        )
    conn.executemany(
        "UPDATE import_names SET key_version = ?, sealed_name = ?"
        " WHERE import_id = ? AND case_id = ?",
        updates,
    )
    return len(updates)


def named_imports(session: VaultSession, targets: Iterable[str]) -> dict[str, str]:
    """For each audit target ``import N`` among *targets* whose file name this user may read
    (they hold one of its cases), that name."""
    ids = {
        int(target.removeprefix(TARGET_PREFIX))
        for target in targets
        if target.startswith(TARGET_PREFIX) and target.removeprefix(TARGET_PREFIX).isdigit()
    }
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = session.conn.execute(
        "SELECT import_id, case_id, key_version, sealed_name FROM import_names"  # noqa: S608
        f" WHERE import_id IN ({marks})",
        tuple(sorted(ids)),
    ).fetchall()
    held = held_keys(session, {int(row[1]) for row in rows})
    names: dict[str, str] = {}
    for import_id, case_id, version, sealed in rows:
        key = held.get(int(case_id))
        if key is None or key.version != int(version) or f"import {import_id}" in names:
            continue
        label = _name_label(int(import_id), int(case_id), int(version))
        try:
            names[f"{TARGET_PREFIX}{import_id}"] = keys.secret_unwrap(
                key.key, bytes(sealed), label
            ).decode("utf-8")
        except keys.UnwrapFailed:
            continue
    return names


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
