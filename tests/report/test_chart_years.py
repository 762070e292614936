"""The month chart's years: a series starting in November printed '2016' and left out '2017',
the year of the wave, for want of room (seen in the report's PDF); a year too short for its
label gives way to the next, and every year printed has room before the next."""

from __future__ import annotations

import itertools
import re

from uncounted.report.charts import CHART_WIDTH, YEAR_WIDTH, column_chart_svg

WAVES = {f"{y}-{m:02d}": 5 for y in range(2017, 2021) for m in range(1, 13)}


def _years(counts: dict[str, int]) -> list[tuple[str, float]]:
    svg = column_chart_svg("months", counts)
    return [(year, float(x)) for x, year in re.findall(r'<text x="([\d.]+)"[^>]*>(\d{4})<', svg)]


def test_a_year_too_short_for_its_label_gives_way_to_the_next() -> None:
    years = _years({"2016-11": 3, "2016-12": 4, **WAVES})
    assert [year for year, _ in years] == ["2017", "2018", "2019", "2020"]


def test_every_year_printed_has_room_and_stays_inside_the_chart() -> None:
    for counts in ({"2015-12": 1, **WAVES}, {**WAVES, "2021-01": 2}, WAVES):
        years = _years(counts)
        assert years
        for (_, x), (_, after) in itertools.pairwise(years):
            assert after - x >= YEAR_WIDTH + 12
        assert years[-1][1] + YEAR_WIDTH <= CHART_WIDTH
