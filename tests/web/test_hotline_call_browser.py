"""In Chromium, in Russian, at 390 px: the second hotline call of a night shift, a victim and
the relative who calls, counted step by step (docs/hotline-call.md names them).

Each step is one thing the caseworker does: a click, a choice in a list, a field typed. The
first call of the shift takes one more (the case); the issue counted 21 before.
"""

from __future__ import annotations

import pytest
from browser_helpers import page_width, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
VICTIM, RELATIVE = "Ислам Тестов-Звонков", "Мадина Тестова-Звонкова"  # synthetic


class Steps:
    """The caseworker's hands: every call is one step."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.locator(selector).click()

    def choose(self, selector: str, value: str) -> None:
        self.count += 1
        self.page.locator(selector).select_option(value)

    def type(self, selector: str, text: str) -> None:
        self.count += 1
        self.page.locator(selector).fill(text)


def call(steps: Steps, first: bool) -> None:
    steps.click("nav a[href='/testimony']")
    if first:
        steps.type("#case", "case-a")
    steps.choose("#event_type", "detention")
    steps.type("#event_date", "2017-03-25")
    steps.choose("#place", "ru-ce")
    steps.choose("#perpetrator_type", "police_unit")
    steps.choose("#people-0-role", "victim")
    steps.type("#people-0-name", VICTIM)
    steps.type("#people-0-age", "24")
    steps.choose("#people-0-act_type-0", "arrest")
    steps.choose("#people-1-role", "relative")
    steps.type("#people-1-name", RELATIVE)
    steps.choose("#people-1-act_type-0", "threat_to_family")
    steps.type("#testimony", "Его забрали ночью; матери угрожали.")
    walk_shot(steps.page, "caseworker-hotline-ru-390.png")
    steps.click("form.intake button[type=submit]:not([disabled]):not([name])")
    expect(steps.page.get_by_role("status").first).to_contain_text("Обращение сохранено")


def test_a_hotline_call_in_russian_on_a_phone(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, "ru")
    first = Steps(page)
    call(first, first=True)
    second = Steps(page)
    call(second, first=False)
    assert (first.count, second.count) == (15, 14)
    assert page_width(page) <= PHONE["width"]


def detention_call(steps: Steps) -> None:
    """The same call told in full: the victim was also beaten, is held in an unofficial place
    of detention in Grozny, and nothing is known yet of a release."""
    steps.click("nav a[href='/testimony']")
    steps.choose("#event_type", "detention")
    steps.type("#event_date", "2017-03-25")
    steps.choose("#place", "ru-ce")
    steps.choose("#perpetrator_type", "police_unit")
    steps.choose("#people-0-role", "victim")
    steps.type("#people-0-name", VICTIM)
    steps.type("#people-0-age", "24")
    steps.choose("#people-0-act_type-0", "arrest")
    steps.click("button[name=action][value=act-0]")  # "Add an act"
    steps.choose("#people-0-act_type-1", "beating")
    steps.click("details.detention >> nth=0 >> summary")  # unfold the detention
    steps.choose("#people-0-detention_place", "ru-ce-grozny")  # held since the event's date
    steps.choose("#people-0-detention_kind", "secret_facility")
    steps.choose("#people-1-role", "relative")
    steps.type("#people-1-name", RELATIVE)
    steps.choose("#people-1-act_type-0", "threat_to_family")
    steps.type("#testimony", "Его забрали ночью и избили; держат в Грозном; матери угрожали.")
    walk_shot(steps.page, "caseworker-hotline-detention-ru-390.png")
    steps.click("form.intake button[type=submit]:not([disabled]):not([name])")
    expect(steps.page.get_by_role("status").first).to_contain_text("Обращение сохранено")
    happened = steps.page.locator("#what-happened")
    expect(happened).to_contain_text("с 2017-03-25")
    expect(happened).to_contain_text("Неофициальное место содержания")


def test_a_detention_call_told_in_full(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, "ru")
    call(Steps(page), first=True)  # the shift's first call sets the case
    full = Steps(page)
    detention_call(full)
    assert full.count == 19
    assert page_width(page) <= PHONE["width"]
