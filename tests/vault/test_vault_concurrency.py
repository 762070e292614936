"""Many sessions at once, as in the web app: filters stay exact, every identity read is logged."""

from __future__ import annotations

import itertools
import threading

import pytest
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault

from uncounted.services import ledger, records, vaults
from uncounted.vault import audit
from uncounted.vault.database import VaultBusy
from uncounted.vault.records import RecordDraft, insert_records

TYPES = ("detention", "torture", "killing")
DISTRICTS = ("ru-ce-grozny", "ru-ce-argun", "ru-ce-gudermes")
MONTHS = ("2017-01", "2017-02", "2018-05")


def _fill(vault: Vault, count: int = 240) -> None:
    drafts = (
        RecordDraft(
            case=f"case-{i % 4}",
            source=f"list-{i % 3}",
            source_record_id=f"r{i}",
            event_type=TYPES[i % 3],
            event_month=MONTHS[(i // 3) % 3],
            district=DISTRICTS[(i // 9) % 3],
            analytic={"sex": ("male", "female")[i % 2]},
            identity={"name": f"Concurrentname{i} Testov"},
        )
        for i in range(count)
    )
    with vault.unlock() as session:
        insert_records(session, drafts, action="records.import", target="test")


def test_combined_filters_give_exactly_the_matching_records_in_order(vault: Vault) -> None:
    _fill(vault)
    with vault.unlock() as session:
        everything = records.list_records(session)
        for case, kind, district, month in itertools.product(
            (None, "case-1"), (None, "torture"), (None, "ru-ce-argun"), (None, "2017-02")
        ):
            filters = records.RecordFilter(
                case=case, event_type=kind, district=district, month_from=month, month_to=month
            )
            expected = [
                view.record_id
                for view in everything
                if (case is None or view.case == case)
                and (kind is None or view.event_type == kind)
                and (district is None or view.district == district)
                and (month is None or view.event_month == month)
            ]
            assert expected, filters
            assert [v.record_id for v in records.list_records(session, filters)] == expected
            page = records.list_records(session, filters, limit=5, offset=3)
            assert [v.record_id for v in page] == expected[3:8]


def test_a_page_read_in_one_step_equals_the_same_rows_streamed(vault: Vault) -> None:
    _fill(vault, 30)
    with vault.unlock() as session:
        # a record with every optional field empty, and one sealed under a key not held
        insert_records(session, [RecordDraft(case="case-0", source="list-0", identity={})])
        streamed = records.list_records(session)  # no limit: read row by row
        assert len(streamed) == 31
        for offset in (0, 7, 29):
            page = records.list_records(session, limit=5, offset=offset)  # one step
            assert page == streamed[offset : offset + 5]
        assert streamed[-1].event_month is None and streamed[-1].district is None


def test_identity_reads_from_many_sessions_at_once_are_each_logged(vault: Vault) -> None:
    _fill(vault, 60)
    sessions = [vaults.unlock(vault.path, ADMIN, ADMIN_PASSPHRASE) for _ in range(8)]
    with vault.unlock() as session:
        before = len([e for e in audit.vault_trail(session, 1000) if e.action == "identity.read"])
    start = threading.Barrier(len(sessions))
    failures: list[BaseException] = []

    def read(session: vaults.UnlockedVault, n: int) -> None:
        try:
            start.wait()
            for offset in range(5):
                shown = records.list_records(session, limit=3, offset=3 * (n + offset))
                assert all(view.identity for view in shown)
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=read, args=(s, n)) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for session in sessions:
        session.close()
    assert failures == []
    with vault.unlock() as session:
        reads = [e for e in audit.vault_trail(session, 1000) if e.action == "identity.read"]
        assert len(reads) - before == 8 * 5  # one entry per page shown, none lost or merged
        assert ledger.check_ledger(session).problem is None


def test_a_read_refused_as_busy_is_not_logged(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(vault, 6)
    monkeypatch.setattr(audit, "WRITE_WAIT_SECONDS", 0.2)
    with vault.unlock() as reader, vault.unlock() as other:
        before = _reads(reader)
        holder_started, release = threading.Event(), threading.Event()

        def hold() -> None:  # another thread of this process writing reads, for too long
            with other.access_conn.write_lock:
                holder_started.set()
                release.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        holder_started.wait(10)
        with pytest.raises(VaultBusy):
            records.list_records(reader, limit=2)
        release.set()
        holder.join()
        records.list_records(reader, limit=3)  # the next read is logged, and only it
        after = _reads(reader)
    assert [e.detail["count"] for e in after[: len(after) - len(before)]] == [3]


def _reads(session: vaults.UnlockedVault) -> list[audit.AuditEntry]:
    """The identity reads on record, newest first."""
    return [e for e in audit.vault_trail(session, 1000) if e.action == "identity.read"]
