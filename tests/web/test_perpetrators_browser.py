"""In Chromium, en and ru, desktop and a 390 px phone: a caseworker records an event done by a
police unit and a security service ("Add another perpetrator"), the person and record pages
show both as labels, the edit form adds a third as a ticked box and a line, and the history
shows the change; nothing overlaps and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from browser_helpers import (
    no_overlapping_fields,
    no_sideways_scroll,
    sign_in,
    start_testimony,
    switch_language,
    walk_shot,
)
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

NAME = "Islam Testov-Dvoinov"  # synthetic
LABELS = {
    "en": ("Police unit", "Security service", "Military"),
    "ru": ("Подразделение полиции", "Спецслужба", "Военные"),
}


@pytest.mark.parametrize(
    ("language", "width"), [("en", 1280), ("ru", 1280), ("en", 390), ("ru", 390)]
)
def test_two_perpetrators_recorded_shown_and_a_third_added_by_an_edit(
    browser: Browser, site: str, language: str, width: int
) -> None:
    police, security, military = LABELS[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ANALYST, ANALYST_PASS)
    switch_language(page, language)
    start_testimony(page, site, "case-p", NAME)
    page.locator("#perpetrator_type").select_option("police_unit")
    page.locator("#perpetrator_unit").fill("PPS regiment")
    page.locator("button[name=action][value=perpetrator]").click()  # "Add another perpetrator"
    expect(page.locator("#perpetrator_type-1")).to_be_focused()
    expect(page.locator("#perpetrator_type-2")).to_have_count(0)
    expect(page.locator("#perpetrator_unit")).to_have_value("PPS regiment")  # typed text kept
    page.locator("#perpetrator_type-1").select_option("security_service")
    page.locator("#perpetrator_unit-1").fill("Regional FSB office")
    page.locator("#perpetrator_unit-1").press("Enter")  # never records the testimony
    assert page.url == f"{site}/testimony"
    no_overlapping_fields(page)
    no_sideways_scroll(page, width)
    walk_shot(page, f"perpetrators-form-{language}-{width}.png")

    page.locator("form.intake button[type=submit]:not([name]):not([disabled])").click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    shown = page.locator("ul.perpetrators li")
    expect(shown).to_have_text([police, security])
    expect(page.locator("ul.units li")).to_have_text(["PPS regiment", "Regional FSB office"])
    no_sideways_scroll(page, width)

    record_id = page.url.split("/people/", 1)[1].split("?", 1)[0]
    page.goto(f"{site}/records/{record_id}/edit")
    page.locator("#perpetrator_type input[value=military]").check()
    page.locator("#perpetrator_unit").fill("PPS regiment\nRegional FSB office\nBattalion North")
    no_sideways_scroll(page, width)
    walk_shot(page, f"perpetrators-edit-{language}-{width}.png")
    page.locator("form.intake button[type=submit]:not([disabled])").last.click()
    page.wait_for_url(f"{site}/records/{record_id}/history")
    row = page.locator("tr[data-field=perpetrator_type]")
    expect(row.locator("del")).to_have_text(f"{police}, {security}")
    expect(row.locator("ins")).to_have_text(f"{police}, {security}, {military}")
    expect(page.locator("tr[data-field=perpetrator_unit] ins")).to_contain_text("Battalion North")
    no_sideways_scroll(page, width)

    page.goto(f"{site}/records/{record_id}")
    expect(page.locator("ul.perpetrators li")).to_have_text([police, security, military])
    expect(page.locator("ul.units li")).to_have_count(3)
    no_sideways_scroll(page, width)
    walk_shot(page, f"perpetrators-record-{language}-{width}.png")
