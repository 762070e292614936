"""Giving and taking access to a case's identities.

Taking a case back from its last holder would leave its identities readable by no one, so it
needs the recovery secret, which is also what gives such a case back (:func:`grant_with_recovery`).
"""

from __future__ import annotations

from uncounted import vault as store
from uncounted.vault import Action, CaseInfo, LastHolder, RevokeImpact, VaultSession

__all__ = [
    "CaseInfo",
    "LastHolder",
    "RevokeImpact",
    "case_given",
    "grant",
    "grant_with_recovery",
    "list_cases",
    "revoke",
    "revoke_impact",
]


def case_given(vault: VaultSession, given: str) -> str:
    """The name of the case *given* names on the command line: its name or its number, as
    the grant advice gives it (:func:`uncounted.vault.cases.case_given`)."""
    vault.require(Action.RECORDS_LIST)
    return store.case_given(vault.conn, given)


def grant(vault: VaultSession, case: str, user: str) -> None:
    """Let *user* read the identities of *case* (admin holding the case's key)."""
    vault.require(Action.CASES_GRANT)
    store.grant(vault, case, user)


def grant_with_recovery(vault: VaultSession, case: str, user: str, recovery_secret: str) -> None:
    """Let *user* read *case*, its key unsealed with the recovery secret (no holder needed)."""
    vault.require(Action.CASES_GRANT)
    store.grant_with_recovery(vault, case, user, recovery_secret)


def revoke_impact(vault: VaultSession, case: str, user: str) -> RevokeImpact:
    """What taking *case* from *user* makes unreadable to them, and who keeps it."""
    vault.require(Action.CASES_GRANT)
    return store.revoke_impact(vault.conn, case, user)


def revoke(vault: VaultSession, case: str, user: str, recovery_secret: str | None = None) -> int:
    """Take *case* from *user*: the case key is replaced and its records re-sealed.

    From its last holder only with *recovery_secret* (:class:`LastHolder` otherwise).
    Returns the number of records re-sealed.
    """
    vault.require(Action.CASES_GRANT)
    return store.revoke(vault, case, user, recovery_secret)


def list_cases(vault: VaultSession) -> list[CaseInfo]:
    """Every case with its grants and record count."""
    vault.require(Action.RECORDS_LIST)
    return store.list_cases(vault.conn)
