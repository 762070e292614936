"""A search opens only the records it may find (``uncounted.services.search_index``: what the
one rule reads in each record the session holds, kept in the session's memory), and finds
exactly what reading every record finds, also in a session that stays open while others add,
revise, withdraw, grant and revoke (as a caseworker's web session does).

Over a real vault; names are synthetic, invented for the tests.
"""

from __future__ import annotations

import pytest
from vault_helpers import Vault, add_record

from uncounted.services import grants, records, revisions, search, search_index, users, vaults
from uncounted.services.permissions import may
from uncounted.vault import Action, RecordFilter, VaultSession
from uncounted.vault import records as store

DINA, DINA_PASS = "dina", "caseworker pass 12345"

TYPED = [
    "Timur Prokhodov",
    "prohodov timur",
    "Prok",
    "Magam",
    "Фёдоров",
    "Mohammed",
    "Isayev",
    "Ия",
    "Ян",
    "Ян Ли",
    "оходов",  # a piece of the name as written
    "1991-04",  # a birth date as written
    "ov",
    "a",
    "Timur Ilyasov",
    "Nikogonetov",
    "Testname1",
    "синтетиков",
]


@pytest.fixture
def named(vault: Vault) -> Vault:
    with vault.unlock() as session:
        for case, name in [
            ("case-a", "Тимур Проходов"),
            ("case-a", "Fyodorov Adam"),
            ("case-a", "Магомед Исаев"),
            ("case-a", "Magamedov Said"),
            ("case-a", "Ruslan Ilyasov"),
            ("case-b", "Тимур Проходов"),
            ("case-a", "Yan Li"),
        ]:
            add_record(session, case, name)
        for number in range(12):
            add_record(session, "case-b", f"Testname{number} Синтетиков")
        users.add_user(session, DINA, "caseworker", DINA_PASS, admin_set=False)
        grants.grant(session, "case-b", DINA)
    return vault


def _every(session: VaultSession, text: str, case: str | None = None) -> list[str]:
    """What the rule finds reading every record (how every search went before the index)."""
    rule = RecordFilter(case=case, matches=search.matching(text))
    reveal = may(session, Action.IDENTITY_READ)
    return [view.record_id for view in store.list_records(session, rule, reveal=reveal)]


def _found(session: VaultSession, text: str) -> list[str]:
    return [view.record_id for view in records.list_records(session, text=text)]


def _names(session: VaultSession, text: str) -> list[str]:
    found = records.list_records(session, text=text)
    return sorted((view.identity or {}).get("name", "?") for view in found)


def _narrowed(session: VaultSession, text: str) -> RecordFilter:
    """The filter a search opens records by: those the index found (``among``) and those
    stored after the last record it read (``beyond``)."""
    narrowed = search_index.searched(session, None, text)
    assert narrowed is not None and narrowed.among is not None
    return narrowed


def _narrowed_to(session: VaultSession, text: str) -> int:
    """How many records a search opens once the index has read every record."""
    narrowed = _narrowed(session, text)
    assert narrowed.beyond == records.list_records(session)[-1].record_id  # read them all
    assert narrowed.among is not None
    return len(narrowed.among)


@pytest.mark.parametrize("user", ["ana", DINA])
def test_a_search_finds_what_reading_every_record_finds_and_opens_only_those(
    named: Vault, user: str
) -> None:
    passphrase = DINA_PASS if user == DINA else None
    with named.unlock(user, passphrase) if passphrase else named.unlock() as session:
        everything = records.list_records(session)
        typed = [*TYPED, everything[3].pseudonym.lower(), everything[5].record_id[:10]]
        in_case_b = [  # another filter first: the index reads every record not read yet
            view.record_id
            for view in records.list_records(
                session, RecordFilter(case="case-b"), text="Syntetikov"
            )
        ]
        assert in_case_b == _every(session, "Syntetikov", "case-b") and len(in_case_b) == 12
        for text in typed:
            found = _found(session, text)
            assert found == _every(session, text), text
            assert _narrowed_to(session, text) == len(found), text
        assert len(_found(session, "Prokhodov")) == (2 if user == "ana" else 1)


def test_a_first_search_reads_no_further_than_a_search_did_and_the_next_reads_on(
    named: Vault,
) -> None:
    """A page filled early stops the search, and the index has read only that far: no search
    reads more records than a search read before the index."""
    with named.unlock() as session:
        everything = [view.record_id for view in records.list_records(session)]
        first = _found_page(session, "Синтетиков")
        assert first == [everything[7]]  # the first of the twelve, after case-a's seven
        assert _narrowed(session, "ov").beyond == everything[7]  # read to it, no further
        assert _found(session, "Syntetikov") == _every(session, "Syntetikov") == everything[7:]
        assert _narrowed(session, "ov").beyond == everything[-1]
        assert _found_page(session, "Testname11") == [everything[-1]]


def _found_page(session: VaultSession, text: str) -> list[str]:
    return [view.record_id for view in records.list_records(session, limit=1, text=text)]


def test_a_session_left_open_finds_what_others_changed_since(named: Vault) -> None:
    with vaults.unlock(named.path, DINA, DINA_PASS) as dina, named.unlock() as admin:
        assert _names(dina, "Prokhodov") == ["Тимур Проходов"]  # case-b's only: index read
        added = add_record(admin, "case-b", "Заур Проходов")
        assert _names(dina, "Prokhodov") == ["Заур Проходов", "Тимур Проходов"]
        grants.grant(admin, "case-a", DINA)
        assert _names(dina, "Prokhodov") == ["Заур Проходов", "Тимур Проходов", "Тимур Проходов"]
        revisions.edit_record(admin, added, {"name": "Заур Исаев"})
        assert _names(dina, "Prokhodov") == ["Тимур Проходов", "Тимур Проходов"]
        assert _names(dina, "Zaur") == ["Заур Исаев"]
        revisions.withdraw_record(admin, added)
        assert _names(dina, "Zaur") == []
        grants.revoke(admin, "case-a", DINA)
        assert _names(dina, "Prokhodov") == ["Тимур Проходов"]
        for text in TYPED:
            assert _found(dina, text) == _every(dina, text), text
        assert "search_index" in dina.memo
    assert dina.memo == {}  # the index went with the session
