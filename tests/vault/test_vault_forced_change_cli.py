"""The command line enforces the change of a passphrase an administrator set: every command but
``uncounted user passphrase`` refuses, in one line, in the terminal's language (en, ru)."""

from __future__ import annotations

from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault

from uncounted.services import users, vaults

DINA, GIVEN, OWN = (
    "dina",
    "a passphrase the admin chose for dina",
    "dina's very own long passphrase",
)
LATER = "dina chose yet another passphrase here"
EN = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
RU = {"LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def test_a_user_the_admin_added_must_change_the_passphrase_first(
    vault: Vault, cli: CliRunner
) -> None:
    added = cli(
        "user", "add", vault.path, DINA, "--role", "caseworker",
        env={**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": GIVEN},
    )  # fmt: skip
    assert added.code == 0, added.err
    given = {"UNCOUNTED_PASSPHRASE": GIVEN}
    for command in (
        ["records", vault.path],
        ["cases", vault.path],
        ["user", "totp", vault.path, "enable"],
    ):
        refused = cli(*command, "--user", DINA, env={**given, **EN})
        assert refused.code == 1 and refused.out == ""
        assert refused.err.strip().splitlines() == [
            "error: an administrator set your passphrase: change it first with"
            f" `uncounted user passphrase {vault.path}`; nothing else was done"
        ]
    russian = cli("records", vault.path, "--user", DINA, env={**given, **RU})
    assert russian.code == 1
    assert russian.err.strip().splitlines() == [
        "ошибка: ваш пароль задал администратор: сначала смените его командой"
        f" `uncounted user passphrase {vault.path}`; больше ничего не сделано"
    ]
    changed = cli(
        "user", "passphrase", vault.path, "--user", DINA,
        env={**given, "UNCOUNTED_NEW_PASSPHRASE": OWN},
    )  # fmt: skip
    assert changed.code == 0, changed.err
    works = cli("records", vault.path, "--user", DINA, env={"UNCOUNTED_PASSPHRASE": OWN})
    assert works.code == 0, works.err


def test_a_reset_passphrase_must_be_changed_again(vault: Vault, cli: CliRunner) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, DINA, "caseworker", GIVEN)  # the services' default: admin-set
    with vaults.unlock(vault.path, DINA, GIVEN) as dina:
        assert vaults.must_change_passphrase(dina)
        vaults.change_passphrase(dina, OWN)
    assert cli("records", vault.path, "--user", DINA, env={"UNCOUNTED_PASSPHRASE": OWN}).code == 0
    with vault.unlock() as admin:
        users.reset_passphrase(admin, DINA, vault.recovery_secret, LATER)
    refused = cli("records", vault.path, "--user", DINA, env={"UNCOUNTED_PASSPHRASE": LATER})
    assert refused.code == 1 and "change it first" in refused.err
    with vault.unlock() as admin:  # the admin's own passphrase was theirs: not refused
        assert not vaults.must_change_passphrase(admin)
