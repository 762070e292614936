"""Every user changes their own passphrase: the old one opens nothing afterwards; audited."""

from __future__ import annotations

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_PASSPHRASE, Vault

from uncounted.errors import AccessDenied, InputError
from uncounted.services import audit, users, vaults

CAI, FIRST, OWN = "cai", "first passphrase from the admin", "my own passphrase now"


def test_a_user_replaces_the_passphrase_the_admin_gave(vault: Vault, cli: CliRunner) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, CAI, "caseworker", FIRST, admin_set=False)
    env = {"UNCOUNTED_PASSPHRASE": FIRST, "UNCOUNTED_NEW_PASSPHRASE": OWN}
    done = cli("user", "passphrase", vault.path, "--user", CAI, env=env)
    assert done.code == 0, done.err
    assert "Your passphrase was changed." in done.err
    with pytest.raises(AccessDenied):
        vaults.unlock(vault.path, CAI, FIRST)
    with vaults.unlock(vault.path, CAI, OWN) as cai:
        assert cai.user.name == CAI
    short = cli(
        "user", "passphrase", vault.path, "--user", CAI,
        env={"UNCOUNTED_PASSPHRASE": OWN, "UNCOUNTED_NEW_PASSPHRASE": "1234567"},
    )  # fmt: skip
    assert short.code == 1
    assert "at least 8 characters" in short.err
    with vaults.unlock(vault.path, CAI, OWN) as cai:
        assert cai.user.name == CAI
    with vault.unlock() as admin:
        changes = [e for e in audit.audit_trail(admin, 50, 0) if e.action == "user.passphrase"]
    assert [(e.user, e.target) for e in changes] == [(CAI, CAI)]


def test_a_wrong_current_passphrase_changes_nothing(vault: Vault) -> None:
    with vault.unlock() as admin:
        with pytest.raises(AccessDenied):
            vaults.change_passphrase(admin, OWN, "not the passphrase")
        with pytest.raises(InputError):
            vaults.change_passphrase(admin, "short", ADMIN_PASSPHRASE)
    with vault.unlock() as admin:
        assert admin.user.name == "ana"
