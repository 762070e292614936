"""Reading the audit trail."""

from __future__ import annotations

from uncounted import vault as store
from uncounted.vault import Action, AuditEntry, VaultSession

__all__ = ["AuditEntry", "audit_size", "audit_trail"]


def audit_trail(
    vault: VaultSession,
    limit: int = 200,
    offset: int = 0,
    user: str | None = None,
    action: str | None = None,
) -> list[AuditEntry]:
    """The most recent audit entries (of *user*, of *action*), newest first (admin, legal)."""
    vault.require(Action.AUDIT_READ)
    return store.vault_trail(vault, limit, offset, user, action)


def audit_size(vault: VaultSession, user: str | None = None, action: str | None = None) -> int:
    """How many audit entries there are (of *user*, of *action*) (admin and legal)."""
    vault.require(Action.AUDIT_READ)
    return store.trail_size(vault, user, action)
