"""Evidence attached to a record is sealed to its case's key: granted opens it, revoked shuts it."""

from __future__ import annotations

from pathlib import Path

import pytest
from vault_helpers import Vault, add_record, previous_main, raw_database, table_columns

from uncounted.errors import AccessDenied
from uncounted.services import evidence, grants, users, vaults
from uncounted.vault import evidence_store

NOTE = b"Synthetic evidence note naming Notename Testova\n"


def _attach(session: vaults.UnlockedVault, tmp_path: Path, record_id: str) -> str:
    note = tmp_path / "note.txt"
    note.write_bytes(NOTE)
    item = evidence.add_evidence(session, note, record_id)
    note.unlink()
    return item.id


def _versions(vault: Vault) -> list[int | None]:
    with vault.unlock() as session:
        rows = session.conn.execute("SELECT key_version FROM evidence_items").fetchall()
    return [row[0] for row in rows]


def test_a_revoke_reseals_the_item_key_and_shuts_out_an_open_session(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, "lev", "legal", "lev passphrase", admin_set=False)
        record = add_record(admin, "case-ev", "Evidenceperson Testova")
        item = _attach(admin, tmp_path, record)
        grants.grant(admin, "case-ev", "lev")
    assert _versions(vault) == [1]
    with vault.unlock() as admin, vaults.unlock(vault.path, "lev", "lev passphrase") as lev:
        assert b"".join(evidence.open_evidence(lev, item)) == NOTE
        grants.revoke(admin, "case-ev", "lev")
        with pytest.raises(AccessDenied):
            list(evidence.open_evidence(lev, item))
        assert b"".join(evidence.open_evidence(admin, item)) == NOTE
    assert _versions(vault) == [2]


def test_nobody_attaches_evidence_to_a_record_of_a_case_they_do_not_hold(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, "cai", "caseworker", "cai passphrase", admin_set=False)
        record = add_record(admin, "case-closed", "Closedcase Testova")
    with vaults.unlock(vault.path, "cai", "cai passphrase") as cai:
        with pytest.raises(AccessDenied):
            _attach(cai, tmp_path, record)
        assert evidence.list_evidence(cai) == []
    assert not list((vault.path / "evidence").glob("*"))  # no blob left behind


def test_evidence_of_a_vault_at_the_previous_schema_is_sealed_to_its_case(
    vault: Vault, tmp_path: Path
) -> None:
    """An item wrapped under the vault-wide key (as the previous main stored every item) is
    refused to the ungranted after the upgrade, and sealed to its case at a holder's unlock."""
    with vault.unlock() as admin:
        users.add_user(admin, "cai", "caseworker", "cai passphrase", admin_set=False)
        record = add_record(admin, "case-old", "Oldvault Testova")
        item = _attach(admin, tmp_path, record)
        legacy = evidence_store._wrap_item_key(  # how the previous main wrapped every item
            admin, item, evidence_store._item_key(admin, item), None
        )
        admin.conn.execute("UPDATE evidence_items SET wrapped_key = ?", (legacy,))
        key = admin.vault_key
    with previous_main(vault.path, key, "hold_keys_0001") as conn:
        columns = table_columns(conn, "evidence_items")
        assert "key_version" not in columns
    with (
        vaults.unlock(vault.path, "cai", "cai passphrase") as cai,  # upgrades; cai holds nothing
        pytest.raises(AccessDenied),
    ):
        list(evidence.open_evidence(cai, item))
    with raw_database(vault.path, key) as conn:
        assert conn.execute("SELECT key_version FROM evidence_items").fetchall() == [(None,)]
    assert _versions(vault) == [1]  # the admin's unlock (in _versions) sealed it to the case
    with vault.unlock() as admin:
        assert b"".join(evidence.open_evidence(admin, item)) == NOTE
