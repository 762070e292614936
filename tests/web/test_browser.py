"""What a caseworker does in a real browser: sign in, look up people, switch language."""

from __future__ import annotations

import pytest
from browser_helpers import fill_sign_in
from playwright.sync_api import Browser, Page, expect
from web_helpers import ANALYST, ANALYST_PASS, GRANTED_NAME, OTHER_NAME, WebVault

pytestmark = pytest.mark.browser


def sign_in(page: Page, site: str, user: str, passphrase: str) -> None:
    """Open the site signed out: it sends the browser to the sign-in form; sign in there."""
    page.goto(f"{site}/")
    expect(page).to_have_url(f"{site}/signin")
    fill_sign_in(page, user, passphrase)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_caseworker_sees_granted_person_and_only_a_pseudonym_otherwise(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Records").click()
    expect(page.get_by_role("link", name=GRANTED_NAME)).to_be_visible()
    expect(page.get_by_text(OTHER_NAME)).to_have_count(0)
    page.goto(f"{site}/records/{web_vault.other_id}")
    expect(page.get_by_text("The identity is sealed")).to_be_visible()
    expect(page.get_by_text(OTHER_NAME)).to_have_count(0)


def test_keyboard_only_sign_in_and_switch_to_russian(browser: Browser, site: str) -> None:
    page = browser.new_page()
    page.goto(f"{site}/signin")
    expect(page.get_by_label("User name")).to_be_focused()  # focused when the page opens
    page.keyboard.type(ANALYST)
    page.keyboard.press("Tab")
    page.keyboard.type(ANALYST_PASS)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", name="Обзор")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_signed_out_browser_cannot_go_back_to_pages(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{site}/signin")
    page.goto(f"{site}/records")
    expect(page).to_have_url(f"{site}/signin?next=/records")  # back there after signing in
