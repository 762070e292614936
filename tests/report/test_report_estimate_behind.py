"""The published report says, before its estimate, when the estimate was run and how many
records were added or changed since. Walking the demo (walkday5) a journalist's PDF read
"People documented as victims: 199" beside an estimate over 192 people and nothing said why:
only the Reports page and ``uncounted report``'s warning did. A real vault of synthetic
people, real linkage, a real estimate, a record corrected after it, the package published,
its PDFs (en, ru) read back with poppler's pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from report_helpers import estimated_world_vault, report_pdf_text

from uncounted import vault as store
from uncounted.messages import readable
from uncounted.report.disclosure import Case
from uncounted.report.document import (
    EstimateBehind,
    HeadlineFigures,
    ReportInput,
    build,
    statement,
)
from uncounted.services import records, reports, revisions, vaults
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

ADMIN, ADMIN_PASS = "ana", "report estimate behind passphrase for tests"
CASES = [Case("detention", "2017-03", "north")] * 30 + [Case("killing", "2019-01", "south")] * 12
RUN_AT = "2026-12-06T17:26:41+00:00"
SAID = {
    ("en", 1): "The report's estimate was made 2026-12-06 17:26 UTC; 1 record was added or"
    " changed since, and the estimate leaves it out.",
    ("en", 7): "The report's estimate was made 2026-12-06 17:26 UTC; 7 records were added or"
    " changed since, and the estimate leaves them out.",
    ("ru", 1): "Оценка для отчёта сделана 2026-12-06 17:26 UTC; после неё добавлена или"
    " изменена 1 запись, и оценка её не учитывает.",
    ("ru", 3): "Оценка для отчёта сделана 2026-12-06 17:26 UTC; после неё добавлены или"
    " изменены 3 записи, и оценка их не учитывает.",
}
LEAD = {"en": "Estimated victims in all", "ru": "Оценка общего числа пострадавших"}


def _headline(behind: EstimateBehind | None) -> HeadlineFigures:
    return HeadlineFigures("dga", 3, 40, 61.0, 48.0, 90.0, chosen_at=RUN_AT, behind=behind)


@pytest.mark.parametrize(("language", "records"), list(SAID))
def test_the_pdf_says_before_the_number_how_many_records_the_estimate_leaves_out(
    language: str, records: int, tmp_path: Path
) -> None:
    data = ReportInput(CASES, 42, headline=_headline(EstimateBehind(RUN_AT, records)))
    text = report_pdf_text(data, language, tmp_path)
    said = SAID[(language, records)]
    assert said in text, text[:3000]
    assert text.index(said) < text.index(LEAD[language]), language


def test_a_report_with_a_fresh_estimate_has_no_such_sentence(tmp_path: Path) -> None:
    for language, words in (("en", "added or changed since"), ("ru", "оценка её не учитывает")):
        text = report_pdf_text(ReportInput(CASES, 42, headline=_headline(None)), language, tmp_path)
        assert LEAD[language] in text and words not in text
        assert "records as they are now" not in text and "нынешнем виде" not in text


def test_a_report_that_differs_only_by_the_caution_says_something_else() -> None:
    """``statement`` (what ``would_repeat`` and the refusal to publish twice compare) tells
    them apart, and a report without the caution says what it said before the caution
    existed (the stored statements of reports published earlier stay comparable)."""
    fresh = statement(build(ReportInput(CASES, 42, headline=_headline(None))))
    one = statement(build(ReportInput(CASES, 42, headline=_headline(EstimateBehind(RUN_AT, 1)))))
    two = statement(build(ReportInput(CASES, 42, headline=_headline(EstimateBehind(RUN_AT, 2)))))
    assert len({fresh, one, two}) == 3


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A vault of 80 synthetic victims on three lists, linked, with a chosen estimate."""
    path = tmp_path / "vault"
    estimated_world_vault(path, (ADMIN, ADMIN_PASS), tmp_path)
    return path


def _pdf_text(package: dict[str, bytes], name: str, tmp_path: Path) -> str:
    pdf = tmp_path / name
    pdf.write_bytes(package[name])
    done = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


def test_a_report_published_after_a_correction_says_so_in_both_pdfs_and_the_readme(
    vault: Path, tmp_path: Path
) -> None:
    words = {"en": Translator("en"), "ru": Translator("ru")}
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        chosen = store.headline(admin.conn)
        assert chosen is not None
        made = readable(chosen.result.created_at)
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
        headline = reports.report_input(admin).headline
        assert headline is not None and headline.behind == reports.estimate_behind(admin)
        reports.publish_report(admin, tmp_path / "report.zip", words)
    with zipfile.ZipFile(tmp_path / "report.zip") as outer:
        package = {name: outer.read(name) for name in outer.namelist()}
    en = _pdf_text(package, "report-en.pdf", tmp_path)
    ru = _pdf_text(package, "report-ru.pdf", tmp_path)
    assert f"estimate was made {made}; 1 record was added or changed since" in en, en[-3000:]
    assert f"сделана {made}; после неё добавлена или изменена 1 запись" in ru, ru[-3000:]
    readme = package["histories-README.txt"].decode("utf-8")
    said = readme.split("The report's estimate:")[0]
    assert "CAUTION" in said and "1 record was added or changed since" in " ".join(said.split())
