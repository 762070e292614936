"""A run's capture histories are the ones it estimated from, whatever changed since.

Before session 28 the reviewer's file (``estimate histories --histories-out``) and the
package's histories.csv were rebuilt from the register as it is now: once records were added,
corrected or withdrawn after the run, a reviewer re-running the estimate from our own
histories got another number than the one printed beside it. A run now keeps its histories;
a run kept before that (its scope without them) is rebuilt from today's register, with the
caution, and still publishes. Real vault (80 synthetic victims on three lists, linked, dga
from the register), the real command line, real packages.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from cli_helpers import CliRunner
from report_helpers import estimated_world_vault
from vault_copies import VaultCopies

from uncounted import vault as store
from uncounted.services import analysis_review, records, reports, revisions, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.vault import RecordDraft, StoredResult

ADMIN, ADMIN_PASS = "ana", "kept histories admin passphrase"
ENV = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
ADDED, WITHDRAWN, CORRECTED = 6, 2, 1


def _world(path: Path) -> None:
    folder = path.parent / "lists"
    folder.mkdir(parents=True)
    estimated_world_vault(path, (ADMIN, ADMIN_PASS), folder)


def _headline(admin: vaults.UnlockedVault) -> StoredResult:
    chosen = store.headline(admin.conn)
    assert chosen is not None
    return chosen.result


def _change_records(admin: vaults.UnlockedVault, run: StoredResult) -> None:
    """After the run: 6 new victims on its first list, 2 of its records withdrawn (their
    identities destroyed, their people still counted) and one's place corrected: 9 records."""
    for n in range(ADDED):
        draft = RecordDraft(
            case="late",
            source=run.lists[0],
            source_record_id=f"late-{n}",
            event_type="detention",
            event_month="2019-05",
            district="ru-ce-argun",
            analytic={"role": "victim"},
            identity={"name": f"Latename{n} Syntheticova"},
        )
        records.create_record(admin, draft)
    on_its_lists = [m.record_id for m in store.victim_mentions(admin.conn) if m.source in run.lists]
    for record in on_its_lists[:WITHDRAWN]:
        revisions.withdraw_record(admin, record)
    corrected = on_its_lists[WITHDRAWN]
    revisions.edit_record(admin, corrected, {"place": "ru-ce-argun"}, "place corrected")


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _rebuilt(admin: vaults.UnlockedVault, run: StoredResult) -> bytes:
    """*run*'s histories as a run kept before session 28 gives them: from today's register."""
    scope = {key: value for key, value in run.scope.items() if key != store.HISTORIES}
    return reports.run_histories(admin, replace(run, scope=scope))


def _package_files(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def test_the_histories_stay_the_runs_after_records_change(
    tmp_path: Path, vault_copies: VaultCopies, cli: CliRunner
) -> None:
    """Estimate, then add, withdraw and correct records: the reviewer's file and the new
    package's histories.csv are what the run estimated from (its people, the file written
    before the change, byte for byte), and the estimate the package's README gives, run on
    them, gives the run's figure exactly. On main both held today's register (45 people and
    the 6 added), which gave another median."""
    vault = tmp_path / "vault"
    vault_copies.copy(_world, vault)
    args = ("estimate", "histories", vault, "--from-register", "--histories-out")
    before = tmp_path / "before.csv"
    assert cli(*args, before, env=ENV).code == 0
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        run = _headline(admin)
        assert before.read_bytes() == _rebuilt(admin, run), "what it kept is what it read"
        _change_records(admin, run)
        assert _rebuilt(admin, run) != before.read_bytes(), "today's register differs"
        reports.publish_report(admin, tmp_path / "report.zip", {"en": str}, pdf=False)
    after = tmp_path / "after.csv"
    done = cli(*args, after, env=ENV)
    assert done.code == 0, done.err
    files = _package_files(tmp_path / "report.zip")
    assert after.read_bytes() == before.read_bytes() == files["histories.csv"]
    assert sum(int(row["count"]) for row in _rows(files["histories.csv"])) == run.observed
    readme = files["histories-README.txt"].decode("utf-8")
    folded = " ".join(readme.split())
    assert "9 records were added or changed since" in folded, readme
    assert "these histories are the ones it was made from, whatever changed since" in folded
    command = next(line.split() for line in readme.splitlines() if "uncounted estimate" in line)
    again = cli("estimate", after, *command[3:])
    assert again.code == 0, again.err
    figures = json.loads(again.out)
    assert [figures[k] for k in ("median", "q025", "q975")] == [run.median, run.q025, run.q975]
    assert figures["observed"] == run.observed
    said = " ".join(done.err.split())
    assert f"{ADDED + WITHDRAWN + CORRECTED} records added or changed after run {run.id}" in said
    assert "the file holds the histories the run estimated from, without them" in said
    assert "may not reproduce" not in said


def test_a_run_kept_before_runs_kept_histories_publishes_todays(
    tmp_path: Path, vault_copies: VaultCopies, cli: CliRunner
) -> None:
    """A run kept by an earlier main (its scope without histories) keeps today's behaviour:
    its histories are today's register's, the package publishes with them and the README's
    caution, and the reviewer's file says it may not reproduce the run's figure."""
    vault = tmp_path / "vault"
    vault_copies.copy(_world, vault)
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        admin.conn.execute("UPDATE analysis_results SET scope = json_remove(scope, '$.histories')")
        admin.conn.commit()
        run = _headline(admin)
        assert run.histories_kept is None
        _change_records(admin, run)
        today = reports.run_histories(admin, run)
        reports.publish_report(admin, tmp_path / "report.zip", {"en": str}, pdf=False)
    files = _package_files(tmp_path / "report.zip")
    assert files["histories.csv"] == today
    people = sum(int(row["count"]) for row in _rows(today))
    # a withdrawal destroys the identity and keeps the record counted: 6 people more
    assert people == run.observed + ADDED, "today's register"
    readme = " ".join(files["histories-README.txt"].decode("utf-8").split())
    assert f"these histories hold {people} (they differ only when records" in readme, readme
    done = cli(
        "estimate",
        "histories",
        vault,
        "--from-register",
        "--histories-out",
        tmp_path / "h.csv",
        env=ENV,
    )
    assert done.code == 0, done.err
    assert "may not reproduce the run's figure" in " ".join(done.err.split())


def test_a_run_that_linked_and_estimated_keeps_its_linkages_histories(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    """A run that linked the records and estimated in one go (the demo's, ``save_analysis``)
    keeps the histories of its own linkage, not the register's: after 6 records are added,
    the reviewer's file holds exactly the table the run estimated from (on main, today's
    register: the 6 added on top)."""
    vault = tmp_path / "vault"
    vault_copies.copy(_world, vault)
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        run = analysis_review.save_analysis(admin, analysis)
        _change_records(admin, run)
        rows = _rows(reports.run_histories(admin, run))
    table: Counter[tuple[int, ...]] = Counter()
    for row in rows:
        table[tuple(int(row[f"in_{letter}"]) for letter in "ABC")] += int(row["count"])
    estimated = analysis.histories
    assert run.lists == estimated.lists
    assert table == {
        tuple(int(on) for on in pattern): int(count)
        for pattern, count in zip(estimated.patterns, estimated.counts, strict=True)
    }


def test_the_records_changed_after_a_run_take_their_counts_verb_in_russian() -> None:
    """«1 запись добавлены»: the count was put before a verb written once in the plural; the
    count and its verb are now one plural form of the catalogue (the real Russian one)."""
    from uncounted.cli._estimate import _HISTORIES_KEPT, _HISTORIES_SINCE, _RECORDS
    from uncounted.messages import Counted, Message
    from uncounted.web.i18n import Translator

    words = Translator("ru")
    for number, said in (
        (1, "1 запись добавлена или изменена"),
        (3, "3 записи добавлены или изменены"),
        (5, "5 записей добавлено или изменено"),
        (21, "21 запись добавлена или изменена"),
    ):
        records = Counted(*_RECORDS, number)
        kept = Message(_HISTORIES_KEPT, run=2, records=records).translated(words)
        assert kept.startswith(f"{said} после того, как расчёт № 2 прочитал записи: "), kept
        since = Message(_HISTORIES_SINCE, run=2, records=records).translated(words)
        assert since.startswith(f"Внимание: {said} после того"), since
    english = Message(_HISTORIES_KEPT, run=2, records=Counted(*_RECORDS, 1))
    assert english.startswith("1 record added or changed after run 2 read the records: ")
