"""Giving and taking access to a case's identities."""

from __future__ import annotations

from uncounted import vault as store
from uncounted.vault import Action, CaseInfo, VaultSession

__all__ = ["CaseInfo", "grant", "list_cases", "revoke"]


def grant(vault: VaultSession, case: str, user: str) -> None:
    """Let *user* read the identities of *case* (admin holding the case's key)."""
    vault.require(Action.CASES_GRANT)
    store.grant(vault, case, user)


def revoke(vault: VaultSession, case: str, user: str) -> int:
    """Take *case* from *user*: the case key is replaced and its records re-sealed.

    Returns the number of records re-sealed.
    """
    vault.require(Action.CASES_GRANT)
    return store.revoke(vault, case, user)


def list_cases(vault: VaultSession) -> list[CaseInfo]:
    """Every case with its grants and record count."""
    vault.require(Action.RECORDS_LIST)
    return store.list_cases(vault.conn)
