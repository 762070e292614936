"""The report's sensitivity table says its "People on the lists" are the same people counted as
each setting links them, in English and Russian. Reading the demo's report with pdftotext
(walkday6, session 25), the table gave 773 people "as reviewed" and 1,403 with "every
unreviewed link taken apart" under the same heading, beside a headline of 784, and nothing
said the 1,403 were the same people with their records no longer joined. Real WeasyPrint PDFs
read back with poppler's pdftotext."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from report_helpers import report_pdf_text

from uncounted.report.disclosure import Case
from uncounted.report.document import HeadlineFigures, ReportInput

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASES = [Case("detention", "2017-03", "north")] * 30 + [Case("killing", "2019-01", "south")] * 12

WORDS = {
    "en": (
        "“People on the lists” counts the same people each time, as each setting links their "
        "records: with every unreviewed link taken apart, records that only such a link joins "
        "count as different people, so the count is higher."
    ),
    "ru": (
        "«Людей в списках» — каждый раз те же люди, как их записи связывает эта настройка: если "
        "разорвать все непроверенные связи, записи, которые соединяла только такая связь, "
        "считаются разными людьми, поэтому число больше."
    ),
}


def _band(label: str, people: int, median: float | None) -> dict[str, object]:
    return {"label": label, "threshold": None, "people": people, "median": median} | {
        "q025": None if median is None else median - 10,
        "q975": None if median is None else median + 20,
    }


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_same_people_counted_at_each_setting_are_said_to_be_the_same(
    language: str, tmp_path: Path
) -> None:
    headline = HeadlineFigures(
        method="lcmcr",
        lists=3,
        observed=42,
        median=60.0,
        q025=50.0,
        q975=80.0,
        chosen_at="2026-12-01",
        sensitivity=(
            _band("reviewed", 42, 60.0),
            _band("unreviewed links apart", 75, None),
        ),
    )
    data = ReportInput(cases=CASES, people=42, headline=headline, made_on="2026-12-05")
    text = report_pdf_text(data, language, tmp_path)
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a word broken at its hyphen across lines
    assert WORDS[language] in text, text[text.find("Sensitiv") :][:800]
