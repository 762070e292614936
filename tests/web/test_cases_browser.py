"""In Chromium: open an assistance case and follow it through its workflow."""

from __future__ import annotations

import datetime as dt

import pytest
from browser_helpers import sign_in
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser


def test_follow_a_case_from_request_to_relocation(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.get_by_role("link", name="Cases").click()
    expect(page.get_by_text("No open case is due for follow-up.")).to_be_visible()
    page.get_by_label("Case name").fill("evacuation-7")
    page.get_by_label("Shelter").check()
    page.get_by_label("Evacuation").check()
    page.get_by_label("Follow-up date").fill(dt.date.today().isoformat())
    page.get_by_label("Summary").fill("Bus ticket bought; meets the volunteer on Friday.")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", name="Case evacuation-7")).to_be_visible()
    status = page.locator("dd.status")
    expect(status).to_have_text("Request received")
    page.get_by_role("link", name="Cases").click()
    due = page.get_by_role("region", name="Due for follow-up")
    expect(due.get_by_role("link", name="evacuation-7")).to_be_visible()
    due.get_by_role("link", name="evacuation-7").click()
    for step in ("Assessed", "In progress", "Relocated"):
        page.get_by_role("button", name=f"Move to: {step}").click()
        expect(status).to_have_text(step)
    expect(page.get_by_role("button", name="Move to: Assessed")).to_have_count(0)
    page.get_by_role("link", name="Cases").click()
    expect(page.get_by_text("No open case is due for follow-up.")).to_be_visible()
