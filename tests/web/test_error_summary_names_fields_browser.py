"""In Chromium, in Russian, at 390 px: a refused testimony's error summary says which field
each reason is about, as the form labels it (walkday8).

Walking a hotline call typed in haste, the summary at the top read "Заполните это поле."
twice and an age's reason, each a link to a field three screens below: nothing said which.
Synthetic people only.
"""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_error_summary_names_each_field(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, "ru")
    page.goto(f"{site}/testimony")
    page.locator("#case").fill("case-a")
    page.locator("#people-0-role").select_option("victim")
    page.locator("#people-0-name").fill("Тест Поспешный")  # synthetic
    page.locator("#people-0-age").fill("250")
    page.locator("form.intake button[type=submit]:not([disabled]):not([name])").click()
    summary = page.locator(".error-summary li")
    expect(summary.first).to_have_text("Что произошло: Заполните это поле.")
    expect(summary.filter(has_text="Возраст")).to_have_text(
        "Человек 1 · Возраст: Укажите возраст целым числом лет от 0 до 120."
    )
    walk_shot(page, "error-summary-ru-390.png")
    summary.filter(has_text="Возраст").locator("a").click()  # still the way to the field
    expect(page.locator("#people-0-age")).to_be_in_viewport()
    no_sideways_scroll(page, PHONE["width"])
    page.close()
