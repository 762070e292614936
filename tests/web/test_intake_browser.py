"""In Chromium: a caseworker records a testimony; a user without the case sees only pseudonyms."""

from __future__ import annotations

import pytest
from browser_helpers import sign_in
from intake_helpers import (
    OUTSIDER,
    OUTSIDER_PASS,
    VICTIM_NAME,
    WITNESS_NAME,
    add_outsiders,
)
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS, WebVault

pytestmark = pytest.mark.browser


@pytest.fixture
def web_vault(web_vault: WebVault) -> WebVault:
    """The shared test vault plus a caseworker and a viewer granted nothing (``site`` serves it)."""
    add_outsiders(web_vault.path)
    return web_vault


def test_record_a_testimony_and_see_it_only_with_the_case(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.get_by_role("link", name="New testimony").first.click()
    page.get_by_label("Case", exact=False).first.fill("case-t")
    page.get_by_label("What happened").select_option("detention")
    page.get_by_label("When").fill("2017-03-25")
    page.get_by_label("Where", exact=True).select_option("ru-ce")
    page.get_by_label("Who did it").select_option("police_unit")
    page.locator("#people-0-role").select_option("victim")  # chosen, never assumed
    page.locator("#people-0-name").fill(VICTIM_NAME)
    page.locator("#people-0-age").fill("31")
    page.locator("#people-0-act_type-0").select_option("arrest")
    page.locator("#people-1-role").select_option("witness")
    page.locator("#people-1-name").fill(WITNESS_NAME)
    page.get_by_label("The testimony, in the words given").fill("They came at dawn.")
    page.get_by_role("button", name="Record the testimony").click()
    expect(page.get_by_role("heading", name=VICTIM_NAME)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("People in it: 2")
    expect(page.get_by_text("They came at dawn.")).to_be_visible()
    person_url = page.url
    page.get_by_role("link", name="Everyone in this event").click()
    expect(page.get_by_role("link", name=WITNESS_NAME)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, site, OUTSIDER, OUTSIDER_PASS)
    page.goto(person_url)
    expect(page.get_by_text("The identity is sealed")).to_be_visible()
    expect(page.locator("h1 .pseudonym")).to_be_visible()
    expect(page.get_by_text(VICTIM_NAME)).to_have_count(0)
    expect(page.get_by_text("They came at dawn.")).to_have_count(0)
    page.get_by_role("link", name="Records").first.click()
    expect(page.get_by_text(WITNESS_NAME)).to_have_count(0)


def test_a_wrong_date_is_shown_next_to_its_field(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.goto(f"{site}/testimony")
    page.get_by_label("Case", exact=False).first.fill("case-t")
    page.get_by_label("What happened").select_option("killing")
    page.get_by_label("When").fill("31.02.2017")
    page.locator("#people-0-name").fill(VICTIM_NAME)
    page.get_by_role("button", name="Record the testimony").click()
    expect(page.locator("#event_date-error")).to_contain_text("Give a date as YYYY")
    expect(page.get_by_label("When")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#people-0-name")).to_have_value(VICTIM_NAME)
    page.get_by_role("alert").get_by_role("link").first.click()  # the summary links to the field
    expect(page.get_by_label("When")).to_be_focused()
