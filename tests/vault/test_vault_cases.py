"""Assistance cases: their workflow, their sealed summary, and who can read it."""

from __future__ import annotations

import datetime as dt

import pytest
from vault_helpers import Vault, add_record

from uncounted.errors import AccessDenied, InputError
from uncounted.model import Case
from uncounted.services import cases, grants, users, vaults


def test_case_moves_through_its_workflow_and_refuses_skips(vault: Vault) -> None:
    with vault.unlock() as session:
        opened = cases.open_case(
            session,
            Case(
                case_id="evac-7",
                needs=frozenset({"evacuation"}),
                opened=dt.date(2017, 4, 2),
                summary="Synthetic summary: needs to leave Testgrad",
            ),
        )
        assert opened.fields.status == "request" and opened.holds_key
        with pytest.raises(InputError):
            cases.advance_case(session, "evac-7", "relocated")
        for status in ("assessed", "in_progress", "relocated"):
            assert cases.advance_case(session, "evac-7", status).fields.status == status
        with pytest.raises(InputError):
            cases.open_case(session, Case(case_id="evac-7"))
        shown = cases.show_case(session, "evac-7")
        assert shown.summary == "Synthetic summary: needs to leave Testgrad"
        assert shown.fields.needs == ("evacuation",)


def test_summary_is_sealed_from_ungranted_users_and_survives_revocation(vault: Vault) -> None:
    with vault.unlock() as session:
        users.add_user(session, "bob", "caseworker", "bob pass", admin_set=False)
        cases.open_case(session, Case(case_id="shelter-1", summary="Synthetic secret summary"))
        add_record(session, "shelter-1", "Shelterperson Testova")
    with vaults.unlock(vault.path, "bob", "bob pass") as session:
        assert cases.show_case(session, "shelter-1").summary is None
        with pytest.raises(AccessDenied):
            cases.update_case(session, "shelter-1", summary="overwrite")
    with vault.unlock() as session:
        grants.grant(session, "shelter-1", "bob")
    with vaults.unlock(vault.path, "bob", "bob pass") as session:
        assert cases.show_case(session, "shelter-1").summary == "Synthetic secret summary"
    with vault.unlock() as session:
        grants.revoke(session, "shelter-1", "bob")
        details = cases.show_case(session, "shelter-1")
        assert details.summary == "Synthetic secret summary" and details.key_version == 2
    with vaults.unlock(vault.path, "bob", "bob pass") as session:
        assert cases.show_case(session, "shelter-1").summary is None


def test_workflow_fields_change_only_in_granted_cases(vault: Vault) -> None:
    """Issue 18: a caseworker changed the status, needs and follow-up of cases not theirs."""
    with vault.unlock() as session:
        users.add_user(session, "bob", "caseworker", "bob pass", admin_set=False)
        opened = dt.date(2017, 4, 1)  # the follow-up below is valid: only the grant is missing
        cases.open_case(
            session, Case(case_id="evac-9", needs=frozenset({"shelter"}), opened=opened)
        )
    with vaults.unlock(vault.path, "bob", "bob pass") as session:
        with pytest.raises(AccessDenied):
            cases.advance_case(session, "evac-9", "assessed")
        with pytest.raises(AccessDenied):
            cases.update_case(session, "evac-9", needs=frozenset({"legal"}))
        with pytest.raises(AccessDenied):
            cases.update_case(session, "evac-9", follow_up=dt.date(2017, 5, 1))
    with vault.unlock() as session:
        details = cases.show_case(session, "evac-9")
        assert details.fields.status == "request"
        assert details.fields.needs == ("shelter",) and details.fields.follow_up is None
        grants.grant(session, "evac-9", "bob")
    with vaults.unlock(vault.path, "bob", "bob pass") as session:
        assert cases.advance_case(session, "evac-9", "assessed").fields.status == "assessed"


def test_a_case_created_by_its_first_record_was_opened_that_day(vault: Vault) -> None:
    """A case named first by a testimony (or an imported list) showed an empty 'Opened'."""
    with vault.unlock() as session:
        before = dt.datetime.now(dt.UTC).date().isoformat()
        add_record(session, "from-testimony-1", "Testimonyperson Testova")
        opened = cases.show_case(session, "from-testimony-1").fields.opened
        assert opened in {before, dt.datetime.now(dt.UTC).date().isoformat()}
        # moving it on keeps that date
        assert cases.advance_case(session, "from-testimony-1", "assessed").fields.opened == opened


def test_a_case_stored_without_an_opening_day_shows_the_day_it_was_created(vault: Vault) -> None:
    """Cases named first by a testimony or an imported list before 2d2ddb9 stored no 'Opened'
    (nor did one opened with no date): they read as opened the day they were created."""
    with vault.unlock() as session:
        add_record(session, "from-list-1", "Listperson Listova")
        add_record(session, "from-list-2", "Listperson Listov")
        conn = session.conn
        conn.execute("UPDATE cases SET opened = NULL, created_at = '2026-11-02T09:15:00+00:00'")
        assert cases.show_case(session, "from-list-1").fields.opened == "2026-11-02"
        moved = cases.advance_case(session, "from-list-1", "assessed")  # the workflow reads it
        assert moved.fields.opened == "2026-11-02"
        # a follow-up already set before that day: left empty, the case still moves on
        conn.execute("UPDATE cases SET follow_up = '2026-10-30' WHERE name = 'from-list-2'")
        assert cases.show_case(session, "from-list-2").fields.opened is None
        assert cases.advance_case(session, "from-list-2", "assessed").fields.status == "assessed"
