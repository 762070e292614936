"""New passphrases are checked for strength (zxcvbn), with a higher minimum for admins."""

from __future__ import annotations

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault

from uncounted.errors import InputError
from uncounted.services import users, vaults
from uncounted.vault import keyring


@pytest.mark.parametrize("weak", ["12345678", "password1", "qwertyuiop", "xxxxxxxxxxxx"])
def test_common_passphrases_are_refused_for_every_role(weak: str) -> None:
    for role in (None, "viewer", "caseworker", "admin"):
        with pytest.raises(keyring.WeakPassphrase):
            keyring.check_new_passphrase(weak, role)


def test_admins_need_more_than_other_roles() -> None:
    middling = "tulipfrog"  # about 10^7 guesses: enough for a caseworker, not for an admin
    assert 6 <= keyring.guesses_log10(middling) < 8
    assert keyring.check_new_passphrase(middling, "caseworker") == middling
    with pytest.raises(keyring.WeakPassphrase):
        keyring.check_new_passphrase(middling, "admin")


def test_the_users_own_name_does_not_count_as_strength() -> None:
    assert keyring.guesses_log10("margarita1987", ("margarita",)) < keyring.guesses_log10(
        "margarita1987"
    )


def test_weak_passphrases_are_refused_at_init_add_and_change(
    vault: Vault, cli: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    fresh = tmp_path_factory.mktemp("weak") / "vault"
    made = cli("init", fresh, "--user", "ana", env={"UNCOUNTED_PASSPHRASE": "12345678"})
    assert made.code == 1
    assert "too easy to guess" in made.err
    assert not fresh.exists() or not any(fresh.iterdir())
    added = cli(
        "user", "add", vault.path, "cai", "--role", "admin", "--user", "ana",
        env={**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": "tulipfrog"},
    )  # fmt: skip
    assert added.code == 1
    assert "this role needs 10^8" in " ".join(added.err.split())
    with vault.unlock() as admin:
        users.add_user(admin, "cai", "caseworker", "tulipfrog", admin_set=False)
        with pytest.raises(InputError):
            vaults.change_passphrase(admin, "tulipfrog")
        assert "cai" in {u.name for u in users.list_users(admin)}
