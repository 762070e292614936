"""The person register against a real vault: linkage places records in people with stable ids,
reviewers merge, split, confirm and undo, every change is in the history, the audit trail and
the ledger, and a vault made before the register existed is carried forward.

All people are synthetic (``uncounted.synth``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from vault_helpers import Vault, previous_main, table_names

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.services import audit, imports, records, register
from uncounted.synth import WorldConfig, default_sources, generate_world
from uncounted.vault import migrate


def _import_world(vault: Vault, folder: Path, people: int = 60, seed: int = 5) -> int:
    world = generate_world(WorldConfig(people=people, seed=seed, sources=default_sources()[:3]))
    with vault.unlock() as session:
        for source in sorted(world.records["source"].unique()):
            listing = folder / f"{source}.csv"
            world.records[world.records["source"] == source].to_csv(listing, index=False)
            imports.import_file(session, listing, source=source)
    return len(world.records)


@pytest.fixture
def linked(vault: Vault, tmp_path: Path) -> Vault:
    """A vault of three synthetic lists, linked once into the register."""
    _import_world(vault, tmp_path)
    with vault.unlock() as session:
        register.link_people(session)
    return vault


def _membership(people: list[store.Person]) -> dict[str, frozenset[str]]:
    return {p.id: frozenset(r.record_id for r in p.records) for p in people}


def test_linkage_places_every_record_once_and_a_rerun_keeps_the_ids(linked: Vault) -> None:
    with linked.unlock() as session:
        people = register.list_people(session)
        placed = [r.record_id for p in people for r in p.records]
        assert len(placed) == len(set(placed)) == records.count_records(session)
        assert any(len(p.sources) > 1 for p in people)  # people found on several lists
        assert all(p.id.startswith("P-") and p.state == "linked" for p in people)
        outcome = register.link_people(session)
        assert (outcome.made, outcome.retired, outcome.change) == (0, 0, None)
        assert _membership(register.list_people(session)) == _membership(people)
        counted = register.counts(session)
    assert counted.people == len(people)  # imported lists name victims
    assert counted.unplaced_records == 0
    assert counted.unreviewed_links == sum(len(p.records) - 1 for p in people)


def test_split_merge_confirm_and_undo_with_history_audit_and_ledger(linked: Vault) -> None:
    with linked.unlock() as session:
        ledger_before = store.ledger_tree(session.conn).size
        several = next(p for p in register.list_people(session) if len(p.records) >= 2)
        first = several.records[0].record_id
        parts = register.split(session, several.id, [[first]], "two different birth years")
        assert len(parts) == 2
        pages = [register.show_person(session, pid) for pid in parts]
        assert all(page.person.state == "confirmed" for page in pages)
        assert {r.record_id for page in pages for r in page.person.records} == {
            r.record_id for r in several.records
        }
        split_change = pages[0].history[-1]
        assert (split_change.action, split_change.user) == ("split", "ana")
        assert split_change.reason == "two different birth years"
        assert set(split_change.before) == {several.id}
        with pytest.raises(store.PersonNotFound):
            register.show_person(session, several.id)

        again = register.link_people(session)  # reviewer decisions survive a new run
        assert again.confirmed_kept == 2
        current = _membership(register.list_people(session))
        assert all(pid in current for pid in parts)

        merged = register.merge(session, parts, "same person after all")
        assert _membership(register.list_people(session))[merged] == frozenset(
            r.record_id for r in several.records
        )
        merge_change = register.history(session, merged)[-1].id
        with pytest.raises(InputError):
            register.undo(session, split_change.id)  # its people were merged since
        register.undo(session, merge_change, "merged too fast")
        current = _membership(register.list_people(session))
        assert merged not in current and all(pid in current for pid in parts)
        with pytest.raises(InputError):
            register.undo(session, merge_change)  # already undone
        register.undo(session, split_change.id)
        restored = register.show_person(session, several.id)
        assert restored.person.state == "linked"  # as linkage left it
        assert frozenset(r.record_id for r in restored.person.records) == frozenset(
            r.record_id for r in several.records
        )
        trail = [e.action for e in audit.audit_trail(session)]
        for action in ("people.link", "people.split", "people.merge", "people.undo"):
            assert action in trail
        reasons = [e.detail for e in audit.audit_trail(session) if e.action.startswith("people.")]
        assert all("reason" not in detail for detail in reasons)  # free text stays in the register
        assert store.ledger_tree(session.conn).size >= ledger_before + 4  # split, merge, 2 undos


def test_a_merge_of_one_person_or_a_split_into_one_group_is_refused(linked: Vault) -> None:
    with linked.unlock() as session:
        person = register.list_people(session)[0]
        with pytest.raises(InputError):
            register.merge(session, [person.id, person.id], "")
        with pytest.raises(InputError):
            register.split(session, person.id, [[r.record_id for r in person.records]], "")
        with pytest.raises(InputError):
            register.split(session, person.id, [["not-a-record"]], "")
        assert _membership(register.list_people(session))[person.id] == frozenset(
            r.record_id for r in person.records
        )


def test_relatives_and_witnesses_are_not_counted_as_victims(vault: Vault) -> None:
    with vault.unlock() as session:
        for role in ("victim", "relative", "witness"):
            records.create_record(
                session,
                records.RecordDraft(
                    case="c1",
                    source="hotline",
                    event_type="detention",
                    analytic={"role": role},
                    identity={"name": f"Testrole {role.title()}ov"},
                ),
            )
        counted = register.counts(session)
    assert counted.people == 1
    assert counted.by_event_type == {"detention": 1}
    assert counted.records == 3


def test_a_vault_of_the_previous_schema_is_carried_forward(vault: Vault, tmp_path: Path) -> None:
    imported = _import_world(vault, tmp_path, people=30)
    with vault.unlock() as session:
        key = session.vault_key
    with previous_main(vault.path, key, "hold_keys_0002") as conn:  # before the register
        assert "people" not in table_names(conn)
    with vault.unlock() as session:  # upgrades
        assert migrate.current_revision(session.conn) == migrate.head_revision()
        before = register.counts(session)
        assert before.people == before.unplaced_records == imported  # one each until linked
        register.link_people(session)
        after = register.counts(session)
    assert after.unplaced_records == 0
    assert after.people < imported
