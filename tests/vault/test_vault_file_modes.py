"""Files 0600 and folders 0700 everywhere; what a killed process left is destroyed at next open.

Issue 18 found backups, unfinished backup files and evidence blobs created 0644, and ``.partial``
files and ``.restoring-*`` folders left by ``kill -9`` that nothing ever removed.
"""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault, add_record

from uncounted.services import backups, evidence


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what most desktops use: files 0644 unless the code says otherwise
    try:
        yield
    finally:
        os.umask(old)


def _modes(*roots: Path) -> dict[str, str]:
    found = {}
    for root in roots:
        for path in [root, *root.rglob("*")] if root.is_dir() else [root]:
            found[str(path)] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_every_file_and_folder_of_vault_backup_and_restore_is_private(
    vault: Vault, tmp_path: Path, loose_umask: None
) -> None:
    note = tmp_path / "note.txt"
    note.write_bytes(b"synthetic evidence\n")
    (tmp_path / "out").mkdir()
    with vault.unlock() as session:
        record = add_record(session, "case-m", "Modes Testova")
        item = evidence.add_evidence(session, note, record)
        evidence.export_evidence(session, item.id, tmp_path / "out" / "package.zip")
        backups.backup_vault(session, tmp_path / "out" / "vault.backup")
    restored = tmp_path / "restored"
    backups.restore_vault(tmp_path / "out" / "vault.backup", restored, ADMIN, ADMIN_PASSPHRASE)
    modes = _modes(
        vault.path, tmp_path / "out" / "vault.backup", tmp_path / "out" / "package.zip", restored
    )
    loose = {
        path: mode
        for path, mode in modes.items()
        if mode != ("0o700" if Path(path).is_dir() else "0o600")
    }
    assert loose == {}
    assert any(path.endswith(".original") for path in modes)


def test_leftovers_of_killed_work_are_destroyed_at_the_next_open(vault: Vault) -> None:
    with vault.unlock() as session:
        add_record(session, "case-l", "Leftover Testova")
    blobs = vault.path / "evidence"
    blobs.mkdir(mode=0o700, exist_ok=True)
    partial = blobs / ".ev-0123456789ab.original.partial"
    partial.write_bytes(b"half an encrypted blob")
    restoring = vault.path.parent / f".{vault.path.name}.restoring-x1y2"
    (restoring / "evidence").mkdir(parents=True)
    (restoring / "vault.db").write_bytes(b"half a restored database")
    in_progress = blobs / ".ev-ba9876543210.original.partial"
    with open(in_progress, "wb") as writing:  # another process still writing this one
        fcntl.flock(writing.fileno(), fcntl.LOCK_EX)
        with vault.unlock():
            pass
        assert in_progress.exists()
    assert not partial.exists()
    assert not restoring.exists()
    assert (vault.path / "vault.db").exists()
