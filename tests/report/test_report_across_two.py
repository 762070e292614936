"""Counts of records two reports print beside their headline, read together by the
differencing attacker of ``disclosure_attacker`` (two reports a month apart), from the real
PDF (WeasyPrint, pdftotext) in English and Russian.

Report No. 1 (95 people: 45 detentions in Vedeno and 20 killings in Argun in 2017, 30
detentions in Argun in 2019) and report No. 2, 3 detentions of June 2017 more, print the same
chosen estimate. Each figure the brief names is either audited across the two reports or
shown to be unable to narrow a hidden cell, one test per figure.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from disclosure_attacker import check_safe
from report_helpers import report_pdf_text

from uncounted.report.disclosure import Case, Publication, Rules
from uncounted.report.document import EstimateBehind, HeadlineFigures, ReportInput, build

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

BEFORE = (
    [Case("detention", "2017-03", "north")] * 45
    + [Case("killing", "2017-04", "south")] * 20
    + [Case("detention", "2019-01", "south")] * 30
)
AFTER = BEFORE + [Case("detention", "2017-06", "north")] * 3
MADE_AT = "2026-11-01T10:00:00"
HEADLINE = HeadlineFigures(
    method="dga",
    lists=3,
    observed=95,
    median=140.0,
    q025=110.0,
    q975=210.0,
    chosen_at="2026-11-01",
    made_at=MADE_AT,
)
BEHIND = {
    "en": r"; (\S+) records? (?:was|were) added or changed since",
    "ru": r"; после неё (?:добавлена|добавлены|добавлено) или (?:изменена|изменены|изменено) (\S+)",
}


def _first() -> Publication:
    data = ReportInput(cases=BEFORE, people=95, headline=HEADLINE, made_on="2026-11-05")
    report = build(data)
    previous = report.publication
    previous.made_on, previous.fingerprint, previous.number = "2026-11-05", report.fingerprint, 1
    return previous


def _as_printed(publication: Publication, behind: int | None) -> Publication:
    """The cells a reader holds: the tables and the headline, and the records added since the
    estimate as the report printed them (absent: none, 0)."""
    cells = {c: v for c, v in publication.cells.items() if c[:2] != ("beside", "behind")}
    return Publication({**cells, ("beside", "behind", MADE_AT): behind}, [])


def test_records_added_since_the_estimate_give_no_hidden_month_away(tmp_path: Path) -> None:
    """Report No. 1 printed no caution (no record since the estimate: 0), report No. 2 "3
    records were added or changed since": each record adds one person at most, so the hidden
    people documented are at most 95 + 3, the year 2017 at most 68 beside 2019's 30, and the
    3 detentions of June 2017 are worked out to be under 5. The count is audited with the
    report before when both print the same estimate: hidden ("·") here."""
    previous = _first()
    headline = replace(HEADLINE, behind=EstimateBehind(MADE_AT, 3))
    data = ReportInput(cases=AFTER, people=98, headline=headline, made_on="2026-12-05")
    report = build(data, previous=previous)
    assert report.people() == "·"
    printed: dict[str, str] = {}
    for language in ("en", "ru"):
        text = report_pdf_text(data, language, tmp_path, previous)
        found = re.search(BEHIND[language], text)
        assert found, (language, text)
        printed[language] = found.group(1)
    assert printed == {"en": "·", "ru": "·"}, printed
    figures = {**report.publication.figures, ("beside", "behind", MADE_AT): 3}
    before = {**previous.figures, ("beside", "behind", MADE_AT): 0}
    check_safe(
        [(_as_printed(previous, 0), before), (_as_printed(report.publication, None), figures)],
        Rules(),
    )
    shown = _as_printed(report.publication, 3)  # as main printed it
    with pytest.raises(AssertionError, match=r"shown to be small|narrowed"):
        check_safe([(_as_printed(previous, 0), before), (shown, figures)], Rules())


def test_records_not_yet_linked_are_audited_in_both_reports() -> None:
    """A vault nobody linked: each record not yet linked is one person, so report No. 2's
    "98 records not yet linked" is its hidden headline. The count is a cell of each report's
    audit (hidden with the headline), and the earlier report's figures join the attacker's
    system, so the difference of the two (95, then ·) narrows nothing."""
    first = build(ReportInput(cases=BEFORE, people=95, records=95, unplaced_records=95))
    data = ReportInput(cases=AFTER, people=98, records=98, unplaced_records=98)
    second = build(data, previous=first.publication)
    cells = second.publication.cells
    assert cells[("beside", "unplaced")] is None and cells[("beside", "records")] is None
    assert first.publication.cells[("beside", "unplaced")] == 95
    check_safe(
        [
            (first.publication, first.publication.figures),
            (second.publication, second.publication.figures),
        ],
        Rules(),
    )


def test_links_not_yet_reviewed_are_audited_in_both_reports() -> None:
    """A vault linked and not yet reviewed: 143 records, 48 links, 95 people (143 - 48), then
    148 records and 50 links. The links were printed in full beside a hidden headline (148 -
    50 gave its 98, tests/report/test_report_hidden_headline.py on a real vault); they are a
    cell of each report's audit, hidden with it, and nothing narrows across the two."""
    first = build(ReportInput(cases=BEFORE, people=95, records=143, unreviewed_links=48))
    data = ReportInput(cases=AFTER, people=98, records=148, unreviewed_links=50)
    second = build(data, previous=first.publication)
    assert second.people() == "·"
    assert second.beside("links", 50) == "·" or second.beside("records", 148) == "·"
    check_safe(
        [
            (first.publication, first.publication.figures),
            (second.publication, second.publication.figures),
        ],
        Rules(),
    )
