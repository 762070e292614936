"""In Chromium, in English at 1280 px: the import's preview of a list wider than the page says
that it scrolls sideways, as it does on a phone (walkday8).

Walking the analyst's import of a second list on a desktop, the preview's last columns were
cut at the edge of the page with nothing said: on a screen wider than 40rem the table was no
scrolling box of its own, so the script that shows the sentence measured a table that fitted
itself while its frame cut it. Synthetic people only.
"""

from __future__ import annotations

import pytest
from browser_helpers import cut_sideways, page_width, send_list, sign_in, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
HEADER = (
    "record_id,name,name_original,birth_date,age,sex,place,event_date,event_type,role,"
    "contact,address,testimony\n"
)
ROW = (
    "w-{n},Тестов Адам Русланович {n},Testov Adam Ruslanovich {n},1990-03-05,27,male,Грозный,"
    "2017-03-12,detention,victim,+7 900 000 00 0{n},ул. Вымышленная 1{n},Забрали ночью у дома\n"
)  # synthetic


def test_a_wide_preview_on_a_desktop_says_it_scrolls(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, site, ADMIN, ADMIN_PASS)
    send_list(
        page, site, "wide-list", "wide.csv", HEADER + "".join(ROW.format(n=n) for n in (1, 2))
    )
    expect(page.locator("#import-preview")).to_be_visible()
    # the list is wider than the page: the premise of this test
    assert cut_sideways(page, "#import-preview")
    expect(page.locator("#import-preview-swipe")).to_be_visible()
    walk_shot(page, "import-preview-wide-en-1280.png")
    assert page_width(page) <= DESKTOP["width"]
    page.close()
