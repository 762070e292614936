"""The published report reads right (reportux4): tables.csv's grand total is named for what it
counts (a person once under each violation) beside a row of the people documented, where a
row "all" read 42 under a headline of 50 (8 people whose records name no violation); the
Russian PDF keeps the estimate's interval on one line ("95-процентный интервал" was left at
the end of a line and "10 987–15 432)" began the next); "Other districts" and "Unknown" are
capitalised as the labels they are, in English and Russian. Real vault of synthetic people,
real WeasyPrint PDFs read back with poppler's pdftotext."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from report_helpers import ARGUN, LEAKY_ADMIN, LEAKY_PASS, VEDENO, add_victims

from uncounted.messages import Message
from uncounted.report.charts import FAR_MONTHS_NOTE, far_months_note
from uncounted.report.disclosure import Case
from uncounted.report.document import (
    DATES_FAR,
    HeadlineFigures,
    ReportInput,
    build,
    render_html,
    render_pdf,
)
from uncounted.services import records, reports, vaults
from uncounted.vault import RecordDraft
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _pdf_lines(data: ReportInput, language: str, tmp_path: Path) -> list[str]:
    """The lines of the PDF of *data* in *language* as pdftotext -layout lays them out
    (whitespace folded)."""
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(render_pdf(render_html(build(data), Translator(language), language)))
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return [" ".join(line.split()) for line in done.stdout.splitlines()]


def test_the_tables_name_their_grand_total_beside_the_people_documented(
    tmp_path: Path,
) -> None:
    path = tmp_path / "vault"
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(
            admin, [("detention", "2017-03", VEDENO, 30), ("killing", "2019-01", ARGUN, 12)]
        )
        for n in range(8):  # a list that names no violation
            draft = RecordDraft(
                case="walk",
                source="walk-no-violation",
                source_record_id=f"none-{n}",
                analytic={"role": "victim"},
                identity={"name": f"Testname{n} Nonamova"},
            )
            records.create_record(admin, draft)
        reports.publish_report(admin, tmp_path / "report.zip", {"en": str}, pdf=False)
    with zipfile.ZipFile(tmp_path / "report.zip") as package:
        rows = list(csv.DictReader(io.StringIO(package.read("tables.csv").decode("utf-8"))))
        book = openpyxl.load_workbook(io.BytesIO(package.read("tables.xlsx")))
    figures = {(r["table"], r["row"]): r["people"] for r in rows}
    assert "all" not in {r["table"] for r in rows}, "a row 'all' reads as every person"
    people = ("people documented as victims", "a person once, whether or not a violation is named")
    violations = ("all violations", "a person once under each violation their records name")
    assert figures[people] == "50" and rows[0]["table"] == people[0]
    assert figures[violations] == "42"  # 30 + 12: the 8 with no violation are in no table
    assert book.sheetnames[0] == people[0] and "all violations" in book.sheetnames
    assert [c.value for c in book[people[0]][2]] == [people[1], None, 50]


HEADLINE = HeadlineFigures(
    method="lcmcr",
    lists=3,
    observed=1234,
    median=12345.0,
    q025=10987.0,
    q975=15432.0,
    chosen_at="2026-12-01",
)
CASES = [
    *(Case("detention", f"2017-0{1 + n % 9}", VEDENO) for n in range(40)),
    *(Case("killing", "2018-03", "") for _ in range(12)),  # no district: "Unknown"
    *(Case("detention", "", ARGUN) for _ in range(6)),  # no month: the year "Unknown"
    *(  # three districts of 2: counted together under "Other districts"
        Case("detention", "2018-04", district)
        for district in ("ru-ce-shali", "ru-ce-gudermes", "ru-ce-kurchaloy")
        for _ in range(2)
    ),
]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_interval_stays_on_one_line_and_groups_read_as_labels(
    language: str, tmp_path: Path
) -> None:
    data = ReportInput(cases=CASES, people=1234, headline=HEADLINE, made_on="2026-12-07")
    lines = _pdf_lines(data, language, tmp_path)
    gettext = Translator(language).gettext
    interval = next(line for line in lines if gettext("95% interval") in line)
    assert interval.endswith(f"{gettext('95% interval')} 10 987–15 432)"), interval
    other, unknown = gettext("Other districts"), gettext("Unknown")
    assert other[0].isupper() and unknown[0].isupper()
    area = lines[lines.index(gettext("People by area and violation")) :]
    assert [line for line in area if line.startswith((other, unknown))] == [
        f"{other} 12 0 12",
        f"{unknown} 0 12 12",
    ]
    # the tables' last rows add the violations up: named so, not "All" beside the headline
    totals = [line for line in area if line.startswith(gettext("All violations"))]
    assert totals and totals[0].endswith(f" {len(CASES)}"), totals
    years = lines[lines.index(gettext("People by year and violation")) :]
    assert f"2017 2018 {unknown} {gettext('All')}" in next(line for line in years if "2017" in line)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_mistyped_year_is_named_beside_the_month_chart_not_drawn_on_its_axis(
    language: str, tmp_path: Path
) -> None:
    """One record dated 1917 for 2017 stretched the chart's axis over a century (its columns
    under a pixel wide); the chart keeps the months of the campaign and names the far one,
    with its figure as the tables give it (here hidden: one person)."""
    cases = [*CASES, Case("detention", "1917-03", VEDENO)]
    data = ReportInput(cases=cases, people=len(cases), made_on="2026-12-07")
    report = build(data)
    page = render_html(report, Translator(language), language)
    chart = page.split("<svg", 2)[2].split("</svg>", 1)[0]  # the second chart: by month
    assert "2017-01" in chart and "1917" not in chart
    lines = " ".join(_pdf_lines(data, language, tmp_path))
    words = Translator(language)
    said = Message(FAR_MONTHS_NOTE, years=10, months="1917-03 (·)").translated(words)
    assert said in lines and said == far_months_note({"1917-03": None}, words)
    # the dates it covers are the chart's, the far month named apart (they were 1917-03 –)
    dates = Message(DATES_FAR, months="1917-03", years=10).translated(words, sentence=False)
    month = words.gettext("dates are given to the month")
    covered = f"{words.gettext('Dates covered')}: 2017-01 – 2018-04 ({month}) {dates}"
    assert covered in lines, lines[lines.find(words.gettext("Dates covered")) :][:160]
