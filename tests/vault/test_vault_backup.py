"""Backup then restore gives the same records; a backup with one flipped byte is refused."""

from __future__ import annotations

import base64
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN, ADMIN_ENV, ADMIN_PASSPHRASE, Vault, add_record

from uncounted.errors import AccessDenied
from uncounted.services import backups, records, vaults
from uncounted.vault import BackupDamaged


@pytest.fixture
def backed_up(vault: Vault, cli: CliRunner, tmp_path: Path) -> tuple[Vault, Path, str]:
    with vault.unlock() as session:
        for index in range(5):
            add_record(session, f"case-{index % 2}", f"Backupname{index} Testova")
    listing = cli("records", vault.path, "--json", env=ADMIN_ENV)
    assert listing.code == 0, listing.err
    backup = tmp_path / "vault.backup"
    result = cli("backup", vault.path, "-o", backup, env=ADMIN_ENV)
    assert result.code == 0, result.err
    return vault, backup, listing.out


def test_restore_gives_identical_records_json(
    backed_up: tuple[Vault, Path, str], cli: CliRunner, tmp_path: Path
) -> None:
    _, backup, listing = backed_up
    restored = tmp_path / "restored"
    result = cli("restore", backup, restored, env=ADMIN_ENV)  # the backup's only user by default
    assert result.code == 0, result.err
    again = cli("records", restored, "--json", env=ADMIN_ENV)
    assert again.code == 0, again.err
    assert again.out == listing
    assert '"identity": {' in again.out


@pytest.mark.parametrize("where", [0, 20, 200, -2000, -40, -1])
def test_one_flipped_byte_is_refused_clearly(
    backed_up: tuple[Vault, Path, str], cli: CliRunner, tmp_path: Path, where: int
) -> None:
    _, backup, _ = backed_up
    content = bytearray(backup.read_bytes())
    content[where] ^= 0x01
    backup.write_bytes(bytes(content))
    restored = tmp_path / "restored"
    result = cli("restore", backup, restored, "--user", ADMIN, env=ADMIN_ENV)
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"error: the backup {backup} is damaged or was altered; it cannot be restored"
    ]
    assert not restored.exists()


def test_restore_refuses_a_wrong_passphrase_and_an_occupied_directory(
    backed_up: tuple[Vault, Path, str], cli: CliRunner
) -> None:
    vault, backup, _ = backed_up
    wrong = cli(
        "restore",
        backup,
        vault.path.parent / "r",
        "--user",
        ADMIN,
        env={"UNCOUNTED_PASSPHRASE": "nope"},
    )
    assert wrong.code == 1 and "wrong passphrase" in wrong.err
    occupied = cli("restore", backup, vault.path, "--user", ADMIN, env=ADMIN_ENV)
    assert occupied.code == 1 and "not empty" in occupied.err


def test_backup_holds_commits_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    """A record committed by a session that is still open (as in the web app) is backed up."""
    path = tmp_path / "vault"
    vaults.init_vault(path, ADMIN, ADMIN_PASSPHRASE)
    with vaults.unlock(path, ADMIN, ADMIN_PASSPHRASE) as writer:
        add_record(writer, "case-wal", "Walentina Logova")
        assert (path / "vault.db-wal").stat().st_size > 0  # committed, not yet in vault.db
        with vaults.unlock(path, ADMIN, ADMIN_PASSPHRASE) as other:
            backups.backup_vault(other, tmp_path / "b.backup")
    restored = tmp_path / "restored"
    backups.restore_vault(tmp_path / "b.backup", restored, ADMIN, ADMIN_PASSPHRASE)
    with vaults.unlock(restored, ADMIN, ADMIN_PASSPHRASE) as session:
        names = [view.identity["name"] for view in records.list_records(session) if view.identity]
    assert names == ["Walentina Logova"]


@pytest.mark.parametrize(
    "header",
    [b"[" * 100_000 + b"]" * 100_000, b'{"keyring": "[' + b"[" * 100_000 + b'", "salt": 1}'],
    ids=["header-nested-100000-deep", "keyring-nested-100000-deep"],
)
def test_a_forged_header_with_its_checksum_is_refused_as_damaged(
    vault: Vault, tmp_path: Path, header: bytes
) -> None:
    # the header's checksum is unkeyed: anyone can forge one that matches (issue 18)
    from uncounted.vault import backup as backup_format

    prefix = backup_format.MAGIC + backup_format._LENGTH.pack(len(header)) + header
    forged = tmp_path / "forged.backup"
    forged.write_bytes(prefix + backup_format._checksum(prefix) + b"\x00" * 64)
    with pytest.raises(BackupDamaged):
        backups.restore_vault(forged, tmp_path / "restored", ADMIN, ADMIN_PASSPHRASE)
    assert not (tmp_path / "restored").exists()


def _forged_header(vault: Vault, tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A real backup whose header JSON was changed by *change*, with a matching checksum."""
    from uncounted.vault import backup as backup_format

    real = tmp_path / "real.backup"
    with vault.unlock() as session:
        backups.backup_vault(session, real)
    raw = real.read_bytes()
    start = len(backup_format.MAGIC) + backup_format._LENGTH.size
    (size,) = backup_format._LENGTH.unpack_from(raw, len(backup_format.MAGIC))
    header = json.loads(raw[start : start + size])
    change(header)
    text = json.dumps(header).encode()
    prefix = backup_format.MAGIC + backup_format._LENGTH.pack(len(text)) + text
    forged = tmp_path / "forged.backup"
    forged.write_bytes(prefix + backup_format._checksum(prefix) + raw[start + size + 32 :])
    return forged


@pytest.mark.parametrize(
    "field,value", [("opslimit", 0), ("opslimit", 2**32 - 1), ("memlimit", 2**42)]
)
def test_a_backup_whose_keyring_asks_an_impossible_cost_is_refused_as_damaged(
    vault: Vault, tmp_path: Path, field: str, value: int
) -> None:
    # found by fuzz/targets.py (backup, mode 1): an opslimit of 0 made restore end in a
    # ValueError traceback from libsodium; a huge cost would make it run for hours
    def change(header: dict[str, Any]) -> None:
        ring = json.loads(header["keyring"])
        ring["users"][ADMIN][field] = value
        header["keyring"] = json.dumps(ring)

    with pytest.raises(BackupDamaged):
        backups.restore_vault(
            _forged_header(vault, tmp_path, change), tmp_path / "r", ADMIN, ADMIN_PASSPHRASE
        )
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("salt", [base64.b64encode(bytes(80)).decode(), "", "not base64!"])
def test_a_backup_whose_salt_is_not_16_bytes_is_refused_as_damaged(
    vault: Vault, tmp_path: Path, salt: str
) -> None:
    # found by the fuzzer too: a longer salt made the key derivation fail inside libsodium
    def change(header: dict[str, Any]) -> None:
        header["salt"] = salt

    with pytest.raises(BackupDamaged):
        backups.restore_vault(
            _forged_header(vault, tmp_path, change), tmp_path / "r", ADMIN, ADMIN_PASSPHRASE
        )


def test_a_backup_whose_keyring_salt_is_not_16_bytes_is_refused_as_damaged(
    vault: Vault, tmp_path: Path
) -> None:
    def change(header: dict[str, Any]) -> None:
        ring = json.loads(header["keyring"])
        ring["users"][ADMIN]["salt"] = base64.b64encode(bytes(40)).decode()
        header["keyring"] = json.dumps(ring)

    with pytest.raises(BackupDamaged):
        backups.restore_vault(
            _forged_header(vault, tmp_path, change), tmp_path / "r", ADMIN, ADMIN_PASSPHRASE
        )


def test_restoring_with_the_duress_passphrase_gives_an_empty_vault_not_an_error(
    vault: Vault, tmp_path: Path
) -> None:
    """Issue 18: "wrong passphrase" told a coercer holding a backup that it was not the real
    one. The duress passphrase now restores as it signs in: an empty vault, no error."""
    duress = "duress passphrase for the backup"
    with vault.unlock() as session:
        add_record(session, "case-d", "Duressbackup Testova")
        vaults.set_duress(session, duress)
        backups.backup_vault(session, tmp_path / "vault.backup")
    decoy = tmp_path / "decoy"
    assert backups.restore_vault(tmp_path / "vault.backup", decoy, ADMIN, duress) == 0
    with vaults.unlock(decoy, ADMIN, duress) as session:
        assert records.list_records(session) == []
    with pytest.raises(AccessDenied):
        backups.restore_vault(tmp_path / "vault.backup", tmp_path / "x", ADMIN, "not a passphrase")
    assert not (tmp_path / "x").exists()
    real = tmp_path / "real"
    assert backups.restore_vault(tmp_path / "vault.backup", real, ADMIN, ADMIN_PASSPHRASE) == 1


def _tar(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


@pytest.mark.parametrize(
    "database", [b"", bytes(4096)], ids=["empty-vault-db", "vault-db-of-zeros"]
)
def test_a_backup_whose_vault_db_is_no_vault_is_refused_as_damaged(
    vault: Vault, cli: CliRunner, tmp_path: Path, database: bytes
) -> None:
    # found by fuzz/targets.py (backup-stream): an authenticated stream whose vault.db was
    # empty opened as a new, empty database and restore ended in sqlite's "no such table:
    # records" traceback; one of zeros named the private staging folder in its error
    from uncounted.vault import backup as backup_format
    from uncounted.vault import keys
    from uncounted.vault.evidence_blob import push_stream

    real = tmp_path / "real.backup"
    with vault.unlock() as session:
        backups.backup_vault(session, real)
        vault_key = session.vault_key
    raw = real.read_bytes()
    start = len(backup_format.MAGIC) + backup_format._LENGTH.size
    (size,) = backup_format._LENGTH.unpack_from(raw, len(backup_format.MAGIC))
    prefix = raw[: start + size]
    salt = base64.b64decode(json.loads(raw[start : start + size])["salt"])
    key = keys.subkey(vault_key + salt, backup_format._PURPOSE)
    forged = tmp_path / "forged.backup"
    with forged.open("wb") as out:
        out.write(prefix + backup_format._checksum(prefix))
        push_stream(out, key, prefix, [_tar({"vault.db": database})])
    restored = tmp_path / "restored"
    result = cli("restore", forged, restored, "--user", ADMIN, env=ADMIN_ENV)
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"error: the backup {forged} is damaged or was altered; it cannot be restored"
    ]
    assert not restored.exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []
