"""A report published before a record is edited or withdrawn still verifies, and the record
is still proven part of it: revisions and tombstones add ledger leaves, never change one.

A small synthetic world, a real vault, the real command line (``ledger prove-record`` and the
offline ``verify``).
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CliRunner
from report_helpers import linked_world_vault

from uncounted.services import ledger, register, reports, revisions, vaults

ADMIN, ADMIN_PASS = "ana", "admin passphrase for tests"


def test_old_reports_and_record_proofs_survive_edits_and_withdrawals(
    tmp_path: Path, cli: CliRunner
) -> None:
    path = tmp_path / "vault"
    linked_world_vault(path, (ADMIN, ADMIN_PASS), 40, 11, 2, tmp_path)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        package = tmp_path / "report.zip"
        done = reports.publish_report(admin, package, {"en": str}, pdf=False)
        victims = sorted(
            {
                r.record_id
                for person in register.list_people(admin)
                for r in person.records
                if r.role == "victim" and r.event_type
            }
        )
        edited, withdrawn = victims[0], victims[1]
        revisions.edit_record(admin, edited, {"name": "Renamed Synthetictestov"}, "typo")
        revisions.withdraw_record(admin, withdrawn)
        assert ledger.check_ledger(admin).problem is None
    fingerprint = done.key_fingerprint.replace(" ", "")
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    for record in (edited, withdrawn):
        proved = cli("ledger", "prove-record", path, record, "--at", package, "-u", ADMIN, env=env)
        assert proved.code == 0, proved.err
        assert json.loads(proved.out)["record"] == record
        proof = tmp_path / f"{record}.json"
        proof.write_text(proved.out, encoding="utf-8")
        checked = cli("verify", package, "--record-proof", proof, "--fingerprint", fingerprint)
        assert checked.code == 0, checked.out + checked.err
        assert "Record proof: PASS" in checked.out
