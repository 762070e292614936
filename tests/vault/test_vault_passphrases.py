"""Passphrases: a wrong one changes nothing; the default cost is at least libsodium MODERATE."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, CliRunner, Vault, add_record

from uncounted.errors import AccessDenied
from uncounted.vault import kdf, keyring, keys


def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_wrong_passphrase_exits_1_with_one_line_and_changes_no_byte(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as session:
        add_record(session, "case-a", "Zelimkhan Testov")
    before = _fingerprint(vault.path)
    for command in (["records", vault.path], ["backup", vault.path, "-o", vault.path / "b"]):
        result = cli(*command, env={"UNCOUNTED_PASSPHRASE": "not the passphrase"})
        assert result.code == 1
        assert result.out == ""
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and "wrong passphrase" in lines[0]
        assert _fingerprint(vault.path) == before


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


def test_default_kdf_cost_is_at_least_moderate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kdf.INSECURE_FAST_KDF_VARIABLE)
    params = kdf.default_params()
    assert params.opslimit >= kdf.MODERATE.opslimit >= 3
    assert params.memlimit >= kdf.MODERATE.memlimit >= 256 * 1024 * 1024
    assert not params.is_insecure
    secrets = keyring.UserSecrets(keys.random_key(), keys.new_key_pair()[0])
    entry = keyring.KeyringEntry.create(ADMIN, "admin", secrets, "a long passphrase", params)
    assert entry.unwrap("a long passphrase") == secrets
    assert entry.unwrap("wrong") is None


def test_insecure_setting_is_only_taken_from_its_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(kdf.INSECURE_FAST_KDF_VARIABLE, "yes")
    assert kdf.default_params() == kdf.MODERATE
    monkeypatch.setenv(kdf.INSECURE_FAST_KDF_VARIABLE, "1")
    assert kdf.default_params().is_insecure
