"""The PDF's year table reads as one table, a violation a line: split in tables of five
violations each, a year's figures had to be followed across two tables and back (stop 22,
reading the published PDF). Turned round, each violation's row holds its figure for every
year and its total, side by side on one line of the page. Real WeasyPrint PDFs read back
with poppler's ``pdftotext -layout``, English and Russian."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from uncounted.model import vocabulary
from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

#: Seven violations (more than the five columns a table of violations holds), four years,
#: a different number of people for each violation.
VIOLATIONS = list(vocabulary.load("event_types"))[:7]
CASES = [
    Case(violation, f"{2016 + n % 4}-0{1 + n % 9}", "ru-ce-groznensky")
    for i, violation in enumerate(VIOLATIONS)
    for n in range(6 + 3 * i)
]


def _lines(language: str, tmp_path: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The lines of the PDF from the year table's heading to the area table's (whitespace
    folded), and what each violation's line should read: its label, its figure in every
    year, its total ("·" where hidden)."""
    report = build(ReportInput(cases=CASES, people=len(CASES), made_on="x"))
    gettext = Translator(language).gettext
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(render_pdf(render_html(report, Translator(language), language)))
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    lines = [" ".join(line.split()) for line in done.stdout.splitlines()]
    start = lines.index(gettext("People by year and violation"))
    end = lines.index(gettext("People by area and violation"))
    years, violations, inner = report.cross("year")
    terms = vocabulary.load("event_types")
    shown = report.publication.cells
    rows = {
        violation: [
            str(terms.label(violation, language)),
            *(
                "·" if v is None else str(v)
                for v in (inner[("year×violation", y, violation)] for y in years)
            ),
            "·"
            if shown[("violation", violation)] is None
            else str(shown[("violation", violation)]),
        ]
        for violation in violations
    }
    return [line for line in lines[start + 1 : end] if line], rows


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_year_table_reads_a_violation_to_a_line(language: str, tmp_path: Path) -> None:
    lines, rows = _lines(language, tmp_path)
    gettext = Translator(language).gettext
    heading = " ".join([gettext("Violation"), "2016", "2017", "2018", "2019", gettext("All")])
    assert lines.count(heading) == 1, lines  # one table: its years side by side, once
    assert set(VIOLATIONS) <= set(rows)
    for violation, row in rows.items():
        assert " ".join(row) in lines, (violation, row, lines)
    assert any(cell != "·" for row in rows.values() for cell in row[1:]), "every figure hidden"
