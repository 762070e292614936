"""Access is cryptographic: no grant, no key; revocation makes old keys useless."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from vault_helpers import Vault, add_record

from uncounted.errors import AccessDenied
from uncounted.services import grants, records, users, vaults
from uncounted.vault import keyring, keys, sealing
from uncounted.vault.layout import VaultLayout

BOB = "bob"
BOB_PASSPHRASE = "bob's own passphrase"


def _with_caseworker(vault: Vault) -> str:
    with vault.unlock() as session:
        users.add_user(session, BOB, "caseworker", BOB_PASSPHRASE, admin_set=False)
        return add_record(session, "case-a", "Movsar Testaev")


def _every_key_bob_holds(vault_path: Path) -> list[bytes]:
    entry = keyring.load(VaultLayout(vault_path).keyring).entries[BOB]
    secrets = entry.unwrap(BOB_PASSPHRASE)
    assert secrets is not None
    return [secrets.vault_key, secrets.private_key]


def test_ungranted_user_sees_pseudonym_and_analytic_fields_only(vault: Vault) -> None:
    record_id = _with_caseworker(vault)
    with vaults.unlock(vault.path, BOB, BOB_PASSPHRASE) as session:
        (seen,) = records.list_records(session)
        assert seen.identity is None
        assert seen.event_type == "detention" and seen.district == "Grozny"
        assert seen.pseudonym and seen.record_id == record_id
    with vault.unlock() as session:
        assert records.show_record(session, record_id).pseudonym == seen.pseudonym


def test_ungranted_user_cannot_decrypt_even_through_the_library(vault: Vault) -> None:
    record_id = _with_caseworker(vault)
    held = _every_key_bob_holds(vault.path)
    with vaults.unlock(vault.path, BOB, BOB_PASSPHRASE) as session:
        conn = session.conn
        wrapped_case_keys = [bytes(r[0]) for r in conn.execute("SELECT wrapped_key FROM case_keys")]
        wrapped_case_keys.append(
            bytes(conn.execute("SELECT recovery_wrapped_key FROM cases").fetchone()[0])
        )
        wrapped_data_key, sealed = conn.execute(
            "SELECT wrapped_data_key, sealed_identity FROM records WHERE id = ?", (record_id,)
        ).fetchone()
    assert wrapped_case_keys
    for wrapped in wrapped_case_keys:
        for key in held:
            with pytest.raises(keys.UnwrapFailed):
                keys.sealed_unwrap(key, wrapped)
    for key in held:
        with pytest.raises(keys.UnwrapFailed):
            keys.secret_unwrap(key, bytes(wrapped_data_key), sealing.data_key_label(record_id, 1))
        with pytest.raises(sealing.SealBroken):
            sealing.open_fields(key, record_id, bytes(sealed))


def test_grant_reveals_and_revocation_after_a_copy_reveals_nothing_new(
    vault: Vault, tmp_path: Path
) -> None:
    _with_caseworker(vault)
    with vault.unlock() as session:
        grants.grant(session, "case-a", BOB)
    with vaults.unlock(vault.path, BOB, BOB_PASSPHRASE) as session:
        assert records.list_records(session)[0].identity == {
            "name": "Movsar Testaev",
            "birth_date": "1991-04-05",
        }
    stolen = tmp_path / "copy-before-revocation"
    shutil.copytree(vault.path, stolen)

    with vault.unlock() as session:
        assert grants.revoke(session, "case-a", BOB) == 1
        later = add_record(session, "case-a", "Written Afterov")
        assert records.show_record(session, later).identity is not None

    # The revoked user's old keyring plus today's database: nothing opens, old or new.
    shutil.copy(VaultLayout(stolen).keyring, VaultLayout(vault.path).keyring)
    with vaults.unlock(vault.path, BOB, BOB_PASSPHRASE) as session:
        seen = records.list_records(session)
        assert len(seen) == 2
        assert all(view.identity is None for view in seen)
    # ...even with the case key the revoked user unwrapped before revocation.
    with vaults.unlock(stolen, BOB, BOB_PASSPHRASE) as old_session:
        old_case_key = keys.sealed_unwrap(
            old_session.private_key,
            bytes(
                old_session.conn.execute(
                    "SELECT wrapped_key FROM case_keys k JOIN users u"
                    " ON u.id = k.user_id WHERE u.name = ?",
                    (BOB,),
                ).fetchone()[0]
            ),
        )
    with vaults.unlock(vault.path, BOB, BOB_PASSPHRASE) as session:
        rows = session.conn.execute("SELECT id, key_version, wrapped_data_key FROM records")
        for record_id, version, wrapped in rows:
            for guess_version in {1, int(version)}:
                with pytest.raises(keys.UnwrapFailed):
                    keys.secret_unwrap(
                        old_case_key,
                        bytes(wrapped),
                        sealing.data_key_label(record_id, guess_version),
                    )


def test_roles_are_enforced(vault: Vault) -> None:
    _with_caseworker(vault)
    with vaults.unlock(vault.path, BOB, BOB_PASSPHRASE) as session:
        with pytest.raises(AccessDenied):
            users.add_user(session, "eve", "admin", "x", admin_set=False)
        with pytest.raises(AccessDenied):
            grants.grant(session, "case-a", BOB)
    with vault.unlock() as session:
        users.add_user(session, "vera", "viewer", "viewer pass", admin_set=False)
        grants.grant(session, "case-a", "vera")
    with vaults.unlock(vault.path, "vera", "viewer pass") as session:
        assert records.list_records(session)[0].identity is None


def test_listing_pages_and_filters(vault: Vault) -> None:
    with vault.unlock() as session:
        ids = [add_record(session, "case-a", f"Pagename{i} Testov") for i in range(7)]
        add_record(session, "case-b", "Othercase Testova", event_type="torture")
        everything = records.list_records(session)
        assert [v.record_id for v in everything[:7]] == ids
        page = records.list_records(session, limit=3, offset=2)
        assert [v.record_id for v in page] == ids[2:5]
        only_b = records.list_records(session, records.RecordFilter(case="case-b"))
        assert [v.event_type for v in only_b] == ["torture"]
        found = records.list_records(session, text="pagename3")
        assert [v.record_id for v in found] == [ids[3]]
        by_pseudonym = records.list_records(session, text=everything[5].pseudonym.lower())
        assert [v.record_id for v in by_pseudonym] == [ids[5]]


def test_an_analyst_reads_identities_of_granted_cases_only(vault: Vault) -> None:
    with vault.unlock() as session:
        add_record(session, "case-a", "Granted Analystova")
        add_record(session, "case-b", "Ungranted Analystov")
        users.add_user(session, "dina", "analyst", "analyst pass 12345", admin_set=False)
        grants.grant(session, "case-a", "dina")
    with vaults.unlock(vault.path, "dina", "analyst pass 12345") as session:
        shown = {view.case: view.identity for view in records.list_records(session)}
    assert shown["case-a"] == {"name": "Granted Analystova", "birth_date": "1991-04-05"}
    assert shown["case-b"] is None
