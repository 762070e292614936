"""The posterior SVG: self-contained, and marks what a reader needs (median and interval)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

from uncounted.estimate import CaptureHistories, Estimate, fit_chapman, fit_dga
from uncounted.estimate.plot import posterior_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#3b6ea5"]


def test_exact_posterior_is_drawn_with_median_and_interval() -> None:
    h = CaptureHistories.from_cells(["A", "B", "C"], [0, 60, 49, 4, 247, 112, 142, 12])
    result = fit_dga(h)
    root = parse(posterior_svg(result, title="Spina bifida <test>"))
    assert len(bars(root)) > 20
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert f"median {result.median:,.0f}" in text
    assert f"95% interval {result.q025:,.0f} to {result.q975:,.0f}" in text
    assert "Spina bifida <test>" in text  # escaped in the file, intact once parsed


def test_draws_are_drawn_as_a_histogram() -> None:
    draws = np.random.default_rng(3).normal(1_000, 50, size=2_000)
    estimate = Estimate(
        "lcmcr",
        ("A", "B", "C"),
        600,
        None,
        float(np.median(draws)),
        float(draws.mean()),
        float(np.quantile(draws, 0.025)),
        float(np.quantile(draws, 0.975)),
        draws=draws,
    )
    root = parse(posterior_svg(estimate))
    assert 20 <= len(bars(root)) <= 40


def test_an_estimate_without_a_distribution_still_shows_its_interval() -> None:
    two = CaptureHistories.from_cells(["A", "B"], [0, 30, 40, 10])
    root = parse(posterior_svg(fit_chapman(two)))
    assert not bars(root)
    assert "estimate 189" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_a_stored_picture_is_shown_in_the_readers_language() -> None:
    """The vault keeps the picture in English; the web shows it in Russian by rewriting its
    words, and that gives exactly the picture drawn in Russian: figures kept, no English."""
    from uncounted.estimate.plot import WORDS, in_language
    from uncounted.web.i18n import Translator

    h = CaptureHistories.from_cells(["A", "B", "C"], [0, 60, 49, 4, 247, 112, 142, 12])
    two = CaptureHistories.from_cells(["A", "B"], [0, 30, 40, 10])
    russian = {key: Translator("ru").gettext(template) for key, template in WORDS.items()}
    for result in (fit_dga(h), fit_chapman(two)):
        stored = posterior_svg(result)
        shown = in_language(stored, russian)
        assert shown == posterior_svg(result, words=russian)
        text = " ".join(t.text or "" for t in parse(shown).iter(f"{SVG}text"))
        centre = "медиана" if result.median is not None else "оценка"
        assert f"{centre} {(result.median or result.point or 0):,.0f}" in text
        assert f"95% интервал от {result.q025:,.0f} до {result.q975:,.0f}" in text
        for english in ("median", "documented", "interval", "total number of people"):
            assert english not in text, english
        assert in_language(stored, dict(WORDS)) == stored
