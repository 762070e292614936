"""In Chromium: a caseworker uploads evidence and sees its custody entry; a lawyer hands it over."""

from __future__ import annotations

import pytest
from browser_helpers import reads_as_cards, sign_in
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

pytestmark = pytest.mark.browser

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_upload_evidence_and_see_its_custody_entry(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.goto(f"{site}/records/{web_vault.granted_id}")  # attached where the work is
    page.get_by_label("Files to attach (one or several)").set_input_files(
        {"name": "statement.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Attach the files").click()
    expect(page.get_by_role("status")).to_have_text("1 file was attached.")
    page.locator("#evidence a.evidence-kind").click()  # the only item: this record's
    expect(page.get_by_role("heading", name="Custody chain")).to_be_visible()
    entries = page.locator("tr.custody-event")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("added")
    expect(entries.first).to_contain_text("Caseworker #2")
    expect(page.get_by_text("application/pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Record the handover")).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 844})  # a caseworker on a phone
    assert reads_as_cards(page, "#custody-chain", 390)
    item_url = page.url
    page.context.close()

    page = browser.new_page()
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.goto(item_url)
    page.get_by_label("Handed to (a court, a lawyer, a journalist)").fill("Test Tribunal")
    page.get_by_role("button", name="Record the handover").click()
    expect(page.get_by_role("status")).to_have_text("The handover was recorded.")
    expect(page.locator("tr.custody-event")).to_have_count(2)
    expect(page.locator("tr.custody-event").last).to_contain_text("to: Test Tribunal")
