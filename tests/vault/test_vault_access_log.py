"""Identity reads are logged in ``access.db``: encrypted, tamper-evident, anchored, backed up.

And they leave ``vault.db`` untouched, so twenty sessions reading do not empty each other's
page caches (the reason the access log has a file of its own).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault, add_record

from uncounted.services import backups, ledger, records, vaults
from uncounted.vault import audit, backup, ledger_store


def _reads(session: vaults.UnlockedVault) -> list[audit.AuditEntry]:
    return [e for e in audit.vault_trail(session, 1000) if e.action == "identity.read"]


def _vault_db_version(path: Path) -> int:
    """SQLite's data version of vault.db as another connection sees it: it moves on a commit."""
    with vaults.unlock(path, ADMIN, ADMIN_PASSPHRASE) as watcher:
        return int(watcher.conn.execute("PRAGMA data_version").fetchone()[0])


def test_reading_identities_is_logged_without_touching_the_vault_database(vault: Vault) -> None:
    with vault.unlock() as session:
        add_record(session, "case-a", "Zelimkhan Readov")
    with vault.unlock() as watcher, vault.unlock() as reader:
        before = watcher.conn.execute("PRAGMA data_version").fetchone()[0]
        shown = records.list_records(reader)
        assert [view.identity["name"] for view in shown if view.identity] == ["Zelimkhan Readov"]
        # a commit to vault.db by another connection would move the watcher's data version
        assert watcher.conn.execute("PRAGMA data_version").fetchone()[0] == before
        reads = _reads(reader)
    assert [(e.user, e.detail["count"]) for e in reads] == [(ADMIN, 1)]


def test_the_access_log_file_is_encrypted(vault: Vault) -> None:
    with vault.unlock() as session:
        record_id = add_record(session, "case-a", "Zelimkhan Readov")
        records.show_record(session, record_id)
        assert _reads(session)
    raw = b"".join(path.read_bytes() for path in vault.path.glob("access.db*"))
    assert raw and b"identity.read" not in raw and ADMIN.encode() not in raw
    assert record_id.encode() not in raw and b"SQLite format" not in raw


def test_a_signed_head_fixes_the_identity_reads_so_rewriting_them_is_caught(vault: Vault) -> None:
    with vault.unlock() as session:
        record_id = add_record(session, "case-a", "Zelimkhan Readov")
        for _ in range(3):
            records.show_record(session, record_id)
        ledger.publish_head(session)
        assert ledger.check_ledger(session).problem is None
        # Someone holding the key rebuilds the access log without the second read, consistently
        # (a fresh Merkle log of the same length): the log alone checks, the anchor does not.
        access = session.access_conn
        kept = [
            bytes(row[0])
            for row in access.execute("SELECT payload FROM ledger_entries ORDER BY seq")
        ]
        forged = [kept[0], kept[0], kept[2]]
        access.execute("DELETE FROM ledger_entries")
        access.execute("DELETE FROM ledger_state")
        for payload in forged:
            ledger_store.append_entry(access, "identity.read", payload)
        assert ledger_store.check_log(access).problem is None
        problem = ledger.check_ledger(session).problem
    assert problem is not None and "access log no longer matches" in problem


def test_an_altered_access_entry_is_named(vault: Vault) -> None:
    with vault.unlock() as session:
        record_id = add_record(session, "case-a", "Zelimkhan Readov")
        records.show_record(session, record_id)
        access = session.access_conn
        payload = json.loads(
            access.execute("SELECT payload FROM ledger_entries WHERE seq = 0").fetchone()[0]
        )
        payload["user"] = "somebody-else"
        access.execute(
            "UPDATE ledger_entries SET payload = ? WHERE seq = 0",
            (json.dumps(payload, sort_keys=True).encode(),),
        )
        problem = ledger.check_ledger(session).problem
    assert (
        problem
        == "access log: ledger entry 0 was altered: its content no longer matches its commitment"
    )


def test_backup_and_restore_carry_the_access_log(vault: Vault, tmp_path: Path) -> None:
    with vault.unlock() as session:
        record_id = add_record(session, "case-a", "Zelimkhan Readov")
        records.show_record(session, record_id)
        ledger.publish_head(session)
        records.show_record(session, record_id)  # after the anchor: carried all the same
        backups.backup_vault(session, tmp_path / "b.backup")
    restored = tmp_path / "restored"
    backups.restore_vault(tmp_path / "b.backup", restored, ADMIN, ADMIN_PASSPHRASE)
    with vaults.unlock(restored, ADMIN, ADMIN_PASSPHRASE) as session:
        assert [e.target for e in _reads(session)] == [record_id, record_id]
        assert ledger.check_ledger(session).problem is None


def test_a_vault_from_before_the_access_log_gets_one_on_its_first_read(vault: Vault) -> None:
    with vault.unlock() as session:
        record_id = add_record(session, "case-a", "Zelimkhan Readov")
    for leftover in vault.path.glob("access.db*"):  # as a vault written by an earlier version
        leftover.unlink()
    with vault.unlock() as session:
        records.show_record(session, record_id)
        assert [e.target for e in _reads(session)] == [record_id]
        assert ledger.check_ledger(session).problem is None
    assert (vault.path / "access.db").stat().st_mode & 0o077 == 0  # the owner's alone


def test_a_backup_without_an_access_log_restores(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backups written before the access log existed hold no access.db; they still restore."""
    with vault.unlock() as session:
        record_id = add_record(session, "case-a", "Zelimkhan Readov")
        records.show_record(session, record_id)
        written = backup._tar_member

        def without_access_log(member: backup._Member) -> Iterator[bytes]:
            return iter(()) if member.arcname == "access.db" else written(member)

        monkeypatch.setattr(backup, "_tar_member", without_access_log)
        backups.backup_vault(session, tmp_path / "old.backup")
    restored = tmp_path / "restored"
    backups.restore_vault(tmp_path / "old.backup", restored, ADMIN, ADMIN_PASSPHRASE)
    assert not (restored / "access.db").exists()
    with vaults.unlock(restored, ADMIN, ADMIN_PASSPHRASE) as session:
        assert [view.record_id for view in records.list_records(session)] == [record_id]
        assert _reads(session)  # this read: a new access log, made on first use
