"""In Chromium, two browsers at once: an admin's key change reaches a caseworker's open page.

Each test opens two browser contexts (two people, two cookie jars) on one served application
and one real vault, and acts in one while the other's page stays open (issue 18).
"""

from __future__ import annotations

import pytest
from browser_helpers import sign_in
from intake_helpers import VICTIM_NAME
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, WebVault

from uncounted.services import vaults

pytestmark = pytest.mark.browser

DURESS = "duress passphrase for tests"


def _person(page: Page, site: str, record_id: str) -> None:
    page.goto(f"{site}/records/{record_id}")


def test_revoking_while_the_caseworker_has_the_form_open(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    admin = browser.new_context().new_page()
    caseworker = browser.new_context().new_page()
    sign_in(admin, site, ADMIN, ADMIN_PASS)
    sign_in(caseworker, site, ANALYST, ANALYST_PASS)
    _person(caseworker, site, web_vault.granted_id)
    expect(caseworker.get_by_role("heading", name=GRANTED_NAME)).to_be_visible()
    caseworker.goto(f"{site}/testimony")
    caseworker.locator("[name=case]").fill("case-a")
    caseworker.locator("[name=people-0-role]").select_option("victim")
    caseworker.locator("[name=people-0-name]").fill(VICTIM_NAME)
    caseworker.locator("[name=testimony]").fill("Synthetic testimony typed before the revoke.")
    admin.goto(f"{site}/admin/grants")
    admin.get_by_role("link", name=f"Take the case back from {ANALYST}").first.click()
    admin.get_by_role("button", name="Take back").click()  # the confirmation page
    expect(admin.get_by_text(f"was taken back from {ANALYST}")).to_be_visible()
    caseworker.get_by_role("button", name="Record the testimony").click()
    expect(caseworker.get_by_text("Nothing was saved")).to_be_visible()
    expect(caseworker.get_by_role("link", name="You hold no grant of this case")).to_be_visible()
    _person(caseworker, site, web_vault.granted_id)
    expect(caseworker.get_by_text(GRANTED_NAME)).to_have_count(0)
    admin.goto(f"{site}/people")
    expect(admin.get_by_text(VICTIM_NAME)).to_have_count(0)  # nothing was written
    _person(admin, site, web_vault.granted_id)
    expect(admin.get_by_role("heading", name=GRANTED_NAME)).to_be_visible()


def test_panic_and_duress_sign_out_the_other_open_browsers(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as vault:
        vaults.set_duress(vault, DURESS)
    caseworker = browser.new_context().new_page()
    sign_in(caseworker, site, ANALYST, ANALYST_PASS)
    _person(caseworker, site, web_vault.granted_id)
    expect(caseworker.get_by_role("heading", name=GRANTED_NAME)).to_be_visible()
    coerced = browser.new_context().new_page()
    sign_in(coerced, site, ADMIN, DURESS)  # the duress passphrase, typed under coercion
    caseworker.reload()
    expect(caseworker.get_by_role("button", name="Sign in")).to_be_visible()
    expect(caseworker.get_by_text(GRANTED_NAME)).to_have_count(0)
    coerced.goto(f"{site}/records")
    expect(coerced.get_by_role("heading", name="Records")).to_be_visible()  # the decoy
    vaults.panic(web_vault.path)  # `uncounted panic` from a terminal beside the server
    coerced.reload()
    expect(coerced.get_by_role("heading", name="Records")).to_be_visible()  # still the decoy
