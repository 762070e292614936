"""Deactivating a user cuts them off everywhere at once: grants, keys, open sessions, sign-in."""

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
    carry_forward,
    identity_names,
    previous_main,
    table_columns,
)

from uncounted.errors import AccessDenied, InputError
from uncounted.services import grants, users, vaults


def test_a_deactivated_users_open_session_reads_nothing_and_they_cannot_sign_in(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as admin:
        add_cai(admin, holding="Deactivated Testova")
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert identity_names(cai) == ["Deactivated Testova"]
        done = cli("user", "deactivate", vault.path, CAI, "--user", "ana", env=ADMIN_ENV)
        assert done.code == 0, done.err
        assert "1 case given a new key" in done.err
        assert identity_names(cai) == [None]  # the open session holds nothing that opens now
        with pytest.raises(AccessDenied):
            add_record(cai, "case-x", "Written After")
        assert not vaults.still_signed_in(cai)  # the web app ends such a session
    with pytest.raises(AccessDenied):
        vaults.unlock(vault.path, CAI, CAI_PASS)
    assert vaults.user_names(vault.path) == ["ana"]
    with vault.unlock() as admin:
        assert identity_names(admin) == ["Deactivated Testova"]
        with pytest.raises(InputError):
            grants.grant(admin, "case-x", CAI)
        with pytest.raises(InputError):
            users.deactivate_user(admin, CAI)
        with pytest.raises(InputError):
            users.deactivate_user(admin, admin.user.name)


def test_a_keyring_entry_restored_from_an_old_copy_does_not_bring_them_back(vault: Vault) -> None:
    with vault.unlock() as admin:
        add_cai(admin)
    old = OldKeyArea.take(vault.path)
    with vault.unlock() as admin:
        users.deactivate_user(admin, CAI)
    old.put_back()
    with pytest.raises(AccessDenied):
        vaults.unlock(vault.path, CAI, CAI_PASS)


def test_the_deactivation_column_goes_down_and_up_with_data(vault: Vault) -> None:
    with vault.unlock() as admin:
        add_cai(admin)
        users.deactivate_user(admin, CAI)
        key = admin.vault_key
    with previous_main(vault.path, key, "people_0002") as conn:
        columns = table_columns(conn, "users")
        assert "deactivated_at" not in columns
        carry_forward(conn)
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 2
