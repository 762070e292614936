"""A vault holding a 256 MiB evidence file backs up and restores in bounded memory.

Backup and restore each run in a fresh child process that reports its own peak resident
memory (``tests/memory_helpers.py``), as in ``tests/ledger/test_streaming.py``; the evidence
file is random bytes generated on disk.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from memory_helpers import run_measured, skip_without_disk, write_large_file

from uncounted.services import evidence, vaults

SIZE_MIB = 256
LIMIT_MIB = 96
PASSPHRASE = "synthetic test passphrase"

_STEP = """
from uncounted.services import backups, vaults
step, vault, backup = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if step == "backup":
    with vaults.unlock(vault, "ana", sys.argv[4]) as session:
        result["size"] = backups.backup_vault(session, backup).size
else:
    result["records"] = backups.restore_vault(backup, vault, None, sys.argv[4])
"""


def _digest(path: Path) -> bytes:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


@pytest.mark.slow
def test_a_large_evidence_file_backs_up_and_restores_in_bounded_memory(
    tmp_path: Path,
) -> None:
    skip_without_disk(tmp_path, 5 * SIZE_MIB)
    vault = tmp_path / "vault"
    vaults.init_vault(vault, "ana", PASSPHRASE)
    big = write_large_file(tmp_path / "big.bin", SIZE_MIB)
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        item = evidence.add_evidence(session, big)
    big.unlink()  # the vault's encrypted copy is what must survive
    backup = tmp_path / "vault.backup"
    made = run_measured(_STEP, "backup", vault, backup, PASSPHRASE)
    assert made["size"] > SIZE_MIB << 20
    restored = tmp_path / "restored"
    back = run_measured(_STEP, "restore", restored, backup, PASSPHRASE)
    assert back["records"] == 0
    blob = Path("evidence") / f"{item.id}.original"
    assert _digest(restored / blob) == _digest(vault / blob)
    for result in (made, back):
        assert result["peak_mib"] < LIMIT_MIB, result
