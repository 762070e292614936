"""Reading the audit trail."""

from __future__ import annotations

from uncounted.vault import audit
from uncounted.vault.audit import AuditEntry
from uncounted.vault.permissions import Action
from uncounted.vault.session import VaultSession

__all__ = ["AuditEntry", "audit_trail"]


def audit_trail(vault: VaultSession, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """The most recent audit entries, newest first (admin and legal)."""
    vault.require(Action.AUDIT_READ)
    return audit.vault_trail(vault, limit, offset)
