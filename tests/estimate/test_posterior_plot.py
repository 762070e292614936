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
