"""The report's violation chart runs largest first, as the dashboard's charts do: it was in
the order of the violations' codes (seen in the PDF read back with pdftotext)."""

from __future__ import annotations

import re

from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html
from uncounted.web.i18n import Translator

CASES = (
    [Case("detention", "2017-03", "north")] * 12
    + [Case("killing", "2017-03", "south")] * 20
    + [Case("torture", "2017-04", "north")] * 30
)


def test_the_violation_chart_runs_largest_first() -> None:
    data = ReportInput(cases=CASES, people=62, made_on="x")
    html = render_html(build(data), Translator("en"), "en")
    chart = html.split("<title>Documented people by violation</title>", 1)[1].split("</svg>")[0]
    bars = [int(n) for n in re.findall(r"<title>[^<]*: (\d+)</title></rect>", chart)]
    assert bars == [30, 20, 12]
