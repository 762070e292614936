"""In Chromium (issue 15, item 2): taking a case back from its last holder asks for the
recovery secret, which also gives the case back; closing a case asks first and is undone.
English on a desktop window, Russian on a 390 px phone."""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, sign_in, sign_in_in_language
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, OTHER_NAME, WebVault

pytestmark = pytest.mark.browser


def test_the_last_holder_is_taken_back_and_given_back_with_the_recovery_secret(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.get_by_role("link", name="Grants").click()
    page.get_by_role("link", name=f"Take the case back from {ADMIN}").last.click()
    expect(page.get_by_role("heading", name="Take the case back?")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        f"{ADMIN} is the last holder of this case: afterwards no one could read its identities"
    )
    secret = page.get_by_label("Recovery secret")
    secret.fill("AAAA-BBBB")
    page.get_by_role("button", name="Take back").click()
    # The refusal comes back beside the field, on the same form, to type it again.
    expect(page.locator("#recovery-secret-error")).to_contain_text("That is not a recovery secret")
    expect(page.get_by_role("heading", name="Take the case back?")).to_be_visible()
    page.get_by_label("Recovery secret").fill(web_vault.recovery_secret)
    page.get_by_role("button", name="Take back").click()
    expect(page.get_by_role("status")).to_contain_text(f"Case case-b was taken back from {ADMIN}")
    expect(page.get_by_text("No one holds this case")).to_be_visible()

    page.locator("#recovery-case").select_option("case-b")
    page.locator("#recovery-user").select_option(ANALYST)
    page.locator("#recovery-secret").fill(web_vault.recovery_secret)
    page.get_by_role("button", name="Grant with the recovery secret").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Case case-b was granted to {ANALYST} with the recovery secret."
    )
    expect(page.get_by_text("No one holds this case")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.goto(f"{site}/records/{web_vault.other_id}")
    expect(page.locator("main")).to_contain_text(OTHER_NAME)
    page.close()


def test_closing_a_case_asks_first_and_is_undone_on_a_phone_in_russian(
    browser: Browser, site: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    page.goto(f"{site}/cases")
    page.locator("#cases-list").get_by_role("link", name="case-a", exact=True).click()
    status = page.locator("dd.status")
    before = status.inner_text()
    page.locator("form[action='/cases/status']:has(input[value='closed']) button").click()
    question = page.locator("#confirm-close")
    expect(question).to_contain_text("Закрыть это дело?")
    expect(question).to_be_in_viewport()  # where the page opens, not below the evidence form
    expect(status).to_have_text(before)  # asking changed nothing
    no_sideways_scroll(page, 390)
    question.get_by_role("button", name="Закрыть дело").click()
    expect(status).not_to_have_text(before)
    undo = page.get_by_role("button", name=f"Отменить: открыть снова со статусом {before}")
    expect(undo).to_be_in_viewport()
    no_sideways_scroll(page, 390)
    undo.click()
    expect(status).to_have_text(before)
    expect(page.locator("#confirm-close")).to_have_count(0)
    page.close()
