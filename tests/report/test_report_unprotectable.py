"""A report that no pattern of hidden figures protects against the one published before it.

Stop 24's known leak, in a real vault of synthetic people: 30 detentions in Vedeno (2017-03),
12 killings in Argun (2019-01), 3 forced outings in Vedeno (2017-04) and 2 abductions in Argun
(2019-02). Report No. 1 counts the outings and the abductions as "Other violations" (5) and
shows Killing's 12. The abductions are then corrected to detentions: the outings, alone under
5, take the killings, and with every figure of the new report hidden a reader who takes every
unchanged figure as unchanged still narrows the outings to [3, 5]. The report is made with a
coarser grouping (every violation in "Other violations"); with no coarser grouping allowed
(``disclosure.COARSER`` 0: the case where none protects) it is refused, by ``uncounted
report`` and on the Reports page alike: exit 1, nothing written, nothing in the ledger.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import OrderedDict
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from report_helpers import LEAKY_ADMIN, leaky_vault, published_count
from report_helpers import LEAKY_PASS as ADMIN_PASS

from uncounted.report import disclosure
from uncounted.services import reports, vaults

ENV = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS, "LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
RU = {"LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return leaky_vault(tmp_path / "vault")


def test_a_report_whose_merged_group_lost_a_member_counts_its_violations_together(
    cli: CliRunner, vault: Path, tmp_path: Path
) -> None:
    done = cli("report", vault, "-o", tmp_path / "second.zip", "--json", env=ENV)
    assert done.code == 0, done.err
    with zipfile.ZipFile(tmp_path / "second.zip") as package:
        rows = list(csv.DictReader(io.StringIO(package.read("tables.csv").decode("utf-8"))))
        manifest = json.loads(package.read("manifest.json"))
    shown = {(r["table"], r["row"], r["column"]): r["people"] for r in rows}
    assert shown[("violation", "other violations", "")] == "47"
    columns = {r["column"] for r in rows if r["table"] == "year×violation"}
    assert columns == {"other violations"}, "Killing no longer shown beside the outings"
    assert manifest["number"] == 2 and published_count(vault) == 2


def test_a_report_nothing_protects_is_refused_on_the_command_line(
    cli: CliRunner, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(disclosure, "COARSER", 0)  # no coarser grouping: none protects
    refused = cli("report", vault, "-o", tmp_path / "second.zip", env=ENV)
    assert refused.code == 1, refused.err
    said = refused.err.strip().splitlines()[-1]
    assert said.startswith("error: no report can be published now"), said
    assert "report No. 1" in said, said
    assert "(Vedeno District, Other violations)" in said, said  # as the report names it
    assert "Nothing was published; publish when more records have been added" in said, said
    assert not (tmp_path / "second.zip").exists()
    assert published_count(vault) == 1


def test_the_refusal_names_the_figure_in_the_terminals_language(
    cli: CliRunner, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figure was named in the tables' codes, "(district ru-ce-vedensky, violation
    other violations)", in a Russian sentence too: named as the report's tables name it."""
    monkeypatch.setattr(disclosure, "COARSER", 0)  # no coarser grouping: none protects
    refused = cli("report", vault, "-o", tmp_path / "second.zip", env={**ENV, **RU})
    assert refused.code == 1, refused.err
    said = refused.err.strip().splitlines()[-1]
    assert said.startswith("ошибка: отчёт сейчас опубликовать нельзя"), said
    assert "(Веденский район, Другие нарушения)" in said, said
    assert "ru-ce-vedensky" not in said and "other violations" not in said, said
    assert published_count(vault) == 1


def test_a_refused_report_is_not_protected_again_when_publish_follows_the_draft(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report nothing protects tries every coarser grouping (up to 1 + 2 x COARSER
    protections, each as long as a report's), and its refusal was kept nowhere: the draft
    refused, then Publish (or the command run again) protected it all again to refuse the
    same. The refusal is kept as a publication is: the second ask protects nothing."""
    monkeypatch.setattr(disclosure, "COARSER", 0)  # no coarser grouping: none protects
    monkeypatch.setattr(disclosure, "_MADE", OrderedDict())  # nothing made before
    protected: list[object] = []
    real = disclosure.protect

    def protect(*args: object) -> object:
        protected.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(disclosure, "protect", protect)
    with vaults.unlock(vault, LEAKY_ADMIN, ADMIN_PASS) as admin:
        with pytest.raises(disclosure.ReportUnprotectable) as drafted:
            reports.draft_report(admin)
        assert len(protected) == 1
        with pytest.raises(disclosure.ReportUnprotectable) as published:
            reports.publish_report(admin, tmp_path / "second.zip", {"en": str}, pdf=False)
    assert len(protected) == 1, "Publish after the draft protected the report again"
    assert str(published.value) == str(drafted.value), "and says what the draft said"
    assert "report No. 1" in str(published.value)
    assert not (tmp_path / "second.zip").exists() and published_count(vault) == 1
