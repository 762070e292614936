"""Every count of people the published report shows by a category passes disclosure control,
read back from the real PDF (WeasyPrint, poppler's pdftotext) in English and Russian: the people
by act ("forced outing" included), and the counts outside the protected tables that can count
one violation's victims (the people on the lists behind a chosen estimate of the victims of a
forced outing, and at each linkage setting of its sensitivity)."""

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

CASES = (
    [Case("detention", "2017-03", "north")] * 30
    + [Case("killing", "2019-01", "south")] * 12
    + [Case("forced_outing", "2017-04", "north")] * 3
)


def test_small_counts_of_a_violations_victims_are_hidden_in_the_pdf(tmp_path: Path) -> None:
    # an estimate of the victims of a forced outing alone: 3 people on the two lists
    run = estimate(CaptureHistories.from_cells(["a", "b"], [0, 1, 1, 1]), "chapman")
    assert run.observed == 3
    band = {"median": run.point, "q025": run.q025, "q975": run.q975, "threshold": None}
    headline = HeadlineFigures(
        method=run.method,
        lists=2,
        observed=run.observed,
        median=run.point,
        q025=run.q025,
        q975=run.q975,
        sensitivity=(
            {**band, "label": "reviewed", "people": 3},
            {**band, "label": "unreviewed links apart", "people": 4},
        ),
        chosen_at="2026-12-01",
    )
    data = ReportInput(
        cases=CASES,
        people=45,
        headline=headline,
        made_on="2026-12-05",
        acts={"outing_to_relatives": 3, "arrest": 30},
    )
    for language, on_lists, outing, reviewed, apart in (
        ("en", "people on the lists", "Forced outing", "as reviewed", "every unreviewed link"),
        ("ru", "людей в списках", "Принудительный аутинг", "как проверено", "все непроверенные"),
    ):
        text = report_pdf_text(data, language, tmp_path)
        # the annex's note on the chosen estimate: "people on the lists: <5", never "3"
        after = text[text.lower().index(on_lists.lower()) :][:40]
        assert re.match(rf"{on_lists}: <5", after, flags=re.I), (language, after)
        # the sensitivity table: each linkage setting's people shown "<5"
        for setting in (reviewed, apart):
            row = text[text.index(setting) :][:120]
            assert "<5" in row and not re.search(r"\b[34]\b", row.split("<5")[0]), row
        # people by act: the forced outing (3 people) is hidden, never printed
        for match in re.finditer(outing, text):
            assert not re.match(r"[^·]{0,80}?\b3\b", text[match.end() :][:20]), language


def test_a_violation_hidden_in_the_tables_is_named_under_its_chart(tmp_path: Path) -> None:
    """The chart of people by violation leaves out a hidden count: on the walk of stop 21 the
    complement of 2 abductions was "Detention" (120 people), and the published chart showed no
    detention at all, unexplained. The violations left out are named under it."""
    data = ReportInput(cases=CASES, people=45, headline=None, made_on="2026-12-05")
    for language, note, outing in (
        ("en", "Left out of the chart, their number hidden (· in the tables): ", "Forced outing"),
        ("ru", "Не показаны на графике, их число скрыто (· в таблицах): ", "Принудительный аутинг"),
    ):
        text = " ".join(report_pdf_text(data, language, tmp_path).split())
        named = text[text.index(note) + len(note) :].split(".", 1)[0].split(", ")
        assert outing in named  # and whatever else its complement hid (Detention, here)
