"""Drafts of the testimony form: sealed under their user's own key, one per user, carried
through a migration from the vault the previous main made."""

from __future__ import annotations

import pytest
from vault_helpers import (
    CAI,
    CAI_PASS,
    Vault,
    add_cai,
    add_record,
    carry_forward,
    previous_main,
    table_names,
)

from uncounted.errors import AccessDenied
from uncounted.services import testimonies, users, vaults

VIEW, VIEW_PASS = "vik", "viewer passphrase for tests"
TYPED = {"case": "case-x", "people-0-name": "Aslan Draftov", "testimony": "Ночью пришли."}


def test_a_draft_is_sealed_and_opens_only_for_its_user(vault: Vault) -> None:
    with vault.unlock() as admin:
        add_cai(admin)
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        testimonies.save_testimony_draft(cai, TYPED)
        testimonies.save_testimony_draft(cai, TYPED | {"people-0-age": "30"})  # replaces
        draft = testimonies.testimony_draft(cai)
        assert draft is not None and draft.fields == TYPED | {"people-0-age": "30"}
        (sealed,) = cai.conn.execute("SELECT sealed FROM drafts").fetchone()
        assert b"Draftov" not in bytes(sealed) and "Ночью".encode() not in bytes(sealed)
    with vault.unlock() as admin:
        assert testimonies.testimony_draft(admin) is None  # an administrator sees none of it
        # moved to the admin's row, it does not open: bound to its user
        admin.conn.execute("UPDATE drafts SET user_id = ?", (admin.user.id,))
        assert testimonies.testimony_draft(admin) is None
    with vaults.unlock(vault.path, CAI, CAI_PASS) as cai:
        assert testimonies.testimony_draft(cai) is None
        testimonies.save_testimony_draft(cai, TYPED)
        testimonies.discard_testimony_draft(cai)
        assert testimonies.testimony_draft(cai) is None


def test_a_role_that_records_nothing_keeps_no_draft(vault: Vault) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, VIEW, "viewer", VIEW_PASS, admin_set=False)
    with vaults.unlock(vault.path, VIEW, VIEW_PASS) as viewer, pytest.raises(AccessDenied):
        testimonies.save_testimony_draft(viewer, TYPED)


def test_a_vault_of_the_previous_main_is_carried_forward(vault: Vault) -> None:
    with vault.unlock() as admin:
        add_record(admin, "case-x", "Migrated Draftless")
        key = admin.vault_key
    with previous_main(vault.path, key, "people_0003") as conn:
        assert "drafts" not in table_names(conn)
        carry_forward(conn)
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    with vault.unlock() as admin:
        testimonies.save_testimony_draft(admin, TYPED)
        draft = testimonies.testimony_draft(admin)
        assert draft is not None and draft.fields == TYPED
