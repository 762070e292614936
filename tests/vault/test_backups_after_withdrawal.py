"""A backup made in the same second as a withdrawal counts as made after it.

The vault keeps times to the second. Under load the browser test that withdraws a record
and downloads a new backup at once failed on CI: the new backup was listed as still holding
the withdrawn identity, and the admin was told to make another. Before and after is the
audit trail's order (the backup's entry is written before the copy is taken).
"""

from __future__ import annotations

from vault_helpers import ADMIN, Vault

from uncounted.services import backups
from uncounted.vault import audit
from uncounted.vault.database import transaction

SECOND = "2026-12-06T07:56:13+00:00"


def test_a_backup_in_the_withdrawals_second_is_after_it(vault: Vault) -> None:
    with vault.unlock() as session:
        with transaction(session.conn) as conn:
            for action, target, at in [
                ("vault.backup", "before.backup", "2026-12-06T07:50:00+00:00"),
                ("records.withdraw", "r-1", SECOND),
                ("vault.backup", "after.backup", SECOND),
            ]:
                audit.record(conn, audit.AuditEntry(ADMIN, action, target, {}, at))
        listed = backups.backups_before_withdrawal(session)
    assert listed is not None
    assert [backup.name for backup in listed.backups] == ["before.backup"]
    assert listed.made_since is not None and listed.made_since.name == "after.backup"


def test_a_withdrawal_after_the_last_backup_leaves_none_made_since(vault: Vault) -> None:
    with vault.unlock() as session:
        with transaction(session.conn) as conn:
            for action, target in [("vault.backup", "one.backup"), ("records.withdraw", "r-1")]:
                audit.record(conn, audit.AuditEntry(ADMIN, action, target, {}, SECOND))
        listed = backups.backups_before_withdrawal(session)
    assert listed is not None
    assert [backup.name for backup in listed.backups] == ["one.backup"]
    assert listed.made_since is None
