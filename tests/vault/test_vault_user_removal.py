"""Removing a user, resetting a passphrase, and a role change reaching open sessions.

Each against the keys themselves: an old copy of the device's key area, the recovery secret.
"""

from __future__ import annotations

import io

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
    raw_database,
    table_columns,
)

from uncounted.errors import AccessDenied, InputError
from uncounted.services import audit, grants, users, vaults
from uncounted.vault import keyring, keys

NEW_PASS = "lantern orchard seventeen quietly"


def test_a_removed_users_old_keys_open_nothing_granted_after_their_removal(vault: Vault) -> None:
    with vault.unlock() as admin:
        add_cai(admin, holding="Removed Testova")
        impact = users.removal_impact(admin, CAI)
        assert impact.cases == ("case-x",) and not impact.deactivated
    old = OldKeyArea.take(vault.path)
    with vault.unlock() as admin:
        done = users.remove_user(admin, CAI)
        assert done.rekeyed == ("case-x",)
        add_record(admin, "case-y", "Written Later")  # a case made after the removal
        add_record(admin, "case-x", "Also Later")
        assert CAI not in [row.name for row in users.list_users(admin)]
        with pytest.raises(InputError):
            users.reactivate_user(admin, CAI, NEW_PASS)
        with pytest.raises(InputError):
            grants.grant(admin, "case-y", CAI)
        vault_key = admin.vault_key
    assert vaults.user_names(vault.path) == ["ana"]
    old.put_back()
    with pytest.raises(AccessDenied):
        vaults.unlock(vault.path, CAI, CAI_PASS)
    # Past the refusal: the old entry's secrets, used on the database directly
    secrets = keyring.load(old.path).entries[CAI].unwrap(CAI_PASS)
    assert secrets is not None and secrets.vault_key == vault_key
    with raw_database(vault.path, secrets.vault_key) as conn:
        wrappings = conn.execute("SELECT wrapped_key FROM case_keys").fetchall()
        assert len(wrappings) >= 2
        for (wrapped,) in wrappings:
            with pytest.raises(keys.UnwrapFailed):
                keys.sealed_unwrap(secrets.private_key, bytes(wrapped))
        # nor does the recovery secret bring their key back: its sealed copy is overwritten
        sealed = conn.execute(
            "SELECT recovery_wrapped_private_key FROM users WHERE name = ?", (CAI,)
        ).fetchone()[0]
        recovery = keys.parse_recovery_secret(vault.recovery_secret)
        assert recovery is not None
        with pytest.raises(keys.UnwrapFailed):
            keys.sealed_unwrap(recovery, bytes(sealed))


def test_removal_is_refused_for_oneself_and_said_first_on_the_command_line(
    vault: Vault, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    with vault.unlock() as admin:
        add_cai(admin, holding="Asked Testova")
        with pytest.raises(InputError):
            users.remove_user(admin, admin.user.name)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    refused = cli("user", "remove", vault.path, CAI, "--user", "ana", env=ADMIN_ENV)
    said = " ".join(refused.err.split())
    assert refused.code == 1
    assert "they lose the cases they hold (case-x: each gets a new key), 0 unsaved drafts" in said
    assert "nothing was changed" in said
    assert vaults.user_names(vault.path) == ["ana", CAI]
    done = cli("user", "remove", vault.path, CAI, "--user", "ana", "--yes", env=ADMIN_ENV)
    assert done.code == 0, done.err
    assert vaults.user_names(vault.path) == ["ana"]
    with vault.unlock() as admin:
        trail = [(e.action, e.target) for e in vault_trail(admin)]
    assert ("user.remove", CAI) in trail


def vault_trail(session: vaults.UnlockedVault) -> list[audit.AuditEntry]:
    return audit.audit_trail(session, 50, 0)


def test_an_admin_reset_keeps_the_keys_and_makes_the_user_change_it(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as admin:
        add_cai(admin, holding="Reset Testova")
        with pytest.raises(AccessDenied):
            users.reset_passphrase(admin, CAI, "AAAA-BBBB", NEW_PASS)
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert not vaults.must_change_passphrase(cai)
    env = {**ADMIN_ENV, "UNCOUNTED_RECOVERY_SECRET": vault.recovery_secret}
    done = cli(
        "user", "reset", vault.path, CAI, "--user", "ana",
        env={**env, "UNCOUNTED_NEW_PASSPHRASE": NEW_PASS},
    )  # fmt: skip
    assert done.code == 0, done.err
    with pytest.raises(AccessDenied):
        vaults.unlock(vault.path, CAI, CAI_PASS)
    with vaults.unlock(vault.path, CAI, NEW_PASS) as cai:
        assert identity_names(cai) == ["Reset Testova"]  # the grant survived: same keys
        assert vaults.must_change_passphrase(cai)
        vaults.change_passphrase(cai, "a passphrase only cai knows now")
        assert not vaults.must_change_passphrase(cai)
    with vault.unlock() as admin:
        assert ("user.reset", CAI) in [(e.action, e.target) for e in vault_trail(admin)]
        with pytest.raises(InputError):
            users.reset_passphrase(admin, "ana", vault.recovery_secret, NEW_PASS)


def test_a_passphrase_the_admin_gave_must_be_changed(vault: Vault) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, CAI, "caseworker", CAI_PASS, admin_set=True)
        assert not vaults.must_change_passphrase(admin)
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert vaults.must_change_passphrase(cai)


def test_a_role_changed_on_the_command_line_ends_an_open_session(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as admin:
        add_cai(admin)
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert vaults.still_signed_in(cai)
        done = cli("user", "role", vault.path, CAI, "viewer", "--user", "ana", env=ADMIN_ENV)
        assert done.code == 0, done.err
        assert not vaults.still_signed_in(cai)  # the web app ends such a session
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert cai.user.role.value == "viewer"
        assert vaults.still_signed_in(cai)


def test_the_removal_column_goes_down_and_up_with_data(vault: Vault) -> None:
    with vault.unlock() as admin:
        add_cai(admin)
        users.remove_user(admin, CAI)
        key = admin.vault_key
    with previous_main(vault.path, key, "revisions_0001") as conn:
        columns = table_columns(conn, "users")
        assert "removed_at" not in columns
        carry_forward(conn)
        rows = conn.execute("SELECT name, removed_at FROM users ORDER BY name").fetchall()
        assert [(name, removed is None) for name, removed in rows] == [
            ("ana", True),
            (CAI, True),
        ]
