"""Publishing holds the vault only to read what the report is made from and to commit it:
stop 23 measured Publish at 23 to 31 s and the draft at 10 s on the demo vault, every
second of it with the web session's vault held (the user's every other page waited). The
disclosure control and the layout run without it, so the vault may change meanwhile: the
report then is made again from what the vault holds at its commit, and never publishes
figures that are no longer true (a vault that keeps changing refuses it, nothing written).
Real vault of synthetic people, the web's own session lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import linked_world_vault

from uncounted.services import records, reports, vaults
from uncounted.vault import RecordDraft
from uncounted.web.sessions import VaultLock

ADMIN, ADMIN_PASS = "ana", "report outside the lock admin passphrase"
#: A month the synthetic world has nobody in: the report shows it only with the new record.
NEW_MONTH = "2009-05"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    linked_world_vault(path, (ADMIN, ADMIN_PASS), 40, 5, 2, tmp_path)
    return path


def _a_victim(admin: vaults.UnlockedVault, number: int) -> str:
    """Save one synthetic victim's record, as another page of the same user would."""
    draft = RecordDraft(
        case="later",
        source="later",
        source_record_id=f"later-{number}",
        event_type="detention",
        event_month=NEW_MONTH,
        analytic={"role": "victim"},
        identity={"name": f"Testname{number} Syntheticov"},
    )
    return records.create_record(admin, draft)


def test_the_vault_is_free_while_the_report_is_made_and_it_publishes_what_is_true_then(
    vault: Path,
) -> None:
    lock = VaultLock(lambda: None)  # the web session's: one request at a time
    saved: list[str] = []
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:

        def meanwhile(_step: str) -> None:
            if saved:
                return
            assert not lock.locked()  # the disclosure control runs with the vault free
            with lock:  # another request of the same session takes the vault and writes
                saved.append(_a_victim(admin, 1))

        item = reports.publish_report_kept(admin, {"en": str}, hold=lock, progress=meanwhile)
        published = reports.published_reports(admin)
        assert [p.evidence_id for p in published] == [item]
        # the record saved while the report was made is in it: made again from it
        assert ("month", NEW_MONTH) in published[0].cells
        last = reports.last_publication(admin)
        assert last is not None and ("month", NEW_MONTH) in last.figures


def test_a_vault_that_keeps_changing_publishes_nothing_and_says_why(
    vault: Path, tmp_path: Path
) -> None:
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        saved: list[str] = []

        def meanwhile(_step: str) -> None:  # a record saved while each attempt is made
            if _step.startswith("making"):
                saved.append(_a_victim(admin, len(saved) + 1))

        package = tmp_path / "report.zip"
        with pytest.raises(reports.ReportInputChanged) as refused:
            reports.publish_report(admin, package, {"en": str}, pdf=False, progress=meanwhile)
        assert "nothing was published" in str(refused.value)
        assert len(saved) == 3  # made three times, each time from the vault's new records
        assert reports.published_reports(admin) == [] and not package.exists()
