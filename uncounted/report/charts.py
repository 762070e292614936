"""Bar charts as SVG text, rendered on the server: no JavaScript and no external assets.

Labels are escaped here, since the SVG is inserted into pages as markup.
"""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 170
CHART_WIDTH = 520


def bar_chart_svg(title: str, counts: dict[str, int]) -> str:
    """A horizontal bar chart of *counts* with an accessible title; '' when empty."""
    if not counts:
        return ""
    largest = max(counts.values()) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(counts) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" '
        f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(counts.items()):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = max(1, round(bar_space * value / largest))
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" '
            f'font-size="12">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="#0b4f6c"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + BAR_HEIGHT - 5}" '
            f'font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
