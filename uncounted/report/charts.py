"""Bar charts as SVG text, rendered on the server: no JavaScript and no external assets.

Labels are escaped here, since the SVG is inserted into pages as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from uncounted.messages import N_, Catalogue, Gettext, Message

#: The chart's own width: a phone's column (390 px less the page's margins) draws it at its
#: own size, so 12 px text stays 12 px. Drawn 600 wide with the labels left of the bars, it
#: was scaled down to 0.6 on a phone and its labels read at 7 px (seen on the dashboard at
#: 390 px); a wider screen shows it at this size too.
CHART_WIDTH = 360
FONT = 12
#: A bar's label sits on its own line above the bar, the whole chart wide.
LABEL_LINE = 15
BAR_HEIGHT = 14
GAP = 8
#: Room right of the longest bar for its number ("1234" at 12 px).
VALUE_ROOM = 44
COLUMN_HEIGHT = 160
#: A year under the time axis ("2017" at 12 px, about 29 px wide).
YEAR_WIDTH = 30

#: How many characters of a label fit on one line across the chart at 12 px (DejaVu Sans
#: averages about 0.6 em a character, Cyrillic included); a longer one takes two lines.
LINE_CHARS = 48


def _label_lines(label: str, chars: int = LINE_CHARS) -> list[str]:
    """A label as one line, or two split at the last space that leaves the first line short
    enough (long Russian act names, "Принуждение к признанию или к выдаче других"); a line
    still too long ends with "…" (the bar's tooltip keeps the whole label)."""
    if len(label) <= chars:
        return [label]
    spaces = [i for i, c in enumerate(label) if c == " " and i <= chars]
    if not spaces:
        return [label[: chars - 1] + "…"]
    lines = [label[: spaces[-1]], label[spaces[-1] + 1 :]]
    return [line if len(line) <= chars else line[: chars - 1] + "…" for line in lines]


def _label_svg(lines: list[str], y: int) -> str:
    spans = "".join(
        f'<tspan x="0" y="{y + LABEL_LINE * (k + 1) - 3}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    return f'<text font-size="{FONT}">{spans}</text>'


def bar_chart_svg(title: str, counts: dict[str, int], in_order: bool = False) -> str:
    """A horizontal bar chart of *counts* with an accessible title; '' when empty. Each bar
    has its label on the line above it and its number at its end; bars run largest first
    (equal ones in the order given), or in the order given when *in_order* (the report's
    violations, in the order of its tables: "Other violations" last)."""
    if not counts:
        return ""
    largest = max(counts.values()) or 1
    bar_space = CHART_WIDTH - VALUE_ROOM
    ordered = list(counts.items()) if in_order else sorted(counts.items(), key=lambda i: -i[1])
    rows = [(label, value, _label_lines(label)) for label, value in ordered]
    height = sum(LABEL_LINE * len(lines) + BAR_HEIGHT + GAP for _, _, lines in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" '
        f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    y = 0
    for label, value, lines in rows:
        top = y + LABEL_LINE * len(lines)
        width = max(1, round(bar_space * value / largest))
        parts.append(
            _label_svg(lines, y) + f'<rect x="0" y="{top}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="#0b4f6c"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{width + 4}" y="{top + BAR_HEIGHT - 2}" '
            f'font-size="{FONT}">{value}</text>'
        )
        y = top + BAR_HEIGHT + GAP
    parts.append("</svg>")
    return "".join(parts)


def column_chart_svg(title: str, counts: Mapping[str, int | None], hidden: str = "") -> str:
    """A time series of *counts* by month ("YYYY-MM" keys) as columns; '' when empty.

    Every month from the first to the last keeps its place on the time axis (:func:`months_axis`):
    a month with no people has no column, and a month whose number is hidden (None) is marked
    by an empty box on the axis, which a legend under the chart names with the words *hidden*.
    Closed up, the month chart of a report ran two waves together and a reader misread when
    people were detained (walkday7). Every label is kept in the column's tooltip; only the first
    label of each year is printed under the axis, where there is room for it, so that long
    series stay readable. However many months, the chart is :data:`CHART_WIDTH` wide at most
    (narrower columns instead).
    """
    if not counts:
        return ""
    axis = months_axis(counts)
    largest = max((v for v in axis.values() if v is not None), default=0) or 1
    step = min(24.0, (CHART_WIDTH - 40) / len(axis))
    column = round(step - min(2.0, step / 4), 2)
    width = min(CHART_WIDTH, round(40 + step * len(axis)))
    marked = any(v is None for v in axis.values())
    legend = _label_lines(hidden or "·", LINE_CHARS - 2) if marked else []
    height = COLUMN_HEIGHT + 40 + LABEL_LINE * len(legend)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="32" y1="{COLUMN_HEIGHT}" x2="{width}" y2="{COLUMN_HEIGHT}" stroke="#888"/>',
        f'<text x="30" y="12" text-anchor="end" font-size="{FONT}">{largest}</text>',
    ]
    starts: dict[str, float] = {}
    for index, (label, value) in enumerate(axis.items()):
        x = round(34 + index * step, 2)
        starts.setdefault(label[:4], x)
        if value is None:
            parts.append(_hidden_mark(x, COLUMN_HEIGHT - HIDDEN_MARK - 1, column, f"{label}: ·"))
        elif value:
            bar = max(1, round((COLUMN_HEIGHT - 10) * value / largest))
            parts.append(
                f'<rect x="{x}" y="{COLUMN_HEIGHT - bar}" width="{column}" '
                f'height="{bar}" fill="#0b4f6c"><title>{escape(label)}: {value}</title></rect>'
            )
    parts.extend(
        f'<text x="{x}" y="{COLUMN_HEIGHT + 16}" font-size="{FONT}">{escape(year)}</text>'
        for year, x in _years_with_room(starts, width)
    )
    if legend:
        top = COLUMN_HEIGHT + 28
        parts.append(_hidden_mark(0, top + 2, 12, hidden or "·"))
        spans = "".join(
            f'<tspan x="18" y="{top + LABEL_LINE * (k + 1) - 3}">{escape(line)}</tspan>'
            for k, line in enumerate(legend)
        )
        parts.append(f'<text font-size="{FONT}" class="chart-legend">{spans}</text>')
    parts.append("</svg>")
    return "".join(parts)


#: The height of the empty box that marks a hidden month on the axis: a mark, not a column,
#: so it says nothing of the month's number (hidden also when large, to protect a small one).
HIDDEN_MARK = 9


def _hidden_mark(x: float, y: float, width: float, tooltip: str) -> str:
    """An empty box (a path, not a rect: the report's stylesheet fills every rect)."""
    return (
        f'<path d="M{x} {y}h{width}v{HIDDEN_MARK}h{-width}z" fill="none" stroke="#0b4f6c" '
        f'stroke-width="1.5" class="hidden-month"><title>{escape(tooltip)}</title></path>'
    )


#: A month further than this from every other documented month is left off the month chart's
#: time axis (:func:`chart_span`): one mistyped year (1917 for 2017) stretched the chart over
#: a century, a column less than a pixel wide (reportux4). Ten years, so that the waves of one
#: campaign (2017, and again from December 2018) stay on one axis.
FAR_MONTHS = 120


def chart_span(
    counts: Mapping[str, int | None],
) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """*counts* by month ("YYYY-MM") split into those the month chart draws and those it
    leaves off, for the page to name: the months fall into runs, each month within
    :data:`FAR_MONTHS` of the one before; the chart draws the run with the most people
    shown (a hidden month counts as none, so the choice gives no hidden number away; equal
    ones: the later run). A key that is no month stays on the chart."""
    months = sorted(k for k in counts if _MONTH.fullmatch(k))
    runs: list[list[str]] = []
    for month in months:
        if runs and _months_from(runs[-1][-1], month) <= FAR_MONTHS:
            runs[-1].append(month)
        else:
            runs.append([month])
    if len(runs) < 2:
        return dict(counts), {}
    drawn = max(reversed(runs), key=lambda run: sum(counts[m] or 0 for m in run))
    left = {m: counts[m] for run in runs if run is not drawn for m in run}
    return {k: v for k, v in counts.items() if k not in left}, left


#: The one sentence naming the months the month chart leaves off (:func:`chart_span`), on
#: the dashboard and under the report's chart: they had a wording each (smallux6 kept the
#: report's, without its "as in the tables", which the dashboard has not).
FAR_MONTHS_NOTE = N_(
    "left off the chart, more than {years} years from the other months documented (a date"
    " may be mistyped: the records are worth checking); each month with its people: {months}"
)


def months_listed(months: Mapping[str, int | None]) -> str:
    """*months* as a page names them, in order: "1917-03 (2), 1917-04 (·)", a hidden month's
    number "·" as the tables give it."""
    return ", ".join(f"{m} ({'·' if v is None else v})" for m, v in sorted(months.items()))


def far_months_note(far: Mapping[str, int | None], words: Gettext | Catalogue) -> str:
    """The sentence naming the months *far* that :func:`chart_span` left off the chart, in
    *words*' language; none when it left none off."""
    if not far:
        return ""
    note = Message(FAR_MONTHS_NOTE, years=FAR_MONTHS // 12, months=months_listed(far))
    return note.translated(words)


def _months_from(first: str, last: str) -> int:
    """How many months *last* ("YYYY-MM") is after *first*."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:])


def months_axis(counts: Mapping[str, int | None]) -> dict[str, int | None]:
    """*counts* by month with every month between the first and the last in its place (0 for
    a month nobody was documented in), in order. A key that is no "YYYY-MM" month (a year
    given alone) keeps its sorted place among them."""
    axis: dict[str, int | None] = {}
    for key in sorted(counts):
        if _MONTH.fullmatch(key) and axis:
            last = next((k for k in reversed(axis) if _MONTH.fullmatch(k)), None)
            for month in _months_between(last, key):
                axis[month] = 0
        axis[key] = counts[key]
    return axis


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _months_between(first: str | None, last: str) -> list[str]:
    """The months strictly between *first* and *last* ("YYYY-MM"; none when *first* is None)."""
    if first is None:
        return []
    year, month = int(first[:4]), int(first[5:])
    end = (int(last[:4]), int(last[5:]))
    between: list[str] = []
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if (year, month) >= end:
            return between
        between.append(f"{year:04d}-{month:02d}")


def _years_with_room(starts: dict[str, float], width: int) -> list[tuple[str, float]]:
    """The years to print under the time axis, each at its first column: a year whose
    columns leave no room for its label before the next year's (a series starting in
    December) is left out, so that the next, whole year is printed; so is a last year too
    near the chart's right edge."""
    years = list(starts.items())
    kept = []
    for (year, x), following in zip(years, [*years[1:], None], strict=True):
        room = (following[1] if following else width) - x
        if room >= YEAR_WIDTH + 12 or (following is None and x <= width - YEAR_WIDTH):
            kept.append((year, x))
    return kept
