"""In Chromium, ru on a 390 px phone and en at 1280 px: a table read as cards on a phone draws
no line for a cell with nothing in it. At stop 22 the events list read «Кто это сделал:» and
«Район:» with nothing after them for a testimony naming no perpetrator and no district, and
the audit trail «Подробности:» for an entry without details: a label alone reads as a page
that failed to load. One rule for every such table (``table.cards`` in ``app.css``); a wide
table keeps the empty cell under its column's heading. Screenshots (empty-lines-*.png) go to
$UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import (
    cells_computed_style,
    no_sideways_scroll,
    sign_in_in_language,
    walk_shot,
)
from playwright.sync_api import Browser, Page
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

#: The pages, who reads them, and a label that has an empty cell in the test vault (the
#: records name no district and no perpetrator; signing in is an audit entry with no details).
PAGES = [
    (
        "/events",
        "#events-list",
        ANALYST,
        ANALYST_PASS,
        {"en": "Who did it", "ru": "Кто это сделал"},
    ),
    ("/admin/audit", "#audit-entries", ADMIN, ADMIN_PASS, {"en": "Details", "ru": "Подробности"}),
]


def _empty_cells(page: Page, table: str) -> list[tuple[str, str]]:
    """(label, display) of every cell of *table* with nothing in it, once the page has loaded."""
    return [
        (label, display)
        for label, text, display in cells_computed_style(
            page, f"{table} tbody td[data-label]", "display"
        )
        if text == ""
    ]


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
@pytest.mark.parametrize(("path", "table", "user", "passphrase", "label"), PAGES)
def test_an_empty_cell_is_no_line_of_a_phones_card(
    browser: Browser,
    site: str,
    language: str,
    width: int,
    path: str,
    table: str,
    user: str,
    passphrase: str,
    label: dict[str, str],
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, user, passphrase, language)
    page.goto(site + path)
    empty = _empty_cells(page, table)
    assert label[language] in {name for name, _ in empty}  # the case the test is about
    drawn = {display for _, display in empty}
    assert drawn == ({"none"} if width < 640 else {"table-cell"}), empty
    no_sideways_scroll(page, width)
    walk_shot(page, f"empty-lines-{path.strip('/').replace('/', '-')}-{language}-{width}.png")
    page.close()
