"""The annex's "Dates covered" agrees with the year table: walking the analyst's publish job
(stop 21), the PDF's year table had a row for 2016 and "Dates covered" began in 2017, because
it was read from the months whose number is shown and 2016's few people were in hidden months.
A hidden month's row is published (tables.csv lists it, its number empty), so the dates
covered run from the first month of the tables to the last. Real WeasyPrint PDFs read back
with poppler's pdftotext, English and Russian."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from report_helpers import report_pdf_text

from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

#: Three people in the last months of 2016 (each month's number hidden), the wave in 2017.
CASES = (
    [Case("detention", "2016-11", "north")] * 2
    + [Case("detention", "2016-12", "north")]
    + [Case("detention", f"2017-{m:02d}", "north") for m in range(1, 7) for _ in range(8)]
    + [Case("killing", f"2017-{m:02d}", "north") for m in range(3, 7) for _ in range(6)]
)

COVERED = {"en": "Dates covered: 2016-11 – 2017-06", "ru": "Охваченный период: 2016-11 – 2017-06"}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_dates_covered_begin_with_the_first_year_of_the_tables(
    language: str, tmp_path: Path
) -> None:
    text = report_pdf_text(ReportInput(cases=CASES, people=75, made_on="x"), language, tmp_path)
    assert re.search(r"\b2016\b(?!-)", text), "2016 is a row of the year table"
    assert COVERED[language] in text, text[text.find(COVERED[language][:8]) :][:80]
