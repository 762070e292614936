"""The violation chart says, beside it, that a person counts under each violation their
records name: the note was only under the area table, on the PDF's second page, and a reader
added up the bars as people (walkday7). Real WeasyPrint PDFs read back with ``pdftotext``,
English and Russian."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

#: 40 people detained, 12 of them tortured too, in two districts over three years.
CASES = [
    Case("detention", f"{2017 + n % 3}-0{1 + n % 9}", ("ru-ce-groznensky", "ru-ce-vedensky")[n % 2])
    for n in range(40)
] + [Case("torture", f"2017-0{1 + n % 9}", "ru-ce-groznensky") for n in range(12)]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_note_on_people_under_each_violation_is_with_the_chart(
    language: str, tmp_path: Path
) -> None:
    report = build(ReportInput(cases=CASES, people=40, made_on="x"))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(render_html(report, Translator(language), language)))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    gettext = Translator(language).gettext
    chart, after = gettext("Documented people by violation"), gettext("Documented people by month")
    page = next(" ".join(p.split()) for p in text.split("\f") if chart in p)
    beside_chart = page.split(chart, 1)[1].split(after, 1)[0]
    note = gettext(
        "A person counts under each violation their records name, so the bars can add up to"
        " more than the people documented; a person whose records name no violation is in no"
        " bar."
    )
    assert note in beside_chart


def test_the_note_does_not_say_the_bars_add_up_to_more_when_they_add_up_to_fewer() -> None:
    """60 people documented, 20 of them on a list that names no violation: the bars (40
    detained, 12 tortured) add up to 52, fewer than the 60 at the top, and the note said
    "so the bars add up to more than the people documented" (review27, on a synthetic vault
    whose passport list gives no event type: bars 37, people documented 45)."""
    report = build(ReportInput(cases=CASES, people=60, made_on="x"))
    for language in ("en", "ru"):
        html = " ".join(render_html(report, Translator(language), language).split())
        assert "bars add up to more than" not in html
        assert "столбцы в сумме дают больше" not in html
        said = Translator(language).gettext(
            "A person counts under each violation their records name, so the bars can add up"
            " to more than the people documented; a person whose records name no violation is"
            " in no bar."
        )
        assert said in html and said != "" and (language == "en") == ("bars" in said)


def test_the_report_says_who_is_documented_as_counting_md_does() -> None:
    """docs/counting.md: documented people are the victims the organisation has at least one
    record of. The report said "names them as a victim of a violation, with a date and a
    place", and counted at the top people whose list gave none of the three (review27: a
    passport list with no event type, 8 of 45 people in no table)."""
    report = build(ReportInput(cases=CASES, people=60, made_on="x"))
    for language in ("en", "ru"):
        html = " ".join(render_html(report, Translator(language), language).split())
        said = Translator(language).gettext(
            "A person is documented when at least one list or testimony names them as a"
            " victim, whether or not it gives the violation, a date or a place (the tables"
            " below count those it gives). A person named on several lists is counted once."
            " Documented people are a floor: the estimate below is of how many there probably"
            " were in all, those documented and those no one documented."
        )
        assert said in html and (language == "en") == ("victim" in said)
        assert "with a date and a place" not in html and "с датой и местом" not in html
