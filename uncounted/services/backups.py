"""Encrypted backups of a vault and their restoration."""

from __future__ import annotations

from pathlib import Path

from uncounted.vault import backup
from uncounted.vault.backup import BackupSummary
from uncounted.vault.session import VaultSession

__all__ = ["BackupSummary", "backup_vault", "restore_vault"]


def backup_vault(vault: VaultSession, output: Path) -> BackupSummary:
    """Write one encrypted file holding the whole vault (admin only)."""
    return backup.write_backup(vault, output)


def restore_vault(backup_file: Path, target: Path, user: str | None, passphrase: str) -> int:
    """Rebuild a vault in the new directory *target* (user default: the backup's only user).

    Returns how many records the rebuilt vault holds.
    """
    return backup.restore_backup(backup_file, target, user, passphrase)
