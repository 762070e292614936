"""A small self-contained SVG of an estimate: the distribution of N, its median and interval.

Written by hand (no plotting library, no external font, no script) so that the same picture
can be saved by the command line and embedded by the web application, which serves nothing
from outside. The x-axis stops where the distribution has become negligible (its 99.5%
point), not at the end of a grid that may be many times wider.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from html import escape

import numpy as np
import numpy.typing as npt

from uncounted.estimate.result import Estimate

#: The picture's words, as templates; :func:`posterior_svg` takes them in another language
#: (the web app passes its translations), :func:`in_language` rewrites a stored picture.
WORDS: dict[str, str] = {
    "title": "Estimated total N ({method}), {observed} documented",
    "axis": "total number of people N (documented and undocumented)",
    "documented": "documented {value}",
    "median": "median {value}",
    "estimate": "estimate {value}",
    "interval": "95% interval {low} to {high}",
}

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 36, 48
_BINS = 120


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick positions spanning ``low..high``."""
    span = max(high - low, 1.0)
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + k * step for k in range(int((high - first) / step) + 1)]


def _density(estimate: Estimate) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Bin edges and the probability in each bin, from the posterior or the draws."""
    if estimate.posterior is not None:
        grid, probs = estimate.posterior
        cdf = np.cumsum(probs)
        high = float(grid[min(int(np.searchsorted(cdf, 0.995)), len(grid) - 1)])
        low = float(grid[0])
        edges = np.linspace(low - 0.5, max(high, low + 1) + 0.5, _BINS + 1)
        weights, _ = np.histogram(grid, bins=edges, weights=probs)
        return edges, weights.astype(np.float64)
    if estimate.draws is not None and len(estimate.draws):
        draws = np.asarray(estimate.draws, dtype=np.float64)
        low, high = float(draws.min()), float(np.quantile(draws, 0.995))
        edges = np.linspace(low, max(high, low + 1), 41)
        counts, _ = np.histogram(draws, bins=edges)
        return edges, counts / max(len(draws), 1)
    return np.array([]), np.array([])


def posterior_svg(
    estimate: Estimate, title: str | None = None, words: Mapping[str, str] | None = None
) -> str:
    """The SVG document (a string) of the estimate's distribution of N.

    Bars: the posterior (or the histogram of draws or bootstrap replicates); shaded band:
    the 95% interval; solid line: the median (or the point estimate); dashed line: the
    number observed. *words* are :data:`WORDS` in the reader's language (default English).
    """
    said = {**WORDS, **(words or {})}
    edges, mass = _density(estimate)
    centre = estimate.median if estimate.median is not None else estimate.point
    marks = (estimate.q025, estimate.q975, centre, float(estimate.observed))
    span = [float(v) for v in marks if v is not None]
    if len(edges):
        span += [float(edges[0]), float(edges[-1])]
    low, high = min(span), max(span)
    high = max(high * 1.02, low + 1.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(value: float) -> float:
        return LEFT + (value - low) / (high - low) * plot_w

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title or _default_title(estimate, said))}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
    ]
    if estimate.q025 is not None and estimate.q975 is not None:
        left, right = x(estimate.q025), x(estimate.q975)
        parts.append(
            f'<rect x="{left:.1f}" y="{TOP}" width="{max(right - left, 1):.1f}" '
            f'height="{plot_h}" fill="#dbe8f5"/>'
        )
    if len(mass) and mass.max() > 0:
        scale = plot_h / float(mass.max())
        for k, value in enumerate(mass):
            if value <= 0:
                continue
            bar_left, bar_right = x(float(edges[k])), x(float(edges[k + 1]))
            height = value * scale
            parts.append(
                f'<rect x="{bar_left:.1f}" y="{TOP + plot_h - height:.1f}" '
                f'width="{max(bar_right - bar_left, 0.5):.1f}" height="{height:.1f}" '
                'fill="#3b6ea5"/>'
            )
    parts += _axes(low, high, x, plot_h, said)
    parts += _markers(estimate, centre, x, plot_h, said)
    parts.append(
        f'<text x="{LEFT}" y="{TOP - 14}" font-size="14">'
        f"{escape(title or _default_title(estimate, said))}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _default_title(estimate: Estimate, said: Mapping[str, str]) -> str:
    return said["title"].format(method=estimate.method, observed=f"{estimate.observed:,}")


def _axes(
    low: float, high: float, x: Callable[[float], float], plot_h: int, said: Mapping[str, str]
) -> list[str]:
    base = TOP + plot_h
    parts = [
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="black"/>',
    ]
    for tick in _nice_ticks(low, high):
        if not low <= tick <= high:
            continue
        position = x(tick)
        parts.append(
            f'<line x1="{position:.1f}" y1="{base}" x2="{position:.1f}" y2="{base + 5}" '
            'stroke="black"/>'
        )
        parts.append(
            f'<text x="{position:.1f}" y="{base + 18}" text-anchor="middle">{tick:,.0f}</text>'
        )
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
        f"{escape(said['axis'])}</text>"
    )
    return parts


def _markers(
    estimate: Estimate,
    centre: float | None,
    x: Callable[[float], float],
    plot_h: int,
    said: Mapping[str, str],
) -> list[str]:
    parts = []
    observed = x(float(estimate.observed))
    parts.append(
        f'<line x1="{observed:.1f}" y1="{TOP}" x2="{observed:.1f}" y2="{TOP + plot_h}" '
        'stroke="#555" stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<text x="{observed + 4:.1f}" y="{TOP + plot_h - 4}" fill="#555">'
        f"{escape(said['documented'].format(value=f'{estimate.observed:,}'))}</text>"
    )
    if centre is not None:
        position = x(centre)
        label = said["median" if estimate.median is not None else "estimate"]
        parts.append(
            f'<line x1="{position:.1f}" y1="{TOP}" x2="{position:.1f}" y2="{TOP + plot_h}" '
            'stroke="#b22222" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{position + 4:.1f}" y="{TOP + 12}" fill="#b22222">'
            f"{escape(label.format(value=f'{centre:,.0f}'))}</text>"
        )
    if estimate.q025 is not None and estimate.q975 is not None:
        low_end, high_end = estimate.q025, estimate.q975
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{TOP - 2}" text-anchor="end" fill="#3b6ea5">'
            + escape(said["interval"].format(low=f"{low_end:,.0f}", high=f"{high_end:,.0f}"))
            + "</text>"
        )
    return parts


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching *template* as drawn in English, its fields captured."""
    parts = re.split(r"\{(\w+)\}", escape(template))
    body = "".join(
        f"(?P<{part}>[^<]*?)" if k % 2 else re.escape(part) for k, part in enumerate(parts)
    )
    return re.compile(f">{body}<")


def in_language(svg: str, words: Mapping[str, str]) -> str:
    """A picture drawn by :func:`posterior_svg` in English (as the vault stores it) with its
    words in another language: each English phrase is replaced by *words*' template with the
    same figures, so a stored run is shown in the reader's language without drawing it
    again. Anything else in the picture is left as it is."""
    for key, template in WORDS.items():
        wanted = words.get(key)
        if not wanted or wanted == template:
            continue

        def swap(match: re.Match[str], wanted: str = wanted) -> str:
            return ">" + escape(wanted).format(**match.groupdict()) + "<"

        svg = _pattern(template).sub(swap, svg)
    return svg
