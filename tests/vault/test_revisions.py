"""Revisions, never overwrites, and withdrawal of consent, on a real SQLCipher vault.

An edit is a new sealed revision and the one it replaces is kept; every reader sees the
current one; each revision is a ledger leaf and the log still checks; a re-import's "update"
is a revision too; withdrawal destroys the identity of every revision and the evidence, keeps
a tombstone that is still counted, and writes no identity in plaintext anywhere. Synthetic
people only.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vault_helpers import (
    Vault,
    add_record,
    carry_forward,
    previous_main,
    table_columns,
    write_csv,
)

from uncounted.errors import AccessDenied
from uncounted.services import (
    analytics,
    evidence,
    grants,
    imports,
    ledger,
    records,
    revisions,
    users,
    vaults,
)
from uncounted.vault import ledger_store

FIRST = "Testname Firstrevisionov"  # synthetic
SECOND = "Testname Secondrevisionova"  # synthetic
BOB, BOB_PASS = "bob", "caseworker passphrase for tests"
LEV, LEV_PASS = "lev", "legal passphrase for tests"


def _revision_leaves(vault: Vault) -> list[dict[str, object]]:
    with vault.unlock() as admin:
        return [
            json.loads(entry.payload)
            for entry in ledger_store.entries(admin.conn)
            if entry.kind == "record.revision" and entry.payload
        ]


def test_an_edit_keeps_the_old_revision_and_every_reader_sees_the_new(vault: Vault) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-a", FIRST, role="victim")
        before = analytics.dashboard_counts(admin)
        number = revisions.edit_record(
            admin, record, {"name": SECOND, "event_type": "killing"}, "the name was misheard"
        )
        assert number == 2
        shown = records.show_record(admin, record)
        assert shown.identity is not None and shown.identity["name"] == SECOND
        assert shown.event_type == "killing" and shown.revision == 2
        assert "_reason" not in shown.identity  # the reason is read in the history only
        listed = records.list_records(admin, records.RecordFilter(event_type="killing"))
        assert [view.record_id for view in listed] == [record]
        after = analytics.dashboard_counts(admin)
        assert after.by_event_type.get("killing") == 1 != before.by_event_type.get("killing")
        kept = revisions.record_history(admin, record)
    assert [(r.number, r.identity and r.identity["name"]) for r in kept] == [
        (1, FIRST),
        (2, SECOND),
    ]
    assert [r.reason for r in kept] == ["", "the name was misheard"]
    ((_, changed),) = revisions.revision_changes(kept)
    assert changed["name"] == (FIRST, SECOND)
    assert changed["event_type"] == ("detention", "killing")


def test_each_revision_is_a_ledger_leaf_and_the_log_still_checks(vault: Vault) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-a", FIRST)
        revisions.edit_record(admin, record, {"name": SECOND})
        revisions.edit_record(admin, record, {"age": "31"})
        assert ledger.check_ledger(admin).problem is None
        sealed = admin.conn.execute(
            "SELECT sealed_identity FROM records WHERE id = ?", (record,)
        ).fetchone()[0]
        trail = [e for e in admin.conn.execute("SELECT action, detail FROM audit").fetchall()]
    leaves = _revision_leaves(vault)
    assert [(leaf["record"], leaf["revision"]) for leaf in leaves] == [(record, 2), (record, 3)]
    assert leaves[-1]["sealed_sha256"] == hashlib.sha256(bytes(sealed)).hexdigest()
    edits = [json.loads(detail) for action, detail in trail if action == "records.edit"]
    assert [e["fields"] for e in edits] == [["name"], ["age"]]
    assert all(FIRST not in str(e) and SECOND not in str(e) for e in edits)


def test_a_reimport_that_updates_makes_revisions(vault: Vault, tmp_path: Path) -> None:
    row = {
        "record_id": "r1",
        "name": FIRST,
        "name_original": "",
        "birth_date": "1980",
        "sex": "male",
        "place": "",
        "event_date": "2017-03-04",
        "event_type": "detention",
    }
    with vault.unlock() as admin:
        imports.import_file(admin, write_csv(tmp_path / "a.csv", [row]), source="ngo")
        again = write_csv(tmp_path / "b.csv", [row | {"name": SECOND}])
        summary = imports.import_file(admin, again, source="ngo", existing="update")
        assert summary.updated == 1
        (view,) = records.list_records(admin)
        kept = revisions.record_history(admin, view.record_id)
    assert [r.identity and r.identity["name"] for r in kept] == [FIRST, SECOND]


def test_refusals_leave_the_record_as_it_was(vault: Vault) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, BOB, "caseworker", BOB_PASS, admin_set=False)
        record = add_record(admin, "case-a", FIRST)
        other = add_record(admin, "case-b", FIRST)
        grants.grant(admin, "case-a", BOB)
        with pytest.raises(revisions.EditRejected) as bad:
            revisions.edit_record(admin, record, {"birth_date": "2020-01-01", "event_date": "2017"})
        assert "birth_date" in bad.value.errors
        with pytest.raises(revisions.EditRejected) as unknown:
            revisions.edit_record(admin, record, {"case": "case-b"})
        assert list(unknown.value.errors) == ["case"]
        with pytest.raises(revisions.NothingChanged):
            revisions.edit_record(admin, record, {"name": FIRST})
    with vaults.unlock(vault.path, BOB, BOB_PASS) as bob:
        with pytest.raises(AccessDenied):  # not granted case-b
            revisions.edit_record(bob, other, {"name": SECOND})
        with pytest.raises(AccessDenied):
            revisions.record_history(bob, other)
        with pytest.raises(AccessDenied):  # a caseworker may not destroy an identity
            revisions.withdraw_record(bob, record)
    with vault.unlock() as admin:
        assert [r.number for r in revisions.record_history(admin, record)] == [1]
        assert [r.number for r in revisions.record_history(admin, other)] == [1]


def test_a_revoke_reseals_every_revision_and_the_history_still_opens(vault: Vault) -> None:
    with vault.unlock() as admin:
        users.add_user(admin, BOB, "caseworker", BOB_PASS, admin_set=False)
        record = add_record(admin, "case-a", FIRST)
        grants.grant(admin, "case-a", BOB)
    with vaults.unlock(vault.path, BOB, BOB_PASS) as bob:
        revisions.edit_record(bob, record, {"name": SECOND})
    with vault.unlock() as admin:
        grants.revoke(admin, "case-a", BOB)  # the case key is replaced
        kept = revisions.record_history(admin, record)
        versions = admin.conn.execute(
            "SELECT DISTINCT key_version FROM record_revisions WHERE record_id = ?", (record,)
        ).fetchall()
    assert [r.identity and r.identity["name"] for r in kept] == [FIRST, SECOND]
    assert [r.by for r in kept] == ["ana", BOB]
    assert versions == [(2,)]


def test_withdrawal_destroys_every_revision_and_the_evidence_and_keeps_a_tombstone(
    vault: Vault, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("a synthetic evidence note\n", encoding="utf-8")
    with vault.unlock() as admin:
        users.add_user(admin, LEV, "legal", LEV_PASS, admin_set=False)
        record = add_record(admin, "case-a", FIRST, role="victim")
        grants.grant(admin, "case-a", LEV)
        revisions.edit_record(admin, record, {"name": SECOND})
        item = evidence.add_evidence(admin, note, record)
        counted = analytics.dashboard_counts(admin).total
        blobs = list((vault.path / "evidence").glob(f"{item.id}.*"))
        assert blobs
        revisions.save_edit_draft(admin, record, {"name": "Unsaved Typedname"})
    with vaults.unlock(vault.path, LEV, LEV_PASS) as lev:
        impact = revisions.withdrawal_impact(lev, record)
        assert (impact.revisions, impact.evidence) == (2, (item.id,))
        done = revisions.withdraw_record(lev, record)
        assert done.at is not None
    with vault.unlock() as admin:
        shown = records.show_record(admin, record)
        assert shown.identity is None and shown.withdrawn_at == done.at
        assert (shown.source, shown.case, shown.event_type) == ("hotline", "case-a", "detention")
        assert analytics.dashboard_counts(admin).total == counted  # still counted
        assert [r.identity for r in revisions.record_history(admin, record)] == [None, None]
        assert evidence.list_evidence(admin) == []
        assert revisions.edit_draft(admin, record) is None  # the unsaved edit went with it
        with pytest.raises(revisions.RecordWithdrawn):
            revisions.edit_record(admin, record, {"name": FIRST})
        with pytest.raises(revisions.RecordWithdrawn):
            revisions.withdraw_record(admin, record)
        with pytest.raises(revisions.RecordWithdrawn):  # a file now would identify again
            evidence.add_evidence(admin, note, record)
        blobs_left = admin.conn.execute(
            "SELECT length(wrapped_data_key) + length(sealed_identity) FROM record_revisions"
            " UNION ALL SELECT length(wrapped_data_key) + length(sealed_identity) FROM records"
        ).fetchall()
        assert blobs_left == [(0,), (0,)]
        assert ledger.check_ledger(admin).problem is None
        grants.revoke(admin, "case-a", LEV)  # a key rotation passes over the tombstone
        withdrawals = admin.conn.execute(
            "SELECT target, detail FROM audit WHERE action = 'records.withdraw'"
        ).fetchall()
    assert not list((vault.path / "evidence").glob(f"{item.id}.*"))
    assert [(t, json.loads(d)["evidence"]) for t, d in withdrawals] == [(record, [item.id])]


def test_no_identity_in_plaintext_after_edits_and_a_withdrawal(
    vault: Vault, private_tmp: Path
) -> None:
    planted = ["Zaurbekovichlo Revisionary", "Квинтэссан Редакциевич", "Qwertyuiop reason"]
    with vault.unlock() as admin:
        record = add_record(admin, "case-a", planted[0])
        revisions.edit_record(admin, record, {"name": planted[1]}, planted[2])
        kept = add_record(admin, "case-a", planted[0] + " Kept")
        revisions.edit_record(admin, kept, {"name": planted[1] + " Kept"}, planted[2])
        revisions.withdraw_record(admin, record)
    files = [p for p in vault.path.rglob("*") if p.is_file()]
    files += [p for p in private_tmp.rglob("*") if p.is_file()]
    hits = [
        (str(path), secret)
        for path in files
        for secret in planted
        for codec in ("utf-8", "utf-16-le")
        if secret.encode(codec) in path.read_bytes()
    ]
    assert hits == []


def test_a_vault_of_the_previous_main_is_carried_forward(vault: Vault) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-a", FIRST)
        key = admin.vault_key
    with previous_main(vault.path, key, "evidence2_0001") as conn:
        columns = table_columns(conn, "records")
        assert "revision" not in columns and "withdrawn_at" not in columns
        triggers = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone()[0] == 2
        carry_forward(conn)
        triggers = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone()[0] == 2  # the key triggers survived the new columns
    with vault.unlock() as admin:
        assert records.show_record(admin, record).revision == 1
        revisions.edit_record(admin, record, {"name": SECOND})
        assert [r.number for r in revisions.record_history(admin, record)] == [1, 2]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    names=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдеёжзий -", min_size=1, max_size=20)
        .map(str.strip)
        .filter(bool),
        min_size=1,
        max_size=4,
    )
)
def test_the_history_is_every_edit_in_order_and_ends_at_the_record(
    vault: Vault, names: list[str]
) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-h", "Testname Start")
        made = ["Testname Start"]
        for name in names:
            if name == made[-1]:
                continue
            revisions.edit_record(admin, record, {"name": name})
            made.append(name)
        kept = revisions.record_history(admin, record)
        shown = records.show_record(admin, record)
    assert [r.identity and r.identity["name"] for r in kept] == made
    assert [r.number for r in kept] == list(range(1, len(made) + 1))
    assert shown.revision == len(made) and shown.identity == kept[-1].identity


def test_the_event_fields_of_a_record_are_edited_too(vault: Vault) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-a", FIRST, role="victim", act_types="arrest")
        revisions.edit_record(
            admin,
            record,
            {
                "act_types": "arrest|beating",
                "detained_from": "2017-03-02",
                "status_history": "2017-03 detained; 2017-05-20 dead",  # as typed on a command line
            },
        )
        shown = records.show_record(admin, record)
        assert shown.analytic["act_types"] == "arrest|beating"
        assert shown.analytic["status"] == "dead"  # the current status follows its history
        assert shown.identity is not None and shown.identity["detained_from"] == "2017-03-02"
        happened = records.what_happened(shown)
        assert happened.acts == ("arrest", "beating") and happened.status == "dead"
        with pytest.raises(revisions.EditRejected) as bad:
            revisions.edit_record(
                admin, record, {"act_types": "arrest|flying", "status_history": "x y z"}
            )
        assert set(bad.value.errors) == {"act_types", "status_history"}
        ((_, changed),) = revisions.revision_changes(revisions.record_history(admin, record))
    assert changed["act_types"] == ("arrest", "arrest|beating")
    assert changed["status"] == ("", "dead")


def test_a_testimony_is_edited_for_everyone_in_it(vault: Vault) -> None:
    from uncounted.services import testimonies

    form = testimonies.IntakeForm(
        case="case-t",
        source="hotline",
        event_type="detention",
        event_date="2017-03",
        testimony="He was taken at night (synthetic).",
        people=(
            testimonies.IntakePerson(role="victim", name=FIRST),
            testimonies.IntakePerson(role="relative", name=SECOND, acts=("threat_to_family",)),
        ),
    )
    with vault.unlock() as admin:
        victim, relative = testimonies.record_testimony(admin, form)
        told = "He was taken at night by three men (synthetic)."
        revisions.edit_record(
            admin,
            victim,
            {"testimony": told, "event_type": "disappearance", "name": FIRST + " Jr"},
            whole_testimony=True,
        )
        mine, theirs = records.show_record(admin, victim), records.show_record(admin, relative)
    assert mine.identity is not None and theirs.identity is not None
    assert mine.identity["testimony"] == theirs.identity["testimony"] == told
    assert mine.identity["name"] == FIRST + " Jr" and theirs.identity["name"] == SECOND
    assert mine.event_type == "disappearance"
    assert theirs.event_type == "threat_to_relatives"  # a threatened relative keeps it
    assert (mine.revision, theirs.revision) == (2, 2)


def test_an_edit_of_the_place_as_told_reads_it_into_a_district_as_a_new_record_would(
    vault: Vault,
) -> None:
    """walkday5: a caseworker typed "Chali" into a record's told place and its district
    stayed "Not known", where a new testimony with the same words is Shali's (the one reading
    of a place, uncounted.linkage.place_code). A place chosen is kept when the words change."""
    with vault.unlock() as admin:
        record = add_record(admin, "case-a", FIRST, role="victim")

        def where() -> tuple[str, str | None]:
            shown = records.show_record(admin, record)
            return revisions.editable_fields(admin, record)["place"], shown.district

        revisions.edit_record(admin, record, {"place_text": "Chali"})
        assert where() == ("ru-ce-shali", "ru-ce-shalinsky")
        revisions.edit_record(admin, record, {"place_text": "Гудермес"})  # read again
        assert where() == ("ru-ce-gudermes", "ru-ce-gudermessky")
        revisions.edit_record(admin, record, {"place_text": "a village nobody named"})
        assert where() == ("", None)
        revisions.edit_record(admin, record, {"place": "ru-ce-urus-martan"})  # chosen
        revisions.edit_record(admin, record, {"place_text": "Chali"})
        assert where() == ("ru-ce-urus-martan", "ru-ce-urus-martanovsky")
