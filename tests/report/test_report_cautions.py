"""The estimate's checks in the report: cautions before the number, in the reader's language,
and no number at all for a refused estimate. Real estimates (the shared data checks on real
capture histories), real WeasyPrint PDFs read back with poppler's pdftotext."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from report_helpers import report_pdf_text

from uncounted.estimate import CaptureHistories, Estimate, estimate
from uncounted.report.disclosure import Case
from uncounted.report.document import HeadlineFigures, ReportInput, build, render_html
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASES = [Case("detention", "2017-03", "north")] * 30 + [Case("killing", "2019-01", "south")] * 12


def _headline(run: Estimate) -> HeadlineFigures:
    serious = tuple(c.sentence for c in run.checks if c.severity.value != "note")
    return HeadlineFigures(
        method=run.method,
        lists=len(run.lists),
        observed=run.observed,
        median=run.median if run.median is not None else run.point,
        q025=run.q025,
        q975=run.q975,
        warnings=tuple(run.warnings),
        chosen_at="2026-12-01",
        cautions=serious,
    )


def _pdf_text(headline: HeadlineFigures, language: str, tmp_path: Path) -> str:
    data = ReportInput(cases=CASES, people=42, headline=headline, made_on="2026-12-05")
    return report_pdf_text(data, language, tmp_path)


def test_a_caution_comes_before_the_number_in_both_languages(tmp_path: Path) -> None:
    # three people on both lists: the shared check cautions (fewer than 7 in the overlap)
    run = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 3]), "chapman")
    headline = _headline(run)
    assert headline.cautions and not headline.refused
    figure = f"{round(headline.median or 0):,}".replace(",", " ")
    for language, lead, warning in (
        ("en", "Estimated victims in all", "Read this before the number"),
        ("ru", "Оценка общего числа пострадавших", "Прочтите это прежде, чем число"),
    ):
        text = _pdf_text(headline, language, tmp_path)
        caution = Translator(language).gettext  # the caution's own words, translated
        first = str(headline.cautions[0].translated(caution))[:40]  # type: ignore[attr-defined]
        assert warning in text and first in text, text[:2000]
        assert text.index(warning) < text.index(first) < text.index(lead), language
        assert figure in text[text.index(lead) :][:80]
        assert "histories.csv" in text  # the methods annex says where to reproduce it


def test_a_refused_estimate_is_not_printed_as_a_number(tmp_path: Path) -> None:
    # nobody on both lists: every method is refused, and the report says so with no figure
    run = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 0]), "chapman")
    headline = _headline(run)
    assert headline.refused
    for language, refusal, lead in (
        ("en", "No estimate is given", "Estimated victims in all"),
        ("ru", "Оценка не приводится", "Оценка общего числа пострадавших"),
    ):
        text = _pdf_text(headline, language, tmp_path)
        assert refusal in text and lead not in text, language
        reason = str(headline.cautions[0].translated(Translator(language).gettext))[:40]  # type: ignore[attr-defined]
        assert reason in text
        assert "—" not in text[text.index(refusal) :][:600], "a dash standing for a number"


def _band(label: str, people: int, figures: tuple[float, float, float] | None) -> dict[str, object]:
    median, low, high = figures or (None, None, None)
    threshold = float(label.split()[1]) if label.startswith("threshold") else None
    return {"label": label, "threshold": threshold, "people": people, "median": median} | {
        "q025": low,
        "q975": high,
    }


def test_the_sensitivity_table_names_each_linkage_setting_in_the_readers_language() -> None:
    """The report's table printed the runs' internal labels ('reviewed', 'unreviewed links
    apart', 'threshold 0.3') in both PDFs, and '—–—' where a setting gave no estimate (seen
    reading the demo's Russian report with pdftotext); the dashboard said it in words."""
    headline = HeadlineFigures(
        method="lcmcr",
        lists=3,
        observed=100,
        median=120.0,
        q025=110.0,
        q975=140.0,
        chosen_at="2026-12-01",
        sensitivity=(
            _band("reviewed", 100, (120.0, 110.0, 140.0)),
            _band("unreviewed links apart", 130, None),
            _band("threshold 0.3", 98, (118.0, 108.0, 139.0)),
        ),
    )
    report = build(ReportInput(cases=CASES, people=42, headline=headline, made_on="2026-12-05"))
    for language, words in (
        ("en", ["as reviewed", "every unreviewed link taken apart", "linkage threshold 0.3"]),
        ("ru", ["как проверено", "все непроверенные связи разорваны", "порог связывания 0.3"]),
    ):
        html = render_html(report, Translator(language).gettext, language)
        table = html.split("<table>")[-1].split("</table>")[0]  # the last table of the report
        rows = [row.split("</td>")[0].split("<td>")[-1] for row in table.split("<tr>")[2:]]
        assert rows == words, language
        assert "—–—" not in html and "<td>—</td><td>—</td>" in table
        # the dash of the setting left out is explained under the table, in this language
        note = html.split('id="sensitivity-missing">')[1].split("</p>")[0]
        assert note.startswith("—: ")
        assert ("cannot carry" if language == "en" else "не позволяют получить оценку") in note
