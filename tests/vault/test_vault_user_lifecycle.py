"""Reactivating a deactivated user and changing roles, tested against an old keyring copy."""

from __future__ import annotations

import pytest
from cli_helpers import CliRunner
from vault_helpers import (
    ADMIN_ENV,
    CAI,
    CAI_PASS,
    OldKeyArea,
    Vault,
    add_cai,
    add_record,
    identity_names,
)

from uncounted.services import audit, grants, users, vaults

AGAIN = "a new passphrase for cai"


def test_a_reactivated_user_starts_with_new_keys_and_an_old_copy_opens_nothing(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as admin:
        add_cai(admin, holding="Returning Testova")
    old = OldKeyArea.take(vault.path)  # while cai was active
    assert cli("user", "deactivate", vault.path, CAI, "--user", "ana", env=ADMIN_ENV).code == 0
    back = cli(
        "user", "reactivate", vault.path, CAI, "--user", "ana",
        env={**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": AGAIN},
    )  # fmt: skip
    assert back.code == 0, back.err
    with vaults.unlock(vault.path, CAI, AGAIN) as cai:
        assert identity_names(cai) == [None]  # no grant came back with them
    with vault.unlock() as admin:
        grants.grant(admin, "case-x", CAI)
        add_record(admin, "case-x", "Granted Later")
    with vaults.unlock(vault.path, CAI, AGAIN) as cai:
        assert sorted(n for n in identity_names(cai) if n) == ["Granted Later", "Returning Testova"]
    with old.put_back_for_a_while(), vaults.unlock(vault.path, CAI, CAI_PASS) as stale:
        assert identity_names(stale) == [
            None,
            None,
        ]  # the old private key opens nothing granted later
    again = cli(
        "user", "reactivate", vault.path, CAI, "--user", "ana",
        env={**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": AGAIN},
    )  # fmt: skip
    assert again.code == 1
    assert "is not deactivated" in again.err


def test_roles_change_but_not_ones_own_nor_the_last_admins(vault: Vault, cli: CliRunner) -> None:
    with vault.unlock() as admin:
        add_cai(admin)
    done = cli("user", "role", vault.path, CAI, "admin", "--user", "ana", env=ADMIN_ENV)
    assert done.code == 0, done.err
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert cai.user.role.value == "admin"
        users.change_role(cai, "ana", "viewer")  # another admin remains: cai
    own = cli("user", "role", vault.path, "ana", "admin", "--user", "ana", env=ADMIN_ENV)
    assert own.code == 1  # ana is a viewer now and may not manage users at all
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        with pytest.raises(users.RoleChangeRefused):
            users.change_role(cai, CAI, "viewer")
        users.change_role(cai, "ana", "admin")
    last = cli("user", "role", vault.path, CAI, "nobody-role", "--user", "ana", env=ADMIN_ENV)
    assert last.code == 1
    with vault.unlock() as admin:
        users.change_role(admin, CAI, "analyst")
        with pytest.raises(users.RoleChangeRefused):
            users.change_role(admin, "ana", "viewer")  # refused: one's own
        changes = [e for e in audit.audit_trail(admin, 50, 0) if e.action == "user.role"]
    assert [dict(e.detail)["to"] for e in changes] == ["analyst", "admin", "viewer", "admin"]
