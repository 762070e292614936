"""Encrypted backups of a vault, evidence included, and their restoration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from uncounted import vault as store
from uncounted.vault import Action, AuditFilter, BackupSummary, Progress, VaultSession

__all__ = [
    "BackupSummary",
    "Progress",
    "backup_vault",
    "backup_writer",
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
