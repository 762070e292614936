"""Encrypted backups of a vault, evidence included, and their restoration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from uncounted import vault as store
from uncounted.vault import Action, AuditFilter, BackupSummary, Progress, VaultSession

__all__ = [
    "BackupMade",
    "BackupSummary",
    "BackupsBeforeWithdrawal",
    "Progress",
    "backup_vault",
    "backup_writer",
    "backups_before_withdrawal",
    "backups_made",
    "last_backup",
    "restore_vault",
]


def backup_vault(
    vault: VaultSession, output: Path, progress: Progress | None = None
) -> BackupSummary:
    """Write one encrypted file holding the whole vault and its evidence (admin only).

    *progress*, if given, is called with (bytes copied, bytes in all) as the files stream.
    """
    vault.require(Action.BACKUP_CREATE)
    return store.write_backup(vault, output, progress)


def backup_writer(vault: VaultSession) -> Callable[[BinaryIO, str], tuple[int, int]]:
    """Check now that the user may make backups (admin only), and return what writes one:
    ``write(handle, name)`` streams the encrypted backup into *handle* (a download) and
    returns (records, evidence items). For a caller that must refuse before it answers."""
    vault.require(Action.BACKUP_CREATE)

    def write(handle: BinaryIO, name: str) -> tuple[int, int]:
        return store.stream_backup(vault, handle, name)

    return write


def restore_vault(
    backup_file: Path,
    target: Path,
    user: str | None,
    passphrase: str,
    progress: Progress | None = None,
) -> int:
    """Rebuild a vault with its evidence in the new directory *target*.

    *user* defaults to the backup's only user. *progress*, if given, is called with (bytes of
    the backup read, its size). Returns how many records the rebuilt vault holds.
    """
    return store.restore_backup(backup_file, target, user, passphrase, progress)


def last_backup(vault: VaultSession) -> str | None:
    """When the last backup was made (as the vault stores a time), or None (admin only)."""
    vault.require(Action.BACKUP_CREATE)
    made = store.vault_trail(vault, 1, 0, AuditFilter(action="vault.backup"))
    return made[0].at if made else None


@dataclass(frozen=True)
class BackupMade:
    """A backup the vault made (its audit entry ``vault.backup``): when, its file name, who."""

    at: str
    name: str
    by: str


@dataclass(frozen=True)
class BackupsBeforeWithdrawal:
    """The backups that still hold a withdrawn identity: made before the last withdrawal.

    A withdrawal destroys the identity in the vault, not in a backup file made earlier (a
    backup is a sealed copy of the whole vault, and the vault cannot reach the copies). Each
    of these is to be destroyed, everywhere it was copied, once a backup made after the
    withdrawal exists (``made_since``); docs/vault.md, "Withdrawal and older backups".
    """

    withdrawn_at: str
    backups: tuple[BackupMade, ...]
    made_since: BackupMade | None


#: At most this many backups are listed (a vault backed up daily for a decade holds ~3,650).
LISTED_BACKUPS = 5000


def backups_made(vault: VaultSession) -> list[BackupMade]:
    """Every backup of this vault made so far, newest first (admin only)."""
    vault.require(Action.BACKUP_CREATE)
    entries = store.vault_trail(vault, LISTED_BACKUPS, 0, AuditFilter(action="vault.backup"))
    return [BackupMade(entry.at, entry.target, entry.user) for entry in entries]


def backups_before_withdrawal(vault: VaultSession) -> BackupsBeforeWithdrawal | None:
    """The backups made before the last withdrawal of consent, or None when consent was never
    withdrawn (admin only: the vault knows its backups from its audit trail)."""
    vault.require(Action.BACKUP_CREATE)
    # Before or after is the trail's order, not the entries' times: a time is kept to the
    # second, and a backup made in the second of the withdrawal is after it (its entry is
    # written before the copy is taken, under the same lock), which times cannot tell.
    withdrawn = store.vault_trail(vault, 1, 0, AuditFilter(action="records.withdraw"))
    if not withdrawn:
        return None
    both = AuditFilter(actions=("records.withdraw", "vault.backup"))
    latest = store.vault_trail(vault, LISTED_BACKUPS, 0, both)  # newest first
    after = next(
        (n for n, entry in enumerate(latest) if entry.action == "records.withdraw"), len(latest)
    )
    made = backups_made(vault)  # newest first: the first ``after`` were made after it
    return BackupsBeforeWithdrawal(withdrawn[0].at, tuple(made[after:]), made[0] if after else None)
