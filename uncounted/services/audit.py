"""Reading the audit trail; recording sign-ins."""

from __future__ import annotations

from dataclasses import replace

from uncounted import vault as store
from uncounted.vault import Action, AuditEntry, AuditFilter, PageReads, VaultSession

__all__ = [
    "AuditEntry",
    "AuditFilter",
    "PageReads",
    "audit_size",
    "audit_trail",
    "gather_page_reads",
    "name_reads",
    "record_sign_in",
    "stop_gathering",
]


def gather_page_reads(where: str) -> tuple[PageReads, object]:
    """Start gathering the identity reads of one page view on *where* (its route, as written:
    ``/records/{record_id}``) into one audit entry; returns the gatherer, whose ``flush()``
    records it (call it before the page is sent), and the token for :func:`stop_gathering`."""
    reads = PageReads(where)
    return reads, store.gather_page_reads(reads)


def name_reads(vault: VaultSession, where: str) -> None:
    """Say *where* (the command line's command, ``uncounted records``) in the audit entry of
    every identity read of *vault* from now on (one entry per read there: the command prints
    what it read, so the read is recorded before, on its own)."""
    vault.reads_where = where


def stop_gathering(token: object) -> None:
    """End the gathering :func:`gather_page_reads` started (after its ``flush()``)."""
    store.stop_gathering(token)


def audit_trail(
    vault: VaultSession,
    limit: int = 200,
    offset: int = 0,
    user: str | None = None,
    action: str | None = None,
    keep: AuditFilter | None = None,
) -> list[AuditEntry]:
    """The most recent audit entries (of *user*, of *action*, or as *keep* says: a case, a
    date range too), newest first (admin, legal). A case the reader does not hold is named
    by a pseudonym, and so is a record (the pseudonym its pages show; the page it was read
    on with it, never the route pattern); an imported file (target ``import N``) by its
    original name when the reader holds one of the cases its records joined (the name is
    sealed under their keys)."""
    vault.require(Action.AUDIT_READ)
    keep = keep or AuditFilter(user=user, action=action)
    entries = store.audit_as_seen_by(vault, store.vault_trail(vault, limit, offset, keep))
    entries = store.audit_records_by_pseudonym(vault, entries)
    names = store.named_imports(vault, {entry.target for entry in entries})
    return [replace(entry, target=names.get(entry.target, entry.target)) for entry in entries]


def audit_size(
    vault: VaultSession,
    user: str | None = None,
    action: str | None = None,
    keep: AuditFilter | None = None,
) -> int:
    """How many audit entries there are (of *user*, of *action*, or as *keep* says)
    (admin and legal)."""
    vault.require(Action.AUDIT_READ)
    return store.trail_size(vault, keep or AuditFilter(user=user, action=action))


def record_sign_in(vault: VaultSession) -> None:
    """Record the signed-in user's sign-in on the web (failed sign-ins were put into the trail
    by the unlock, before it: ``uncounted.vault.sign_in_failures``)."""
    store.record_sign_in(vault)
