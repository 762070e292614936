"""The report's sentence under its headline says the estimate is of everyone, documented or
not, in English and Russian. Reading the demo's report with pdftotext (walkday6, session 25),
it said "Documented people are a floor: the estimate below says how many were probably not
documented by anyone" above "Estimated victims in all: 996", so a journalist could add the
two (779 documented + 996 "not documented") and print 1,775. Real estimate, real WeasyPrint
PDFs read back with poppler's pdftotext."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from report_helpers import report_pdf_text

from uncounted.estimate import CaptureHistories, estimate
from uncounted.report.disclosure import Case
from uncounted.report.document import HeadlineFigures, ReportInput

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASES = [Case("detention", "2017-03", "north")] * 30 + [Case("killing", "2019-01", "south")] * 12

WORDS = {
    "en": (
        "the estimate below is of how many there probably were in all, those documented and "
        "those no one documented",
        "says how many were probably not documented",
    ),
    "ru": (
        "оценка ниже — сколько их, вероятно, было всего, и задокументированных, и тех, кого не "
        "задокументировал никто",
        "говорит, сколько людей, вероятно, не задокументировал никто",
    ),
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_estimate_is_not_read_as_the_undocumented_alone(language: str, tmp_path: Path) -> None:
    run = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 12]), "chapman")
    headline = HeadlineFigures(
        method=run.method,
        lists=len(run.lists),
        observed=run.observed,
        median=run.point,
        q025=run.q025,
        q975=run.q975,
        warnings=tuple(run.warnings),
        chosen_at="2026-12-01",
    )
    data = ReportInput(cases=CASES, people=42, headline=headline, made_on="2026-12-05")
    text = " ".join(report_pdf_text(data, language, tmp_path).split())
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a word broken at its hyphen across lines
    everyone, undocumented_alone = WORDS[language]
    assert everyone in text, text[:1500]
    assert undocumented_alone not in text
