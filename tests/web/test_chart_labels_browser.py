"""Bar charts' labels stay inside the chart in Chromium: the long Russian act names
("Принуждение к признанию или к выдаче других") were cut off at the chart's left edge on the
Russian dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from uncounted.model import vocabulary
from uncounted.report.charts import bar_chart_svg

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_act_label_is_drawn_inside_the_chart(browser: Browser, language: str) -> None:
    acts = vocabulary.load("act_types")
    labels = {str(acts.label(code, language)): 10 + k for k, code in enumerate(acts)}
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
        assert right <= 600, text
    shown = " ".join(text for text, _, _ in boxes)
    assert "Принуждение к признанию" in shown or language == "en"
