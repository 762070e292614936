"""The vault's write stamp changes with every write, whoever makes it: a publication trusts
it to tell that the sources it read are still what the vault says (it reads them again only
when the stamp moved), so a write it missed would publish figures no longer true. Real
SQLCipher vault, two sessions as two users' pages or the command line beside the web app."""

from __future__ import annotations

from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault

from uncounted import vault as store
from uncounted.services import records, vaults


def _a_record(session: vaults.UnlockedVault, number: int) -> None:
    draft = records.RecordDraft(case="c", source="s", source_record_id=f"r-{number}")
    records.create_record(session, draft)


def test_the_stamp_moves_with_every_write_and_only_then(vault: Vault) -> None:
    with (
        vaults.unlock(vault.path, ADMIN, ADMIN_PASSPHRASE) as reader,
        vaults.unlock(vault.path, ADMIN, ADMIN_PASSPHRASE) as other,
    ):
        read = store.write_stamp(reader.conn)
        records.count_records(reader)
        assert store.write_stamp(reader.conn) == read, "a read moved the stamp"
        _a_record(other, 1)  # another connection (another page, another process) writes
        moved = store.write_stamp(reader.conn)
        assert moved != read
        _a_record(reader, 2)  # the reader's own connection writes
        assert store.write_stamp(reader.conn) != moved
