"""Sessions follow the keys: a key change made by one session reaches every open session at once.

Issue 18's critical finding, reproduced on one real vault with sessions open side by side (as the
web application keeps them): a revoked user's open session kept writing into the case under the
old case key and kept reading what others wrote there; the admin then read those records as
``identity: null``, and every later revoke of the case failed with a traceback.
"""

from __future__ import annotations

import pytest
import sqlcipher3
from vault_helpers import Vault, add_record, previous_main

from uncounted.errors import AccessDenied
from uncounted.model import Case
from uncounted.services import cases, grants, records, users, vaults
from uncounted.vault import keys, migrate, sealing
from uncounted.vault.case_keys import held_key
from uncounted.vault.cases import require_case
from uncounted.vault.database import transaction
from uncounted.vault.session import CaseKey

CASE = "case-live"


def _identities(session: vaults.UnlockedVault) -> dict[str, str | None]:
    return {
        view.record_id: None if view.identity is None else view.identity["name"]
        for view in records.list_records(session)
    }


@pytest.fixture
def shared(vault: Vault) -> Vault:
    """A case with one record, granted to caseworkers cai and bea."""
    with vault.unlock() as admin:
        users.add_user(admin, "cai", "caseworker", "cai passphrase", admin_set=False)
        users.add_user(admin, "bea", "caseworker", "bea passphrase", admin_set=False)
        add_record(admin, CASE, "Firstperson Testova")
        grants.grant(admin, CASE, "cai")
        grants.grant(admin, CASE, "bea")
    return vault


def test_a_revoked_open_session_can_neither_read_nor_write_the_case(shared: Vault) -> None:
    with (
        shared.unlock() as admin,
        vaults.unlock(shared.path, "cai", "cai passphrase") as cai,
    ):
        assert list(_identities(cai).values()) == ["Firstperson Testova"]  # key now cached
        grants.revoke(admin, CASE, "cai")
        assert list(_identities(cai).values()) == [None]
        with pytest.raises(AccessDenied):
            add_record(cai, CASE, "Writtenafter Revoke")
        later = add_record(admin, CASE, "Secondperson Testova")
        assert _identities(cai)[later] is None
        assert cai.case_key_cache == {}  # the old key is no longer held by the session
        assert set(_identities(admin).values()) == {"Firstperson Testova", "Secondperson Testova"}


def test_an_open_session_that_keeps_its_grant_writes_under_the_new_key(shared: Vault) -> None:
    with (
        shared.unlock() as admin,
        vaults.unlock(shared.path, "bea", "bea passphrase") as bea,
    ):
        assert list(_identities(bea).values()) == ["Firstperson Testova"]
        grants.revoke(admin, CASE, "cai")
        written = add_record(bea, CASE, "Writtenby Bea")
        assert _identities(admin)[written] == "Writtenby Bea"
        assert grants.revoke(admin, CASE, "bea") == 2  # every record re-sealed, no traceback
        assert _identities(bea)[written] is None
        assert _identities(admin)[written] == "Writtenby Bea"


def test_two_admins_revoke_one_after_the_other_from_open_sessions(shared: Vault) -> None:
    with shared.unlock() as admin:
        users.add_user(admin, "dan", "admin", "dan passphrase", admin_set=False)
        grants.grant(admin, CASE, "dan")
        cases.open_case(admin, Case(case_id="summary-case", summary="Synthetic summary"))
        grants.grant(admin, "summary-case", "cai")
    with (
        shared.unlock() as first,
        vaults.unlock(shared.path, "dan", "dan passphrase") as second,
    ):
        assert _identities(second)  # dan's session caches the case key too
        cases.show_case(second, "summary-case")
        grants.revoke(first, CASE, "cai")
        grants.revoke(first, "summary-case", "cai")
        assert grants.revoke(second, CASE, "bea") == 1
        cases.update_case(second, "summary-case", summary="Changed synthetic summary")
        assert cases.show_case(first, "summary-case").summary == "Changed synthetic summary"
        assert list(_identities(first).values()) == ["Firstperson Testova"]


def test_the_database_refuses_a_record_under_a_stale_key(shared: Vault) -> None:
    """The vault's own check, not only the code that normally looks keys up."""
    with shared.unlock() as admin:
        old = cases_key(admin)
        grants.revoke(admin, CASE, "cai")
        record_id = "0" * 32
        data_key = keys.random_key()
        row = (
            record_id,
            old.case_id,
            old.version,
            keys.secret_wrap(old.key, data_key, sealing.data_key_label(record_id, old.version)),
            sealing.seal_fields(data_key, record_id, {"name": "Stale Write"}),
            admin.user.id,
        )
        with (
            pytest.raises(sqlcipher3.IntegrityError, match="stale case key"),
            transaction(admin.conn) as conn,
        ):
            conn.execute(
                "INSERT INTO records (id, case_id, source_id, analytic, key_version,"
                " wrapped_data_key, sealed_identity, created_at, created_by)"
                " VALUES (?, ?, 1, '{}', ?, ?, ?, '2017', ?)",
                row,
            )
        with (
            pytest.raises(sqlcipher3.IntegrityError, match="stale case key"),
            transaction(admin.conn) as conn,
        ):
            conn.execute("UPDATE records SET key_version = ?", (old.version,))


def test_a_vault_of_the_previous_schema_is_carried_forward_and_revokes(shared: Vault) -> None:
    """A vault at the previous head, holding a record left under a stale key by the old bug,
    upgrades on unlock; the stale record is left alone and the case can be revoked again."""
    with shared.unlock() as admin:
        grants.revoke(admin, CASE, "cai")
        key = admin.vault_key
    with previous_main(shared.path, key, "web_totp_0001") as conn:
        conn.execute("UPDATE records SET key_version = 1")  # what a stale session wrote
    with shared.unlock() as admin:
        assert migrate.current_revision(admin.conn) == migrate.head_revision()
        assert grants.revoke(admin, CASE, "bea") == 0  # no traceback; nothing it could open
        assert list(_identities(admin).values()) == [None]
        written = add_record(admin, CASE, "After Upgrade")
        assert _identities(admin)[written] == "After Upgrade"


def cases_key(session: vaults.UnlockedVault) -> CaseKey:
    """The session's current key of CASE, through the vault's own lookup."""
    held = held_key(session, require_case(session, CASE))
    assert held is not None
    return held
