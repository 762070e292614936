"""Passphrases: a wrong one changes nothing; the production cost is at least libsodium MODERATE."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault, add_record

from uncounted.errors import AccessDenied
from uncounted.vault import kdf, keyring, keys
from uncounted.vault.layout import VaultLayout


def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_wrong_passphrase_exits_1_with_one_line_and_changes_no_byte(
    vault: Vault, cli: CliRunner
) -> None:
    """No byte of the vault changes, but for one sealed record of the failure appended to
    ``signin-failures.bin`` (for the audit trail: ``uncounted.vault.sign_in_failures``)."""
    with vault.unlock() as session:
        add_record(session, "case-a", "Zelimkhan Testov")
    failures = vault.path / "signin-failures.bin"
    waiting = failures.stat().st_size
    before = _fingerprint(vault.path)
    del before[failures.name]
    for command in (["records", vault.path], ["backup", vault.path, "-o", vault.path / "b"]):
        result = cli(*command, env={"UNCOUNTED_PASSPHRASE": "not the passphrase"})
        assert result.code == 1
        assert result.out == ""
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and "wrong passphrase" in lines[0]
        after = _fingerprint(vault.path)
        del after[failures.name]
        assert after == before
        assert failures.stat().st_size > waiting
        waiting = failures.stat().st_size


def test_the_right_passphrase_from_a_file_opens_the_vault(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(ADMIN_PASSPHRASE + "\n", encoding="utf-8")
    result = cli("records", vault.path, "--json", "--passphrase-file", secret)
    assert result.code == 0, result.err
    assert '"user": "ana"' in result.out


def test_library_unlock_refuses_a_wrong_passphrase(vault: Vault) -> None:
    with pytest.raises(AccessDenied):
        vault.unlock(ADMIN, ADMIN_PASSPHRASE + "x")


def test_the_production_cost_is_at_least_moderate_and_wraps_and_unwraps() -> None:
    params = kdf.MODERATE
    assert params.opslimit >= 3 and params.memlimit >= 256 * 1024 * 1024
    assert not params.is_insecure and kdf.INSECURE_FAST_FOR_TESTS.is_insecure
    secrets = keyring.UserSecrets(keys.random_key(), keys.new_key_pair()[0])
    entry = keyring.KeyringEntry.create(ADMIN, "admin", secrets, "a long passphrase", params)
    assert entry.unwrap("a long passphrase") == secrets
    assert entry.unwrap("wrong") is None


def test_a_new_vault_gets_the_production_cost_whatever_the_environment_says(
    tmp_path: Path,
) -> None:
    # A fresh process, without the test suite's weak default, and with the variable that once
    # weakened the KDF set: the library reads no environment, so the vault gets MODERATE.
    path = tmp_path / "vault"
    env = {
        **os.environ,
        "UNCOUNTED_INSECURE_FAST_KDF": "1",
        "UNCOUNTED_PASSPHRASE": ADMIN_PASSPHRASE,
    }
    command = [sys.executable, "-m", "uncounted", "init", str(path), "--user", ADMIN]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    entry = keyring.load(VaultLayout(path).keyring).entries[ADMIN]
    assert entry.params == kdf.MODERATE


def test_the_suite_makes_its_own_vaults_with_the_insecure_cost(vault: Vault) -> None:
    entry = keyring.load(VaultLayout(vault.path).keyring).entries[ADMIN]
    assert entry.params == kdf.INSECURE_FAST_FOR_TESTS
