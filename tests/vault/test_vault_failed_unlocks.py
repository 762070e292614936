"""Failed unlocks on the command line are kept, sealed, and put into the audit trail by the next
unlock (``uncounted.vault.sign_in_failures``); a typed name that is no user is kept nowhere."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import CliRunner
from vault_helpers import ADMIN, Vault

from uncounted.services import audit, users

CAI, CAI_PASS = "cai", "a caseworker's own long passphrase"
STRANGER = "stranger-typed-this-name"


def _failures(vault: Vault) -> list[tuple[str, dict[str, object]]]:
    with vault.unlock() as admin:
        entries = audit.audit_trail(admin, 1000, 0, action="signin.failed")
    return [(e.user, {k: v for k, v in e.detail.items() if k != "last"}) for e in entries]


def _files_hold(root: Path, text: str) -> list[str]:
    return [p.name for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


def test_a_wrong_passphrase_on_the_command_line_is_in_the_audit_trail(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, CAI, "caseworker", CAI_PASS, admin_set=False)
    wrong = {"UNCOUNTED_PASSPHRASE": "not cai's passphrase"}
    for _ in range(2):
        done = cli("records", vault.path, "--user", CAI, env=wrong)
        assert done.code == 1 and "wrong passphrase" in done.err
    done = cli("records", vault.path, "--user", STRANGER, env=wrong)
    assert done.code == 1
    assert _files_hold(vault.path, STRANGER) == []
    assert _failures(vault) == [
        ("", {"count": 1, "via": "cli", "unknown_name": True}),
        (CAI, {"count": 2, "via": "cli"}),
    ]
    assert len(_failures(vault)) == 2  # merged once, not again at each unlock
    assert _files_hold(vault.path, STRANGER) == []


def test_the_waiting_failures_are_sealed_and_only_this_vault_opens_them(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock():
        pass  # the file is made, with this vault's public key, at an unlock
    waiting = vault.path / "signin-failures.bin"
    empty = waiting.stat().st_size
    cli("records", vault.path, "--user", ADMIN, env={"UNCOUNTED_PASSPHRASE": "nope nope nope"})
    assert waiting.stat().st_size > empty  # one sealed record waits
    assert b"signin.failed" not in waiting.read_bytes()
    assert waiting.stat().st_mode & 0o777 == 0o600
    assert [user for user, _ in _failures(vault)] == [ADMIN]
    assert waiting.stat().st_size == empty  # emptied by the merge
