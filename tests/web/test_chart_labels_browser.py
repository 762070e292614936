"""Charts read in Chromium: the long Russian act names ("Принуждение к признанию или к выдаче
других") were cut off at the chart's left edge on the Russian dashboard, and on a phone the
charts, drawn 600 px wide, were shrunk to fit 390 px and their labels read at 7 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import content_width, no_sideways_scroll
from playwright.sync_api import Browser, Page

import uncounted.web
from uncounted.estimate import CaptureHistories, estimate
from uncounted.estimate.plot import posterior_svg
from uncounted.model import vocabulary
from uncounted.report.charts import CHART_WIDTH, bar_chart_svg, column_chart_svg

pytestmark = pytest.mark.browser

STYLESHEET = Path(uncounted.web.__file__).parent / "static" / "app.css"


def _act_labels(language: str) -> dict[str, int]:
    acts = vocabulary.load("act_types")
    return {str(acts.label(code, language)): 10 + k for k, code in enumerate(acts)}


def _texts(page: Page) -> list[list[object]]:
    """Every text of the page's charts: [words, left, top, right, bottom] on the screen, the
    chart's box, and the size its letters are drawn at in CSS pixels."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('svg text')].map(t => {
                const b = t.getBoundingClientRect();
                const chart = t.ownerSVGElement.getBoundingClientRect();
                const size = parseFloat(getComputedStyle(t).fontSize);
                const drawn = size * t.getScreenCTM().a;
                return [t.textContent, b.left, b.top, b.right, b.bottom,
                        [chart.left, chart.right], drawn];
            })"""
        )
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_act_label_is_drawn_inside_the_chart(browser: Browser, language: str) -> None:
    labels = _act_labels(language)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_content(f"<!doctype html><html><body>{bar_chart_svg('acts', labels)}</body></html>")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('svg > text')].map(t => {
            const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width]; })"""
    )
    page.close()
    assert len(boxes) >= len(labels)
    for text, left, right in boxes:
        assert left >= 0, f"{text!r} starts {left:.0f} px left of the chart"
        assert right <= CHART_WIDTH, text
    shown = " ".join(text for text, _, _ in boxes)
    assert "Принуждение к признанию" in shown or language == "en"


def test_the_dashboards_charts_read_on_a_phone_in_russian(browser: Browser) -> None:
    """At 390 px, with the app's stylesheet, a month chart of five years and a bar chart of
    every act in Russian: each label and number is drawn at 11 px or more, inside its chart,
    none over another, and the page does not scroll sideways."""
    months = {f"{y}-{m:02d}": y % 7 + m for y in range(2016, 2021) for m in range(1, 13)}
    charts = [
        column_chart_svg("Люди по месяцам", {"2015-12": 3, **months}),
        bar_chart_svg("Люди по тому, что с ними сделали", _act_labels("ru")),
    ]
    figures = "".join(f"<figure>{svg}</figure>" for svg in charts)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_content(
        '<!doctype html><html lang="ru"><head><meta name="viewport" content="width=device-width,'
        f' initial-scale=1"></head><body><main><div class="charts">{figures}</div></main></body>'
        "</html>"
    )
    page.add_style_tag(content=STYLESHEET.read_text(encoding="utf-8"))
    page.wait_for_load_state("load")
    texts = _texts(page)
    no_sideways_scroll(page, 390)
    page.close()
    assert len(texts) > len(_act_labels("ru")) * 2
    for words, left, _, right, _, (chart_left, chart_right), drawn in texts:
        assert drawn >= 11, f"{words!r} drawn at {drawn:.1f} px"
        assert chart_left - 0.5 <= left and right <= chart_right + 0.5, f"{words!r} cut off"
    for i, (words, left, top, right, bottom, *_) in enumerate(texts):
        for other in texts[i + 1 :]:
            apart = right <= other[1] or other[3] <= left or bottom <= other[2] or other[4] <= top
            assert apart, f"{words!r} drawn over {other[0]!r}"


def test_the_estimates_plot_reads_on_a_phone(browser: Browser) -> None:
    """The analysis page's plot of the estimate (640 px wide) was shrunk to fit 390 px and its
    words ('median', '95% interval', the axis) read at 6 px; on a phone it keeps its size and
    scrolls sideways inside its frame, and the page itself does not."""
    run = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 9]), "chapman")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_content(
        '<!doctype html><html><head><meta name="viewport" content="width=device-width,'
        ' initial-scale=1"></head><body><main><figure class="posterior"><figcaption>N'
        f"</figcaption>{posterior_svg(run)}</figure></main></body></html>"
    )
    page.add_style_tag(content=STYLESHEET.read_text(encoding="utf-8"))
    page.wait_for_load_state("load")
    texts = _texts(page)
    frame = content_width(page, "figure.posterior")
    no_sideways_scroll(page, 390)
    page.close()
    assert texts and frame > 390  # it scrolls inside its frame
    for words, *_, drawn in texts:
        assert drawn >= 11, f"{words!r} drawn at {drawn:.1f} px"
