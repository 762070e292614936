"""Bar charts as SVG text, rendered on the server: no JavaScript and no external assets.

Labels are escaped here, since the SVG is inserted into pages as markup.
"""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 230
CHART_WIDTH = 600
COLUMN_HEIGHT = 160


#: How many characters of a label fit left of the bars: at 12 px on one line, at 10 px on
#: each of two (DejaVu Sans averages about 0.6 em a character, Cyrillic included).
ONE_LINE, TWO_LINES = 30, 36


def _label_lines(label: str) -> list[str]:
    """A label as one line, or two split at the space nearest its middle (long Russian act
    names, "Принуждение к признанию или к выдаче других", were cut off at the chart's left
    edge); a line still too long ends with "…" (the bar's tooltip keeps the whole label)."""
    if len(label) <= ONE_LINE:
        return [label]
    spaces = [i for i, c in enumerate(label) if c == " "]
    if not spaces:
        return [label[: TWO_LINES - 1] + "…"]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    lines = [label[:cut], label[cut + 1 :]]
    return [line if len(line) <= TWO_LINES else line[: TWO_LINES - 1] + "…" for line in lines]


def _label_svg(label: str, y: int) -> str:
    lines = _label_lines(label)
    if len(lines) == 1:
        return (
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" '
            f'font-size="12">{escape(label)}</text>'
        )
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH - 6}" y="{y + 8 + 10 * k}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    return f'<text text-anchor="end" font-size="10">{spans}</text>'


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
            _label_svg(label, y)
            + f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="#0b4f6c"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + BAR_HEIGHT - 5}" '
            f'font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart_svg(title: str, counts: dict[str, int]) -> str:
    """A time series of *counts* (keys in order, e.g. months) as columns; '' when empty.

    Every label is kept in the bar's tooltip; only the first label of each year is printed
    under the axis so that long series stay readable.
    """
    if not counts:
        return ""
    largest = max(counts.values()) or 1
    step = max(4, min(24, (CHART_WIDTH - 40) // len(counts)))
    width = 40 + step * len(counts)
    height = COLUMN_HEIGHT + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="30" y1="{COLUMN_HEIGHT}" x2="{width}" y2="{COLUMN_HEIGHT}" stroke="#888"/>',
        f'<text x="26" y="12" text-anchor="end" font-size="11">{largest}</text>',
    ]
    last_year = ""
    for index, (label, value) in enumerate(counts.items()):
        x = 34 + index * step
        bar = max(1, round((COLUMN_HEIGHT - 10) * value / largest))
        parts.append(
            f'<rect x="{x}" y="{COLUMN_HEIGHT - bar}" width="{max(2, step - 2)}" '
            f'height="{bar}" fill="#0b4f6c"><title>{escape(label)}: {value}</title></rect>'
        )
        year = label[:4]
        if year != last_year:
            last_year = year
            parts.append(
                f'<text x="{x}" y="{COLUMN_HEIGHT + 16}" font-size="11">{escape(year)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
