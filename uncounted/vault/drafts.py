"""Drafts: a form being typed, kept sealed in the vault so that nothing typed is lost.

A caseworker taking a hotline call at night may be timed out, sign in again, switch language
or have the browser crash in the middle of a testimony. The page sends what is typed, as it is
typed, and it is kept here: the fields as one JSON message sealed with XChaCha20-Poly1305
under a subkey of the user's own X25519 private key, its associated data naming the user and
the form. Only that user, signed in, can open it (not an administrator, not the recovery key:
a draft is a convenience, the record it becomes is sealed to the case). Nothing of it is ever
kept in the browser's storage.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from uncounted.vault import keys
from uncounted.vault.clock import now
from uncounted.vault.database import transaction
from uncounted.vault.session import VaultSession

_PURPOSE = b"uncounted-draft"


@dataclass(frozen=True)
class Draft:
    """A form's fields as last saved, and when (the vault's clock)."""

    fields: dict[str, str]
    saved_at: str


def _label(session: VaultSession, form: str) -> bytes:
    return f"{session.user.id}\x1fdraft\x1f{form}".encode()


def save_draft(session: VaultSession, form: str, fields: Mapping[str, str]) -> str:
    """Keep *fields* as the user's draft of *form*, replacing the last; returns the time."""
    message = json.dumps(dict(fields), ensure_ascii=False, separators=(",", ":"))
    key = keys.subkey(session.private_key, _PURPOSE)
    sealed = keys.secret_wrap(key, message.encode("utf-8"), _label(session, form))
    saved_at = now()
    with transaction(session.conn) as conn:
        conn.execute(
            "INSERT INTO drafts (user_id, form, sealed, saved_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, form) DO UPDATE SET sealed = excluded.sealed,"
            " saved_at = excluded.saved_at",
            (session.user.id, form, sealed, saved_at),
        )
    return saved_at


def load_draft(session: VaultSession, form: str) -> Draft | None:
    """The user's draft of *form*, or None (none kept, or one that no longer opens)."""
    row = session.conn.execute(
        "SELECT sealed, saved_at FROM drafts WHERE user_id = ? AND form = ?",
        (session.user.id, form),
    ).fetchone()
    if row is None:
        return None
    key = keys.subkey(session.private_key, _PURPOSE)
    try:
        message = keys.secret_unwrap(key, bytes(row[0]), _label(session, form))
        fields = json.loads(message.decode("utf-8"))
    except (keys.UnwrapFailed, ValueError):
        return None
    if not isinstance(fields, dict):
        return None
    return Draft({str(name): str(value) for name, value in fields.items()}, str(row[1]))


def discard_draft(session: VaultSession, form: str) -> None:
    """Forget the user's draft of *form* (it was recorded, or the user started afresh)."""
    with transaction(session.conn) as conn:
        conn.execute("DELETE FROM drafts WHERE user_id = ? AND form = ?", (session.user.id, form))
