"""In Chromium: a list with bad rows is refused with every problem shown, and nothing imported."""

from __future__ import annotations

import pytest
from browser_helpers import sign_in
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import records, vaults

pytestmark = pytest.mark.browser

LIST = (
    "record_id,name,birth_date,event_type,event_date\n"
    "p-1,Synthetic Firstov,1990-02-03,detention,2017-03-01\n"
    "p-2,Synthetic Secondov,1990-02-31,detention,2017-03-02\n"
    "p-3,Synthetic Thirdov,1985,detention,2017-99\n"
)


def test_import_a_list_with_bad_rows_and_see_the_errors(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Source (who compiled the list)").fill("partner-ngo")
    page.get_by_label("List file").set_input_files(
        {"name": "partner.csv", "mimeType": "text/csv", "buffer": LIST.encode()}
    )
    page.get_by_role("button", name="Read the file and check its columns").click()
    page.get_by_role("button", name="Import the list").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported")
    expect(page.locator("#import-problems caption")).to_have_text("partner.csv")
    rows = page.locator("#import-problems tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(0)).to_have_text("3")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("birth_date")  # the file's header
    expect(rows.nth(1).locator("td").nth(0)).to_have_text("4")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("event_date")
    expect(page.get_by_text("1990-02-31")).to_have_count(0)
    expect(page.get_by_text("Synthetic Secondov")).to_have_count(0)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        stored = records.list_records(admin, records.RecordFilter(), 1000, 0)
    assert len(stored) == 2  # the two records of the fixture, none of the list
