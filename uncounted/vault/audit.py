"""The one door through which every identity read, export and change is recorded.

:func:`record` writes a row in the vault's ``audit`` table and hands the same entry, as JSON,
to the ledger (:func:`uncounted.vault.ledger_store.append_entry`), inside the caller's
transaction, so the change and its record commit together. Entries name users, actions, record
ids, case names and counts: never a name, birth date, contact or testimony.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from uncounted.vault import ledger_store
from uncounted.vault.database import Connection

DetailValue = str | int | bool | None | Sequence[str]


@dataclass(frozen=True)
class AuditEntry:
    """One audited action: who did what to which target, with identity-free details."""

    user: str
    action: str
    target: str
    detail: Mapping[str, DetailValue] = field(default_factory=dict)
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

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


def trail(conn: Connection, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """The most recent audit entries, newest first."""
    rows = conn.execute(
        "SELECT at, user_name, action, target, detail FROM audit ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [
        AuditEntry(user, action, target, json.loads(detail), at)
        for at, user, action, target, detail in rows
    ]
