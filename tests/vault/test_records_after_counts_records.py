"""The records "added or changed since" a run are records, not revisions (review 27: a
record edited twice after a run was said to be two records). A run keeps the last earlier
revision and the last audit entry it saw; a record revised, or withdrawn, since counts once,
and a run kept without those marks (stop 26) keeps its rule. The small disjoint list world:
real vault, real register, dga. Synthetic people.
"""

from __future__ import annotations

import json
from pathlib import Path

from left_out_world import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, PARTNER, left_out_copy
from vault_copies import VaultCopies

from uncounted.services import analysis_review, records, register, revisions, vaults
from uncounted.vault import RecordDraft, StoredResult, VaultSession, stored_result


def _run(world: Path) -> StoredResult:
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
        run = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER])
        assert analysis_review.records_since(analyst, run) == 0
        return run


def _edit_twice(admin: VaultSession, record: str) -> None:
    revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
    revisions.edit_record(admin, record, {"event_date": "2017-05-03"}, "corrected again")


def test_a_record_edited_twice_after_a_run_counts_once(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    world = left_out_copy(vault_copies, tmp_path)
    run = _run(world)
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        edited, withdrawn = (r.record_id for r in records.list_records(admin, limit=2))
        _edit_twice(admin, edited)
        assert analysis_review.records_since(admin, run) == 1
        revisions.withdraw_record(admin, edited)  # edited, then withdrawn: still one record
        assert analysis_review.records_since(admin, run) == 1
        revisions.withdraw_record(admin, withdrawn)  # withdrawn alone: no revision row
        assert analysis_review.records_since(admin, run) == 2


def test_a_new_record_and_an_edited_one_count_two(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    world = left_out_copy(vault_copies, tmp_path)
    run = _run(world)
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        _edit_twice(admin, records.list_records(admin, limit=1)[0].record_id)
        draft = RecordDraft(
            PARTNER, PARTNER, "partner-900", None, None, None, {}, {"name": "Synthetic Person"}
        )
        added = records.create_record(admin, draft)
        revisions.edit_record(admin, added, {"event_date": "2017-05-02"})  # new: counts once
        assert analysis_review.records_since(admin, run) == 2


def test_a_run_kept_before_the_marks_keeps_its_rule(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    world = left_out_copy(vault_copies, tmp_path)
    run = _run(world)
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        scope = dict(run.scope)
        seen = dict(scope["records_seen"])
        assert {"last_revision", "last_audit"} <= seen.keys()
        scope["records_seen"] = {"last_row": seen["last_row"], "revisions": seen["revisions"]}
        admin.conn.execute(
            "UPDATE analysis_results SET scope = ? WHERE id = ?", (json.dumps(scope), run.id)
        )
        admin.conn.commit()
        old = stored_result(admin.conn, run.id)
        assert analysis_review.records_since(admin, old) == 0
        _edit_twice(admin, records.list_records(admin, limit=1)[0].record_id)
        # stop 26's rule: the revisions made since are the floor, a record edited twice is two
        assert analysis_review.records_since(admin, old) == 2
