"""The report's month chart keeps every month in its place on the time axis: closed up, the
months hidden by the small-number rule (and the months nobody was documented in) vanished,
two waves ran together and a reader misread when people were detained (walkday7). A hidden
month is marked by an empty box on the axis, which the legend names, in English and Russian;
real WeasyPrint PDFs read back with poppler's ``pdftotext``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.web.i18n import Translator

#: Two waves (January to March 2017, December 2017 to February 2018) and, between them, April
#: 2017 with 2 people (hidden: under 5) and seven months with nobody.
WAVES = {"2017-01": 9, "2017-02": 14, "2017-03": 11, "2017-12": 8, "2018-01": 16, "2018-02": 10}
CASES = [
    Case("detention", month, "ru-ce-groznensky") for month, n in WAVES.items() for _ in range(n)
] + [Case("detention", "2017-04", "ru-ce-groznensky")] * 2
PEOPLE = len(CASES)


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:]) - 1


def _chart(html: str, title: str) -> str:
    return html.split(f"<title>{title}</title>", 1)[1].split("</svg>", 1)[0]


def test_hidden_and_empty_months_keep_their_place_on_the_time_axis() -> None:
    report = build(ReportInput(cases=CASES, people=PEOPLE, made_on="x"))
    hidden = [m for m, v in report.cells("month").items() if v is None]
    assert "2017-04" in hidden  # the small month is hidden by the disclosure control
    chart = _chart(render_html(report, Translator("en"), "en"), "Documented people by month")
    columns = dict(re.findall(r'<rect x="([\d.]+)"[^>]*><title>(\d{4}-\d{2}): \d+</title>', chart))
    marks = re.findall(r'<path d="M([\d.]+) [^"]*"[^>]*><title>(\d{4}-\d{2}): ·</title>', chart)
    placed = {month: float(x) for x, month in [*columns.items(), *marks]}
    assert sorted(m for _, m in marks) == sorted(hidden)
    # each month at its distance in months from the first: the seven empty months stay between
    first = min(placed, key=_month_index)
    steps = {
        m: (x - placed[first]) / (_month_index(m) - _month_index(first))
        for m, x in placed.items()
        if m != first
    }
    assert max(steps.values()) - min(steps.values()) < 0.05
    assert _month_index(max(placed, key=_month_index)) - _month_index(first) == 13


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize(
    ("language", "legend"),
    [
        ("en", "month whose number is hidden (· in the tables)"),
        ("ru", "месяц, число за который скрыто (· в таблицах)"),
    ],
)
def test_the_legend_says_what_the_mark_of_a_hidden_month_means(
    language: str, legend: str, tmp_path: Path
) -> None:
    report = build(ReportInput(cases=CASES, people=PEOPLE, made_on="x"))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(render_html(report, Translator(language), language)))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = " ".join(text.split())
    assert legend in words
    gettext = Translator(language).gettext
    month_page = next(p for p in text.split("\f") if gettext("Documented people by month") in p)
    assert legend in " ".join(month_page.split())  # the legend is under its chart
    # and what a column counts: the demo's chart peaked at 34 where the dashboard's said 22
    counts = gettext(
        "A person counts once under each violation their records name, in the month of its"
        " earliest record, so a month's column can count one person more than once, as the"
        " tables' totals do."
    )
    assert counts in " ".join(month_page.split())
