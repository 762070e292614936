"""In Chromium, in Russian, at 390 px: a record's history keeps a corrected date on one line.

Walking the caseworker's next-day correction (walkday8), the history's table of changes drew
the mistyped and the corrected event date broken at a hyphen, «2071-03-/25» over «2017-03-/25»:
the two dates a tired caseworker compares are the ones torn apart. Synthetic people only.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import loaded, no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import records, vaults

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MISTYPED, CORRECTED = "2071-03-25", "2017-03-25"


def _drawn(date: str) -> re.Pattern[str]:
    """*date* as the page may draw it: its hyphens plain or no-break (U+2011)."""
    return re.compile(date.replace("-", "[-\u2011]"))


def _lines(page: Page, selector: str) -> int:
    """How many lines the page draws the element *selector* over, once it has loaded."""
    loaded(page)
    return int(
        page.locator(selector).evaluate(
            "e => new Set([...e.getClientRects()].filter(r => r.width > 0)"
            ".map(r => Math.round(r.top))).size"
        )
    )


def test_a_corrected_date_is_drawn_whole_in_the_history(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        record = records.create_record(
            admin,
            records.RecordDraft(
                case="case-a",
                source="hotline",
                event_type="detention",
                event_month=MISTYPED[:7],
                analytic={"role": "victim"},
                identity={"name": "Руслан Датов", "event_date": MISTYPED},  # synthetic
            ),
        )
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, "ru")
    page.goto(f"{site}/records/{record}/edit")
    page.locator("#event_date").fill(CORRECTED)
    page.locator("#reason").fill("год набран с ошибкой")
    page.locator("form.intake p.actions button[type=submit]").click()
    page.wait_for_url(f"{site}/records/{record}/history")
    row = "tr[data-field='event_date']"
    expect(page.locator(f"{row} del")).to_have_text(_drawn(MISTYPED))
    expect(page.locator(f"{row} ins")).to_have_text(_drawn(CORRECTED))
    walk_shot(page, "history-dates-ru-390.png")
    assert (_lines(page, f"{row} del"), _lines(page, f"{row} ins")) == (1, 1)
    no_sideways_scroll(page, PHONE["width"])
    page.close()
