"""Taking a case from its last holder needs the recovery secret, which also gives it back."""

from __future__ import annotations

import pytest
from cli_helpers import CliRunner
from vault_helpers import (
    ADMIN_ENV,
    CAI,
    CAI_PASS,
    Vault,
    add_cai,
    add_record,
    identity_names,
)

from uncounted.errors import AccessDenied
from uncounted.services import audit, grants, vaults


def _said(text: str) -> str:
    return " ".join(text.split())  # the console wraps long lines


def test_the_last_holder_is_kept_unless_the_recovery_secret_confirms(
    vault: Vault, cli: CliRunner
) -> None:
    with vault.unlock() as admin:
        add_record(admin, "case-x", "Stranded Testova")
        add_cai(admin)
        grants.grant(admin, "case-x", CAI)
        impact = grants.revoke_impact(admin, "case-x", CAI)
        assert (impact.records, impact.others, impact.last_holder) == (1, ("ana",), False)
    taken = cli("revoke", vault.path, "case-x", CAI, "--user", "ana", env=ADMIN_ENV)
    assert taken.code == 0, taken.err
    # "1 record", "no evidence files": never "1 records and 0 evidence files"
    assert "1 record and no evidence files are no longer readable to them" in _said(taken.err)
    refused = cli("revoke", vault.path, "case-x", "ana", "--user", "ana", env=ADMIN_ENV)
    assert refused.code == 1
    assert "'ana' is the last holder of case 'case-x'" in _said(refused.err)
    assert "its 1 record would be readable by no one" in _said(refused.err)
    with vault.unlock() as admin:
        assert identity_names(admin) == ["Stranded Testova"]  # nothing was taken
    wrong = cli(
        "revoke", vault.path, "case-x", "ana", "--user", "ana", "--with-recovery",
        env={**ADMIN_ENV, "UNCOUNTED_RECOVERY_SECRET": "AAAA-BBBB"},
    )  # fmt: skip
    assert wrong.code == 1
    with vault.unlock() as admin:
        assert identity_names(admin) == ["Stranded Testova"]
    confirmed = cli(
        "revoke", vault.path, "case-x", "ana", "--user", "ana", "--with-recovery",
        env={**ADMIN_ENV, "UNCOUNTED_RECOVERY_SECRET": vault.recovery_secret},
    )  # fmt: skip
    assert confirmed.code == 0, confirmed.err
    assert "grant --with-recovery" in _said(confirmed.err)
    with vault.unlock() as admin:
        assert identity_names(admin) == [None]  # readable by no one now
        with pytest.raises(AccessDenied):
            grants.grant(admin, "case-x", CAI)  # an ordinary grant needs the key
    back = cli(
        "grant", vault.path, "case-x", CAI, "--user", "ana", "--with-recovery",
        env={**ADMIN_ENV, "UNCOUNTED_RECOVERY_SECRET": vault.recovery_secret},
    )  # fmt: skip
    assert back.code == 0, back.err
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert identity_names(cai) == ["Stranded Testova"]
    with vault.unlock() as admin:
        entries = [(r.action, dict(r.detail)) for r in audit.audit_trail(admin, 50, 0)]
    assert any(a == "case.grant" and d.get("with") == "recovery" for a, d in entries)
    assert any(a == "case.revoke" and "last_holder" in d for a, d in entries)


def test_a_wrong_recovery_secret_grants_nothing(vault: Vault, cli: CliRunner) -> None:
    with vault.unlock() as admin:
        add_record(admin, "case-x", "Stranded Testova")
        add_cai(admin)
    other = cli("init", vault.path.parent / "other", "--user", "bo", env=ADMIN_ENV)
    assert other.code == 0, other.err
    for secret in (other.out.strip(), "not a secret"):
        done = cli(
            "grant", vault.path, "case-x", CAI, "--user", "ana", "--with-recovery",
            env={**ADMIN_ENV, "UNCOUNTED_RECOVERY_SECRET": secret},
        )  # fmt: skip
        assert done.code == 1
        assert "recovery secret" in _said(done.err)
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert identity_names(cai) == [None]


def test_taking_a_case_back_says_what_became_unreadable_in_whole_russian(
    vault: Vault, cli: CliRunner
) -> None:
    """In Russian the line read "31 запись и файлов доказательств нет дела ему больше не
    доступны" ("no evidence files" is a clause of its own in Russian, not a noun phrase to
    join with "и"): it now lists the counts as the web's take-back page does (review27)."""
    with vault.unlock() as admin:
        add_record(admin, "case-x", "Stranded Testova")
        add_cai(admin)
        grants.grant(admin, "case-x", CAI)
    russian = {**ADMIN_ENV, "LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    taken = cli("revoke", vault.path, "case-x", CAI, "--user", "ana", env=russian)
    assert taken.code == 0, taken.err
    assert (
        f"Дело case-x забрано у пользователя {CAI}: всё, что в нём есть, теперь для {CAI}"
        " нечитаемо (1 запись, файлов доказательств нет); перешифровано: 1 запись."
    ) == _said(taken.err)
