"""A table row of the PDF report is never split across two pages. Walking the demo vault
(walkday3, session 22) the Russian area table broke inside the row of «Надтеречный район»:
its figures at the foot of page 2 with no name beside them, the name alone at the top of
page 3, where a reader took it for the next row's. Laid out by WeasyPrint, the renderer the
report is published with, over tables that grow a row at a time so a page break falls inside
rows of two-line district names."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from weasyprint import HTML, Document

from uncounted.model import vocabulary
from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html
from uncounted.web.i18n import Translator

DISTRICTS = [
    "ru-ce-achkhoy-martanovsky",
    "ru-ce-urus-martanovsky",
    "ru-in-sunzhensky",
    "ru-ce-nadterechny",
    "ru-ce-gudermessky",
    "ru-ce-groznensky",
    "ru-ce-itum-kalinsky",
    "ru-ce-galanchozhsky",
]
VIOLATIONS = list(vocabulary.load("event_types"))


def _layout(violations: int) -> Document:
    """The Russian report of six people of each of the first *violations* violations in
    every district, laid out by WeasyPrint."""
    cases = [
        Case(violation, f"{2016 + n % 4}-0{1 + n % 9}", district)
        for violation in VIOLATIONS[:violations]
        for district in DISTRICTS
        for n in range(6)
    ]
    data = ReportInput(cases=cases, people=len(cases), made_on="x")
    return HTML(string=render_html(build(data), Translator("ru"), "ru")).render()


def _text(box: Any) -> str:
    return " ".join(" ".join(box.element.itertext()).split())


def _tagged(box: Any, tag: str) -> list[Any]:
    return [inner for inner in box.descendants() if getattr(inner, "element_tag", None) == tag]


@pytest.mark.parametrize("violations", [5, 6, 7, 8])
def test_no_table_row_is_split_across_pages(violations: int) -> None:
    pages = [_tagged(page._page_box, "tr") for page in _layout(violations).pages]
    for before, after in itertools.pairwise(pages):  # a row split is the same row twice
        assert not before or not after or before[-1].element is not after[0].element, _text(
            after[0]
        )


def test_a_table_carried_over_to_the_next_page_repeats_its_heading() -> None:
    """With five violations the area table runs onto the next page (as the demo's did): its
    first row there is its heading ('Район' and the violations) again, not a district's."""
    first_rows: dict[int, list[str]] = {}
    for page in _layout(5).pages:
        for table in _tagged(page._page_box, "table"):
            first_rows.setdefault(id(table.element), []).append(_text(_tagged(table, "tr")[0]))
    carried = [rows for rows in first_rows.values() if len(rows) > 1]
    assert carried, "no table runs onto a second page: the test shows nothing"
    for rows in carried:
        assert set(rows) == {rows[0]} and rows[0].startswith(("Район", "Нарушение")), rows
