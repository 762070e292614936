"""In Chromium with a profile on disk, as a caseworker's browser keeps one: recording a
testimony and searching for the person leave none of what was typed (the victim's name,
contact and address, the words searched) in the browser's form history. Chromium kept them,
in plaintext, in the profile's ``Web Data`` file (its ``autofill`` table) until the text fields
and the search box said autocomplete=off. (The address of a search page holds no name either:
``test_search_leaves_no_name_browser.py``.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, sign_in, start_testimony
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

TYPED = ("Zarema Formhistorova", "+7 900 555 0142", "Prospekt Sinteticheskiy 12")


def test_a_testimony_and_a_search_leave_nothing_in_the_browsers_form_history(
    browser: Browser, site: str, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    try:
        page = context.new_page()
        sign_in(page, site, ANALYST, ANALYST_PASS)
        start_testimony(page, site, "case-f", TYPED[0])
        page.locator("#people-0-contact").fill(TYPED[1])
        page.locator("#people-0-address").fill(TYPED[2])
        page.get_by_role("button", name="Record the testimony").click()
        expect(page.locator("#people-0-name")).to_have_count(0)  # recorded: the form is gone
        page.goto(f"{site}/records")
        page.locator("#q").fill("Formhistorova")
        page.locator("#q").press("Enter")
        expect(page.locator("#records-list tbody tr").filter(has_text=TYPED[0])).to_have_count(1)
    finally:
        context.close()  # Chromium writes its form history when the profile closes, if not before
    with sqlite3.connect(profile / "Default" / "Web Data") as form_history:
        kept = form_history.execute("SELECT name, value FROM autofill").fetchall()
    assert kept  # the history exists and is read: the sign-in's user name is in it
    assert [row for row in kept if any(word in row[1] for word in (*TYPED, "Formhistorova"))] == []
