"""A revision stamped before an estimate read the records but committed after it is counted
as after the run (review of stop 26: a long ``import --existing update`` stamps its revisions
when it starts; one committed after a run read went unreported, since by time it came
before the run). The revisions made since the run are the floor of the records it missed.
The small disjoint list world: real vault, real register, dga. Synthetic people.
"""

from __future__ import annotations

from pathlib import Path

from left_out_world import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, PARTNER, left_out_copy
from vault_copies import VaultCopies

from uncounted.services import analysis_review, records, register, revisions, vaults


def test_a_revision_stamped_before_a_run_but_committed_after_it_is_counted(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    world = left_out_copy(vault_copies, tmp_path)
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
        run = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER])
        assert analysis_review.records_since(analyst, run) == 0
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
        # as the long import stamps it: when it started, before the run read the records
        admin.conn.execute(
            "UPDATE records SET created_at = '2000-01-01T00:00:00+00:00' WHERE id = ?",
            (record,),
        )
        admin.conn.commit()
        assert analysis_review.records_since(admin, run) == 1
