"""Reading the audit trail."""

from __future__ import annotations

from uncounted import vault as store
from uncounted.vault import Action, AuditEntry, VaultSession

__all__ = ["AuditEntry", "audit_trail"]


def audit_trail(vault: VaultSession, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """The most recent audit entries, newest first (admin and legal)."""
    vault.require(Action.AUDIT_READ)
    return store.vault_trail(vault, limit, offset)
