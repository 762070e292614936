"""A caseworker turns the sign-in code on in a real browser and signs in with it."""

from __future__ import annotations

import time

import pyotp
import pytest
from browser_helpers import fill_sign_in, sign_in
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser


def test_enrol_with_the_qr_page_then_sign_in_with_a_code(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)

    page.get_by_role("link", name="Sign-in code").click()
    expect(page.get_by_role("heading", name="Sign-in code", exact=True)).to_be_visible()
    qr = page.get_by_role("img", name="QR code of the key for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")  # drawn, under CSP
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code shown by the app").fill(pyotp.TOTP(secret).now())
    page.get_by_label("Code shown by the app").press("Enter")  # keyboard is enough
    expect(page.get_by_role("status")).to_contain_text("The sign-in code is on.")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{site}/signin")
    fill_sign_in(page, ANALYST, ANALYST_PASS)
    expect(page.get_by_role("alert")).to_have_text("Wrong user name, passphrase or code.")

    code = pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment spent the current step
    fill_sign_in(page, ANALYST, ANALYST_PASS, code)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
