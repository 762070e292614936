"""The report's headline count carries its linkage caution, as the dashboard's does: 'People
documented as victims: 773 (630 links between records not yet reviewed; 10 records not yet
linked, each counted as one person)'. The PDF said the number alone (seen walking the admin's
job). The two counts are of records, not people, and say so (stop 21: "630 links not yet
reviewed" beside a count of people read as people), here and in the methods annex. Real
WeasyPrint PDFs read back with poppler's pdftotext, in English and Russian, plural forms
included."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from report_helpers import report_pdf_text

from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASES = [Case("detention", "2017-03", "north")] * 30 + [Case("killing", "2019-01", "south")] * 12


def _first_page(language: str, tmp_path: Path, links: int, unplaced: int) -> str:
    data = ReportInput(
        cases=CASES, people=42, unreviewed_links=links, unplaced_records=unplaced, made_on="x"
    )
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(render_pdf(render_html(build(data), Translator(language), language)))
    done = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("language", "links", "unplaced", "said"),
    [
        (
            "en",
            630,
            10,
            "People documented as victims: 42 (630 links between records not yet reviewed;"
            " 10 records not yet linked, each counted as one person)",
        ),
        (
            "en",
            1,
            0,
            "People documented as victims: 42 (1 link between two records not yet reviewed)",
        ),
        (
            "ru",
            630,
            10,
            "Задокументировано пострадавших: 42 (630 связей между записями ещё не проверено;"
            " 10 записей ещё не связаны, каждая считается отдельным человеком)",
        ),
        (
            "ru",
            0,
            3,
            "Задокументировано пострадавших: 42 (3 записи ещё не связаны,"
            " каждая считается отдельным человеком)",
        ),
    ],
)
def test_the_headline_count_says_what_is_not_yet_reviewed_or_linked(
    tmp_path: Path, language: str, links: int, unplaced: int, said: str
) -> None:
    assert said in _first_page(language, tmp_path, links, unplaced)


def test_a_fully_reviewed_register_has_no_caution(tmp_path: Path) -> None:
    text = _first_page("en", tmp_path, 0, 0)
    assert "People documented as victims: 42 " in text
    assert "not yet" not in text.split("People documented as victims: 42", 1)[1][:80]


# (records, links not reviewed, records not linked): each count in its own plural form; walking
# the demo (walkday3) its annex read «331 записей», and one link would have read «1 связей».
ANNEX = {
    ("en", 0, 630, 10): "Linkage (counts of records, not of people): 0 records, 630 links between"
    " records not yet reviewed, 10 records not yet linked",
    ("ru", 0, 630, 10): "Связывание (считаются записи, а не люди): 0 записей, 630 связей между"
    " записями ещё не проверено, 10 записей ещё не связано",
    ("en", 331, 1, 1): "Linkage (counts of records, not of people): 331 records, 1 link between"
    " two records not yet reviewed, 1 record not yet linked",
    ("ru", 331, 1, 1): "Связывание (считаются записи, а не люди): 331 запись, 1 связь между"
    " записями ещё не проверена, 1 запись ещё не связана",
}


@pytest.mark.parametrize("counts", list(ANNEX))
def test_the_annex_says_its_linkage_counts_are_of_records(
    counts: tuple[str, int, int, int], tmp_path: Path
) -> None:
    language, records, links, unplaced = counts
    data = ReportInput(
        cases=CASES, people=42, records=records, unreviewed_links=links, unplaced_records=unplaced
    )
    said = ANNEX[counts]
    assert said in report_pdf_text(data, language, tmp_path), said
