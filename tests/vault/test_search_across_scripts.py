"""A caseworker finds a person however the name was written: typed in Latin, stored in
Cyrillic (and the reverse), ё as е, Mohammed for Магомед. Every search box (records and
people on the web, the API, ``records --search``) uses the one rule of
``uncounted.services.search``, over a real vault; a search writes nothing readable.

Names are synthetic, invented for the tests.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault, add_record

from uncounted.services import grants, people, records, register, users, vaults
from uncounted.vault import audit

CALLER_BROTHER = "Тимур Проходов"


def _names(found: list[records.RecordView]) -> list[str]:
    return sorted((view.identity or {}).get("name", view.pseudonym) for view in found)


@pytest.fixture
def named(vault: Vault) -> Vault:
    with vault.unlock() as session:
        add_record(session, "case-a", CALLER_BROTHER)
        add_record(session, "case-a", "Fyodorov Adam")
        add_record(session, "case-a", "Магомед Исаев")
        add_record(session, "case-a", "Magamedov Said")
        add_record(session, "case-a", "Ruslan Ilyasov")
        add_record(session, "case-b", "Тимур Проходов")  # a namesake in another case
        add_record(session, "case-a", "Yan Li")
    return vault


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Timur Prokhodov", [CALLER_BROTHER, CALLER_BROTHER]),
        ("prohodov timur", [CALLER_BROTHER, CALLER_BROTHER]),  # any order, any scheme
        ("Prokh", [CALLER_BROTHER, CALLER_BROTHER]),  # the start of a name, as typed
        ("Prok", [CALLER_BROTHER, CALLER_BROTHER]),  # stopped inside kh (х, keyed h)
        ("Magam", ["Magamedov Said"]),  # half typed, still not Магомед Исаев
        ("Фёдоров", ["Fyodorov Adam"]),  # ё/е, Cyrillic typed, Latin stored
        ("Федоров", ["Fyodorov Adam"]),
        ("Mohammed", ["Магомед Исаев"]),  # the given-name table linkage reviews
        ("Isayev", ["Магомед Исаев"]),
        ("Ильясов", ["Ruslan Ilyasov"]),
        ("Magomedov", []),  # linkage keeps Magomedov and Magamedov apart; so does search
        ("Timur Ilyasov", []),  # every word must be found in the same record
        ("Ия", []),  # folded to "a": a whole word of a name, not a letter inside every name
        ("Ян", ["Yan Li"]),  # folded to "an": Yan, not the "an" inside Ruslan
        ("Ян Ли", ["Yan Li"]),
    ],
)
def test_a_name_is_found_in_any_script_and_romanisation(
    named: Vault, typed: str, expected: list[str]
) -> None:
    with named.unlock() as session:
        assert _names(records.list_records(session, text=typed)) == expected
        on_people_page = people.list_people(session, people.PeopleFilter(text=typed), 50)
        assert _names(on_people_page) == expected


def test_what_the_earlier_rule_found_is_still_found(named: Vault) -> None:
    with named.unlock() as session:
        everything = records.list_records(session)
        by_pseudonym = records.list_records(session, text=everything[2].pseudonym.lower())
        by_birth = records.list_records(session, text="1991-04")
        inside = records.list_records(session, text="оходов")  # a piece of the name as written
    assert [view.record_id for view in by_pseudonym] == [everything[2].record_id]
    assert len(by_birth) == len(everything)
    assert _names(inside) == [CALLER_BROTHER, CALLER_BROTHER]


def test_a_user_without_the_grant_finds_no_one_by_name(named: Vault) -> None:
    with named.unlock() as session:
        users.add_user(session, "dina", "caseworker", "caseworker pass 12345", admin_set=False)
        grants.grant(session, "case-b", "dina")
    with vaults.unlock(named.path, "dina", "caseworker pass 12345") as session:
        found = records.list_records(session, text="Timur Prokhodov")
    assert [view.case for view in found] == ["case-b"]  # only the case granted to her


def test_the_command_line_search_uses_the_same_rule(named: Vault, cli: CliRunner) -> None:
    done = cli("records", named.path, "--json", "--search", "Timur Prokhodov", env=ADMIN_ENV)
    assert done.code == 0, done.err
    shown = json.loads(done.out)["records"]
    assert sorted(record["case"] for record in shown) == ["case-a", "case-b"]
    assert {record["identity"]["name"] for record in shown} == {CALLER_BROTHER}


def test_a_search_writes_no_name_or_search_word_anywhere(
    named: Vault, private_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG), named.unlock() as session:
        assert records.list_records(session, text="Prokhodov Timur")
    written = [path for where in (named.path, private_tmp) for path in where.rglob("*")]
    for path in (path for path in written if path.is_file()):
        content = path.read_bytes().lower()
        for word in (b"prokhodov", b"prohodov", "проходов".encode()):
            assert word not in content, path.name
    assert "rokhodov" not in caplog.text.lower() and "prohodov" not in caplog.text.lower()


def test_a_search_audits_only_the_records_shown(named: Vault) -> None:
    with named.unlock() as session:
        shown = records.list_records(session, text="Ilyasov")
        reads = [e for e in audit.vault_trail(session, 100) if e.action == "identity.read"]
    assert len(shown) == 1
    assert [entry.detail["count"] for entry in reads] == [1]


def test_a_page_says_how_many_match_and_audits_only_its_own(named: Vault) -> None:
    with named.unlock() as session:
        found = records.find_records(session, limit=1, offset=1, text="Prok")
        reads = [e for e in audit.vault_trail(session, 100) if e.action == "identity.read"]
        nobody = records.find_records(session, limit=1, text="Nikogonetov")
        unsearched = records.find_records(session, records.RecordFilter(case="case-b"), limit=1)
    assert found.matching == 2 and _names(found.views) == [CALLER_BROTHER]  # the second
    assert [entry.detail["count"] for entry in reads] == [1]  # the one shown, not both
    assert (nobody.matching, nobody.views) == (0, [])
    assert unsearched.matching == 1  # counted by the database


def test_the_register_finds_the_people_whose_records_the_name_finds(
    named: Vault, cli: CliRunner
) -> None:
    with named.unlock() as session:
        register.link_people(session)
        name_of = {v.record_id: (v.identity or {})["name"] for v in records.list_records(session)}
        everyone = register.list_people(session)
        found = register.list_people(session, "Timur Prokhodov")
    brothers = [
        p.id for p in everyone if CALLER_BROTHER in {name_of[r.record_id] for r in p.records}
    ]
    assert brothers and [person.id for person in found] == brothers
    done = cli("people", "list", named.path, "--json", "--search", "ПРОХОДОВ", env=ADMIN_ENV)
    assert done.code == 0, done.err
    assert [person["id"] for person in json.loads(done.out)["people"]] == brothers
