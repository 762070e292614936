"""Panic and duress destroy this device's keys; the recovery secret restores access."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN, ADMIN_ENV, ADMIN_PASSPHRASE, Vault, add_record

from uncounted.errors import AccessDenied
from uncounted.services import records, vaults


def _record_in(vault: Vault) -> None:
    with vault.unlock() as session:
        add_record(session, "case-a", "Panicname Testov")


def test_panic_then_nothing_opens_then_recovery_restores(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    _record_in(vault)
    assert cli("panic", vault.path, "--yes").code == 0
    for passphrase in (ADMIN_PASSPHRASE, "anything else"):
        result = cli(
            "records", vault.path, "--user", ADMIN, env={"UNCOUNTED_PASSPHRASE": passphrase}
        )
        assert result.code == 1 and result.out == ""
    assert not list(vault.path.glob(".keyring*"))

    wrong = cli(
        "recover",
        vault.path,
        "--user",
        ADMIN,
        env={
            "UNCOUNTED_RECOVERY_SECRET": vault.recovery_secret[:-4] + "AAAA",
            "UNCOUNTED_NEW_PASSPHRASE": "new passphrase",
        },
    )
    assert wrong.code == 1 and "recovery secret" in wrong.err

    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(vault.recovery_secret.lower() + "\n", encoding="utf-8")
    restored = cli(
        "recover",
        vault.path,
        "--user",
        ADMIN,
        "--recovery-file",
        secret_file,
        env={"UNCOUNTED_NEW_PASSPHRASE": "new passphrase"},
    )
    assert restored.code == 0, restored.err
    result = cli("records", vault.path, "--json", env={"UNCOUNTED_PASSPHRASE": "new passphrase"})
    assert result.code == 0 and "Panicname Testov" in result.out


def test_panic_asks_for_confirmation(
    vault: Vault, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open("/dev/null") as nothing_typed:
        monkeypatch.setattr("sys.stdin", nothing_typed)
        result = cli("panic", vault.path)
    assert result.code == 1
    with vault.unlock() as session:
        assert session.user.name == ADMIN


def test_duress_passphrase_opens_an_empty_vault_and_destroys_the_keys(
    vault: Vault, cli: CliRunner
) -> None:
    _record_in(vault)
    assert (
        cli(
            "duress", vault.path, env={**ADMIN_ENV, "UNCOUNTED_DURESS_PASSPHRASE": "please help me"}
        ).code
        == 0
    )
    under_duress = cli(
        "records", vault.path, "--json", env={"UNCOUNTED_PASSPHRASE": "please help me"}
    )
    assert under_duress.code == 0
    assert '"count": 0' in under_duress.out and '"user": "ana"' in under_duress.out
    with pytest.raises(AccessDenied):
        vaults.unlock(vault.path, ADMIN, ADMIN_PASSPHRASE)
    vaults.recover(vault.path, ADMIN, vault.recovery_secret, "after duress")
    with vaults.unlock(vault.path, ADMIN, "after duress") as session:
        assert len(records.list_records(session)) == 1


def test_duress_passphrase_must_differ(vault: Vault, cli: CliRunner) -> None:
    result = cli(
        "duress", vault.path, env={**ADMIN_ENV, "UNCOUNTED_DURESS_PASSPHRASE": ADMIN_PASSPHRASE}
    )
    assert result.code == 1 and "differ" in result.err
