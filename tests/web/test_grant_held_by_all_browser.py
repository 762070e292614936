"""In Chromium, ru on a 390 px phone and en at 1280 px: the Grants page offers to grant a case
only to someone who does not hold it yet, and says so where everyone does. Walking the demo
vault (walkday4, session 23), each case held by every user showed «Пользователь» beside an
empty list a few pixels wide and a «Открыть доступ» button that could grant nothing.
Screenshots (grant-held-by-all-*.png) go to $UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import loaded, no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST

pytestmark = pytest.mark.browser

HELD_BY_ALL = {
    "en": "Every user holds this case already.",
    "ru": "Доступ к этому делу уже есть у всех пользователей.",
}


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_case_everyone_holds_has_no_empty_grant_form(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{site}/admin/grants")
    loaded(page)
    rows = page.locator("main table tbody tr")
    held_by_all = rows.filter(has_text="case-a")  # granted to ana and boris, the only users
    expect(held_by_all.locator("form select")).to_have_count(0)
    expect(held_by_all.locator("button")).to_have_count(0)
    expect(held_by_all).to_contain_text(HELD_BY_ALL[language])
    other = rows.filter(has_text="case-b")  # ana's alone: boris may be granted it
    expect(other.locator("form select option")).to_have_text([ANALYST])
    expect(other).not_to_contain_text(HELD_BY_ALL[language])
    no_sideways_scroll(page, width)
    walk_shot(page, f"grant-held-by-all-{language}-{width}.png")
    page.close()
