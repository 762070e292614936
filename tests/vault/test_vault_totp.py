"""The optional second factor (TOTP) in the vault: sealing, codes, replay, audit, migration, CLI.

Codes are made in the tests from the secret with pyotp, as an authenticator app would.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pyotp
import pytest
from cli_helpers import CliRunner
from vault_helpers import (
    ADMIN,
    ADMIN_ENV,
    ADMIN_PASSPHRASE,
    Vault,
    previous_main,
    raw_database,
    table_names,
)

from uncounted.errors import AccessDenied
from uncounted.services import audit, totp, users, vaults
from uncounted.vault import migrate
from uncounted.vault import totp as vault_totp

BOB, BOB_PASS = "bob", "bob passphrase for tests"


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def enrolled(vault: Vault) -> str:
    """Turn the admin's code on through the two-step enrolment; returns the secret."""
    with vault.unlock() as session:
        enrolment = totp.start(session)
        assert enrolment.uri.startswith("otpauth://totp/ana?secret=")
        assert "issuer" not in enrolment.uri  # the phone's entry does not name uncounted
        totp.enable(session, enrolment, code_at(enrolment.secret))
    return enrolment.secret


def actions(vault: Vault) -> list[tuple[str, str, str]]:
    with vault.unlock() as session:
        return [(e.user, e.action, e.target) for e in audit.audit_trail(session)]


def test_sign_in_needs_a_current_code_once_enrolled(vault: Vault) -> None:
    with vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, None):  # off: no code needed
        pass
    secret = enrolled(vault)
    for missing in (None, "", "12345", "abcdef"):
        with pytest.raises(vault_totp.WrongCode):
            vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, missing)
    wrong = f"{(int(code_at(secret, 1)) + 1) % 1_000_000:06d}"
    with pytest.raises(AccessDenied):
        vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, wrong)
    with vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, code_at(secret, 1)) as session:
        assert session.user.name == ADMIN
    with pytest.raises(AccessDenied):  # a wrong passphrase fails before any code is looked at
        vaults.sign_in(vault.path, ADMIN, "not the passphrase", code_at(secret, 1))
    assert ("ana", "totp.enable", "ana") in actions(vault)


def test_the_window_is_one_step_either_side_and_a_code_is_spent_once(vault: Vault) -> None:
    with vault.unlock() as session:
        secret = vault_totp.new_secret()
        vault_totp.enable_unconfirmed(session, secret)
        start = time.time()
        for outside in (-2, 2):
            with pytest.raises(vault_totp.WrongCode):
                vault_totp.check(session, code_at(secret, outside), start)
        first = pyotp.TOTP(secret).at(start - 30)
        vault_totp.check(session, first, start)
        with pytest.raises(vault_totp.WrongCode, match="already used"):
            vault_totp.check(session, first, start)  # replayed
        spaced = pyotp.TOTP(secret).at(start)
        vault_totp.check(session, f"{spaced[:3]} {spaced[3:]}", start)  # as the app shows it
        with pytest.raises(vault_totp.WrongCode):  # an older step, though within the window
            vault_totp.check(session, first, start + 1)


def test_a_code_replayed_on_a_new_sign_in_is_refused_and_the_keys_wiped(
    vault: Vault, unlocked_sessions: list[vaults.UnlockedVault]
) -> None:
    secret = enrolled(vault)
    code = code_at(secret, 1)
    vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, code).close()
    already = len(unlocked_sessions)
    with pytest.raises(vault_totp.WrongCode, match="already used"):
        vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, code)
    opened = unlocked_sessions[already:]
    assert len(opened) == 1 and opened[0].closed  # the passphrase's keys did not stay in memory
    with pytest.raises(RuntimeError):
        _ = opened[0].private_key


def test_the_secret_is_sealed_to_its_user_not_to_the_vault(vault: Vault) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, BOB, "caseworker", BOB_PASS, admin_set=False)
    with vaults.unlock(vault.path, BOB, BOB_PASS) as bob:
        enrolment = totp.start(bob)
        totp.enable(bob, enrolment, code_at(enrolment.secret))
        bob_id = bob.user.id
    with vault.unlock() as admin:  # holds the vault key, not bob's private key
        sealed = admin.conn.execute(
            "SELECT sealed_secret FROM user_totp WHERE user_id = ?", (bob_id,)
        ).fetchone()[0]
        assert enrolment.secret.encode() not in bytes(sealed)
        assert vault_totp._open(admin, bytes(sealed)) is None
        # moving bob's sealed secret to the admin's row does not give the admin bob's codes
        admin.conn.execute(
            "INSERT INTO user_totp (user_id, sealed_secret, last_step, enabled_at)"
            " VALUES (?, ?, 0, 'now')",
            (admin.user.id, sealed),
        )
    with pytest.raises(vault_totp.WrongCode):
        vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, code_at(enrolment.secret, 1))


def test_disable_needs_passphrase_and_code_and_is_audited(vault: Vault) -> None:
    secret = enrolled(vault)
    with vault.unlock() as session:
        with pytest.raises(vault_totp.WrongPassphraseForChange):
            totp.disable(session, "not the passphrase", code_at(secret, 1))
        with pytest.raises(vault_totp.WrongCode):
            totp.disable(session, ADMIN_PASSPHRASE, "")
        assert totp.is_on(session)
        totp.disable(session, ADMIN_PASSPHRASE, code_at(secret, 1))
        assert not totp.is_on(session)
        with pytest.raises(totp.SecondFactorOff):
            totp.disable(session, ADMIN_PASSPHRASE, code_at(secret, 1))
    with vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, None):
        pass
    assert ("ana", "totp.disable", "ana") in actions(vault)


def test_admin_reset_is_audited_and_only_for_admins(vault: Vault) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, BOB, "caseworker", BOB_PASS, admin_set=False)
    with vaults.unlock(vault.path, BOB, BOB_PASS) as bob:
        totp.enable_now(bob)
        with pytest.raises(AccessDenied):
            totp.reset(bob, ADMIN)
    with pytest.raises(AccessDenied):
        vaults.sign_in(vault.path, BOB, BOB_PASS, None)
    with vault.unlock() as admin:
        assert totp.users_with_codes(admin) == {BOB}
        totp.reset(admin, BOB)
        assert totp.users_with_codes(admin) == set()
        with pytest.raises(totp.SecondFactorOff):
            totp.reset(admin, BOB)
    with vaults.sign_in(vault.path, BOB, BOB_PASS, None):
        pass
    trail = actions(vault)
    assert ("ana", "totp.reset", BOB) in trail
    assert ("bob", "totp.enable", BOB) in trail


def test_migration_up_and_down_with_a_secret_in_the_table(vault: Vault) -> None:
    secret = enrolled(vault)
    with vault.unlock() as session:
        key = session.vault_key
    with raw_database(vault.path, key) as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()  # web_totp_0001 or later
        assert conn.execute("SELECT count(*) FROM user_totp").fetchone()[0] == 1
    with previous_main(vault.path, key, "web_counts_0001") as conn:
        tables = table_names(conn)
        assert "user_totp" not in tables and "users" in tables
    # at the older revision the vault opens (and is brought up) with the passphrase alone
    with vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, None) as session:
        assert not totp.is_on(session)
        assert migrate.current_revision(session.conn) == migrate.head_revision()
        assert session.conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1
    assert secret  # the old secret is gone with the table: enrolment starts again


def test_the_secret_never_lies_on_disk_in_plaintext(vault: Vault, private_tmp: Path) -> None:
    secret = enrolled(vault)
    vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, code_at(secret, 1)).close()
    raw = base64.b32decode(secret)
    needles = [secret.encode(), secret.lower().encode(), raw, raw.hex().encode()]
    needles += [secret.encode("utf-16-le")]
    files = [p for p in vault.path.rglob("*") if p.is_file()]
    files += [p for p in private_tmp.rglob("*") if p.is_file()]
    assert any(p.name == "vault.db" for p in files)
    hits = [(str(p), n) for p in files for n in needles if n in p.read_bytes()]
    assert hits == []


def test_the_command_line_turns_the_code_on_off_and_resets_it(vault: Vault, cli: CliRunner) -> None:
    enabled = cli("user", "totp", vault.path, "enable", "--json", env=ADMIN_ENV)
    assert enabled.code == 0, enabled.err
    document = json.loads(enabled.out)
    assert document["uri"].startswith("otpauth://totp/ana?secret=")
    secret = document["secret"]
    assert "shown only this once" in " ".join(enabled.err.split())
    again = cli("user", "totp", vault.path, "enable", env=ADMIN_ENV)
    assert again.code == 1 and len(again.err.strip().splitlines()) == 1
    with vaults.sign_in(vault.path, ADMIN, ADMIN_PASSPHRASE, code_at(secret)):
        pass
    wrong = cli("user", "totp", vault.path, "disable", "--code", "000000", env=ADMIN_ENV)
    assert wrong.code == 1 and "wrong passphrase or code" in wrong.err
    off = cli("user", "totp", vault.path, "disable", "--code", code_at(secret, 1), env=ADMIN_ENV)
    assert off.code == 0, off.err
    bad_usage = cli("user", "totp", vault.path, "disable", "bob", env=ADMIN_ENV)
    assert bad_usage.code == 1
    with vault.unlock() as admin:
        users.add_user(admin, BOB, "caseworker", BOB_PASS, admin_set=False)
    bob_on = cli(
        "user", "totp", vault.path, "enable", "--user", BOB, env={"UNCOUNTED_PASSPHRASE": BOB_PASS}
    )
    assert bob_on.code == 0 and bob_on.out.startswith("otpauth://totp/bob?secret=")
    reset = cli("user", "totp", vault.path, "reset", BOB, "--user", ADMIN, env=ADMIN_ENV)
    assert reset.code == 0, reset.err
    assert ("ana", "totp.reset", BOB) in actions(vault)
