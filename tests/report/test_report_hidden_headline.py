"""A hidden headline is not given away by the annex, the estimate, its cautions, the counts
of records or the capture histories of the package.

A real vault of synthetic people on three lists ("walk" names everyone, "press" every second
person, "radio" every third), linked and estimated (dga, under the uniform prior an analyst
may choose) before each report: report No. 1 (95 people: 45 detentions in Vedeno and 20
killings in Argun in 2017, 30 detentions in Argun in 2019), then 3 detentions in Vedeno in
June 2017. Report No. 2 hides its people documented (98 less the first report's 95 gives the
3 away). Stop 27 found the real PDFs (pdftotext, en and ru) saying 98 three times on two
lists: "people named by each: 98, 50" (the walk list holds everyone), the estimate's "People
on the lists: 98", and 148 records beside 50 links not yet reviewed (a person of n records
not yet reviewed is n - 1 links: 148 - 50); and histories.csv's cells added up to 98. Beside
its hidden estimate, report No. 2's cautions printed where dga's computation stops (15,778:
98 + 160 x 98) and the interval's upper end (2,850).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from disclosure_attacker import check_safe
from report_helpers import ARGUN, VEDENO, add_victims_on_lists

from uncounted import vault as store
from uncounted.report.disclosure import Publication, Rules
from uncounted.services import analysis_review, register, reports, vaults
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

ADMIN, ADMIN_PASS = "ana", "hidden headline admin passphrase"


@dataclass(frozen=True)
class TwoReports:
    vault: Path
    first: Path
    second: Path
    previous: Publication
    kept: Publication


def _add(admin: vaults.UnlockedVault, groups: list[tuple[str, str, str, int]], start: int) -> None:
    """One synthetic victim a (violation, month, district) row, on "walk", every second one
    on "press" too and every third on "radio" (the same name: linkage joins them)."""
    lists = ("walk", "press", "radio")
    add_victims_on_lists(admin, groups, lists, "walk", seed=start, start=start)


def _estimated(admin: vaults.UnlockedVault) -> None:
    """Linked and estimated, the run made the headline: dga under the uniform prior, whose
    cautions print where its computation stops and the interval's upper end."""
    register.link_people(admin)
    run = analysis_review.estimate_from_register(admin, "dga", prior="uniform")
    analysis_review.publish_estimate(admin, run.id)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> TwoReports:
    root = tmp_path_factory.mktemp("hidden-headline")
    vault = root / "vault"
    vaults.init_vault(vault, ADMIN, ADMIN_PASS)
    translators = {language: Translator(language) for language in ("en", "ru")}
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        groups = [
            ("detention", "2017-03", VEDENO, 45),
            ("killing", "2017-04", ARGUN, 20),
            ("detention", "2019-01", ARGUN, 30),
        ]
        _add(admin, groups, 0)
        _estimated(admin)
        reports.publish_report(admin, root / "first.zip", translators, pdf=False)
        previous = reports.last_publication(admin)
        _add(admin, [("detention", "2017-06", VEDENO, 3)], 200)
        _estimated(admin)
        reports.publish_report(admin, root / "second.zip", translators)
        kept = reports.last_publication(admin)
    assert previous is not None and kept is not None
    return TwoReports(vault, root / "first.zip", root / "second.zip", previous, kept)


def _pdf_text(package: Path, language: str, folder: Path) -> str:
    pdf = folder / f"report-{language}.pdf"
    with zipfile.ZipFile(package) as opened:
        pdf.write_bytes(opened.read(f"report-{language}.pdf"))
    done = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


def _after(text: str, words: str) -> str:
    """What the PDF prints after the last *words* (up to the next full stop or "·")."""
    return text[text.rindex(words) + len(words) :][:40]


def test_no_count_beside_the_hidden_headline_gives_it_away(
    published: TwoReports, tmp_path: Path
) -> None:
    """Every count of people (a list's, the estimate's people on the lists, at each linkage
    setting) and of records the second report prints is audited with its hidden headline:
    98 is printed nowhere, in English and Russian, and the figures it prints, read back from
    the PDF, resist the two-report differencing attacker."""
    assert published.kept.cells[("people",)] is None, "the second report hides its headline"
    for language, named, on_lists, links in (
        ("en", "people named by each: ", "people on the lists: ", "records, "),
        ("ru", "людей в каждом: ", "людей в списках: ", "запись, "),  # 181 запись
    ):
        text = _pdf_text(published.second, language, tmp_path)
        found = re.search(r"\b98\b", text)
        assert not found, (language, text[found.start() - 300 : found.end() + 60])
        lists = _after(text, named).split(" ", 3)[:3]
        assert lists == ["·,", "50,", "33"], (language, lists)  # walk holds everyone: hidden
        assert _after(text, on_lists).startswith("·"), (language, text)
        assert _after(text, links).startswith("·"), (language, text)  # records less links was 98
    # what the PDF printed is what the audit published: the attacker reads it so
    second = replace(published.kept, relations=[])
    first = replace(published.previous, relations=[])
    check_safe([(first, published.previous.figures), (second, published.kept.figures)], Rules())


#: Each caution of report No. 2's estimate with a figure, as it is printed beside the hidden
#: estimate (in each language): the warning kept, its figure not.
HIDDEN_CAUTIONS = {
    "en": (
        "every figure depends on where the computation stops. Where it stops is not given: the"
        " estimate is hidden because its figures would let a reader work out a number this"
        " report hides.",
        "its interval reaches more than a fifth above the people on the lists: the lists cannot"
        " tell whether few or many people were missed. The interval's upper end is not given:",
    ),
    "ru": (
        "каждое значение зависит от того, где остановлен расчёт. Где он остановлен, не"
        " приводится: оценка скрыта, потому что по её числам можно было бы вычислить число,"
        " которое этот отчёт скрывает.",
        "её интервал поднимается больше чем на пятую часть выше числа людей в списках: по"
        " спискам нельзя понять, пропущено мало людей или много. Верхняя граница интервала не"
        " приводится:",
    ),
}


def test_the_cautions_beside_the_hidden_estimate_print_none_of_its_figures(
    published: TwoReports, tmp_path: Path
) -> None:
    """Report No. 2 hides its estimate ("·"); its cautions keep their warnings (the
    computation's end sets every figure; the interval reaches far above the people on the
    lists) and say why their figures are missing, in English and Russian: where dga's
    computation stops (15,778, which is 98 x 161) and the interval's upper end (2,850) are
    printed nowhere. Report No. 1, whose estimate is shown, prints them (15,295 = 95 x 161)."""
    with vaults.unlock(published.vault, ADMIN, ADMIN_PASS) as admin:
        run = store.stored_result(admin.conn, 2)
    said = " ".join(str(caution) for caution in run.cautions)
    assert "(15,778)" in said and "reaches 2,850" in said, said  # the run keeps them
    for language, cautions in HIDDEN_CAUTIONS.items():
        text = _pdf_text(published.second, language, tmp_path)
        assert ("The estimate is hidden (·)" if language == "en" else "Оценка скрыта (·)") in text
        for figure in ("778", "850"):  # 15,778 and 2,850 however the thousands are spaced
            found = re.search(rf"\b{figure}\b", text)
            assert not found, (language, text[found.start() - 300 : found.end() + 60])
        for caution in cautions:
            assert caution in text, (language, caution, text)
    with zipfile.ZipFile(published.first) as package:
        first = " ".join(package.read("report-en.html").decode("utf-8").split())
    assert "stops (15\u202f295)" in first or "stops (15,295)" in first, first


def test_the_histories_are_left_out_when_the_headline_is_hidden(
    published: TwoReports, tmp_path: Path
) -> None:
    """histories.csv summed gave the hidden headline (98): the second package leaves it out,
    and its histories-README.txt and the PDF's annex say why and how a reviewer the
    organisation names gets it, in English and Russian. The first report, its headline
    shown, keeps the file exact: its cells add up to the 95 people it publishes."""
    with zipfile.ZipFile(published.second) as package:
        names = set(package.namelist())
        readme = package.read("histories-README.txt").decode("utf-8")
        manifest_files = package.read("manifest.json").decode("utf-8")
    assert "histories.csv" not in names and '"histories.csv"' not in manifest_files
    # the run report No. 2 published (the fixture's second estimate), by its number
    command = (
        "uncounted estimate histories VAULT --from-register --histories-out histories.csv --run 2"
    )
    for language, said in (
        ("en", "The capture histories behind the estimate (histories.csv) are left out"),
        ("ru", "Истории попадания в списки, на которых основана оценка (histories.csv), в"),
    ):
        assert said in readme and command in readme, (language, readme)
        text = _pdf_text(published.second, language, tmp_path)
        assert said in text, (language, text)
        folded = re.sub(r"[-\s]", "", text)  # "--histories-" broken at a line's end
        assert re.sub(r"[-\s]", "", command) in folded, (language, text)
        assert "histories.csv in the published package" not in text
    with zipfile.ZipFile(published.first) as package:
        rows = list(csv.DictReader(io.StringIO(package.read("histories.csv").decode("utf-8"))))
    assert sum(int(row["count"]) for row in rows) == 95 == published.previous.cells[("people",)]


def test_the_organisation_writes_the_published_runs_histories_for_a_reviewer(
    published: TwoReports, cli: CliRunner, tmp_path: Path
) -> None:
    """What the README tells the organisation to run writes the histories of the stored run
    the report published (98 people by list), making no run (on main it estimated again: a
    third run, the latest the Reports page then spoke of, and it knew no --run). --run writes
    another stored run's (report No. 1's): the 95 people it estimated from, saying that 6
    records came after it and are not in the file (until session 28 the file placed its
    lists' people as the register does now: 98); a run that does not exist is refused in one
    line, in English and Russian, nothing written."""
    vault = tmp_path / "vault"
    shutil.copytree(published.vault, vault)
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        before = [run.id for run in analysis_review.estimate_runs(admin)]
        stored = {
            n: reports.run_histories(admin, store.stored_result(admin.conn, n)) for n in before
        }
        chosen = store.headline(admin.conn)
    headline = chosen.result.id if chosen else 0
    assert before == [2, 1] and headline == 2, (before, headline)
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    args = ("estimate", "histories", vault, "--from-register", "--histories-out")
    since = (  # 3 people on walk, 2 of them on press too, 1 on radio
        "6 records added or changed after run 1 read the records: the file holds the histories the"
        " run estimated from, without them"
    )
    for number in (None, 1):
        out = tmp_path / f"histories-{number}.csv"
        done = cli(*args, out, *(("--run", str(number)) if number else ()), env=env)
        assert done.code == 0, done.err
        assert out.read_bytes() == stored[number or headline], number
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert sum(int(row["count"]) for row in rows) == (95 if number else 98), number
        assert {"in_A", "in_B", "count"} <= set(rows[0])
        assert (since in " ".join(done.err.split())) == (number == 1), done.err
    again = cli(*args, out, env=env)
    assert again.code == 1 and "already exists" in again.err, "never written over"
    for language, said in (
        ("C.UTF-8", "there is no estimate run 7"),
        ("ru_RU.UTF-8", "нет расчёта оценки № 7"),
    ):
        missing = tmp_path / f"missing-{language}.csv"
        refused = cli(*args, missing, "--run", "7", env={**env, "LC_ALL": language})
        assert refused.code == 1 and said in refused.err, (language, refused.err)
        assert len(refused.err.strip().splitlines()) == 1, refused.err
        assert not missing.exists()
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        after = [run.id for run in analysis_review.estimate_runs(admin)]
    assert after == before, "no run made"
