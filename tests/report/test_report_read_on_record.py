"""A publication reads the last report's sealed true figures (the new report is protected
together with them): that read is on the audit trail as it happens, in a transaction of its
own committed before the figures are used, and the publication's entry still says what the
user did. reportux4 recorded the read in the publication's own entry (or its refusal's) at
commit time: a publication that failed in between (a full disk, a crash) left a read of
sealed figures unrecorded. Here the disk really fills (SQLite's page limit on the
publication's own connection) while the report's files are laid out, after the read and
before the commit. Real vault of synthetic people."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3
from report_helpers import LEAKY_ADMIN, LEAKY_PASS, one_report_published
from vault_copies import VaultCopies

from uncounted.services import audit, reports, vaults

#: The step of a publication after the read and before the commit (``reports._commit_made``).
LAYING_OUT = "laying out the report's files"


@pytest.fixture
def vault(tmp_path: Path, vault_copies: VaultCopies) -> Path:
    path = tmp_path / "vault"
    vault_copies.copy(one_report_published, path)
    return path


def _trail(path: Path, action: str) -> list[audit.AuditEntry]:
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        return audit.audit_trail(admin, action=action)


def test_a_publication_that_fails_after_reading_the_sealed_figures_leaves_the_read_on_record(
    vault: Path, tmp_path: Path
) -> None:
    laid_out: list[str] = []
    with vaults.unlock(vault, LEAKY_ADMIN, LEAKY_PASS) as admin:

        def the_disk_fills(step: str) -> None:
            if step == LAYING_OUT:  # read, not yet committed: no page more for this connection
                laid_out.append(step)
                (pages,) = admin.conn.execute("PRAGMA page_count").fetchone()
                admin.conn.execute(f"PRAGMA max_page_count = {int(pages)}")

        with pytest.raises(sqlcipher3.OperationalError, match="database or disk is full"):
            reports.publish_report(
                admin,
                tmp_path / "second.zip",
                {"en": str},
                pdf=False,
                again=True,
                progress=the_disk_fills,
            )
    assert laid_out, "the publication failed before it read the figures"
    assert not (tmp_path / "second.zip").exists()
    assert [p.number for p in _published(vault)] == [1]  # nothing published
    (read,) = _trail(vault, "report.publishing")  # on main: none (recorded at the commit)
    assert read.user == LEAKY_ADMIN
    assert read.detail == {"number": 2, "protected_with": 1}


def test_a_publication_keeps_its_entry_beside_the_read(vault: Path, tmp_path: Path) -> None:
    with vaults.unlock(vault, LEAKY_ADMIN, LEAKY_PASS) as admin:
        second = tmp_path / "second.zip"
        done = reports.publish_report(admin, second, {"en": str}, pdf=False, again=True)
    (read,) = _trail(vault, "report.publishing")
    published = [e for e in _trail(vault, "report.publish") if e.target == done.evidence_id]
    assert [e.detail["protected_with"] for e in published] == [1]
    assert read.detail == {"number": 2, "protected_with": 1}


def _published(path: Path) -> list[reports.PublishedTables]:
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        return reports.published_reports(admin)
