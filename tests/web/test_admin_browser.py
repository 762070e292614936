"""In Chromium: the passphrase estimate as one types (en, ru; on the reset form too, by the
rule of the user reset), Take back's confirmation and the change of one's own passphrase, on a
desktop window and a 390 px phone."""

from __future__ import annotations

import pytest
from browser_helpers import loaded, sign_in, switch_language, walk_shot, within_screen
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

pytestmark = pytest.mark.browser

OWN = "violet harbour lantern morning"


def test_the_estimate_follows_the_typing_and_the_passphrase_changes(
    browser: Browser, site: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, site, ANALYST, ANALYST_PASS)
    page.get_by_role("link", name="Passphrase", exact=True).click()
    loaded(page)  # the estimate is the page's script's: typed before it runs, none is shown
    new = page.get_by_label("New passphrase (at least 8 characters; several words)")
    new.press_sequentially("12345678")
    expect(page.locator("#new-strength")).to_contain_text("Too easy to guess")
    new.fill("")
    new.press_sequentially(OWN)
    expect(page.locator("#new-strength")).to_contain_text("Strong enough")
    page.locator("#current-passphrase").fill(ANALYST_PASS)
    page.get_by_label("New passphrase again").fill(OWN)
    page.get_by_role("button", name="Change the passphrase").click()
    expect(page.get_by_role("status")).to_have_text("Your passphrase was changed.")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, site, ANALYST, OWN)
    page.close()


def test_in_russian_the_admin_sees_the_estimate_and_the_take_back_question(
    browser: Browser, site: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.get_by_role("link", name="Grants").click()
    page.get_by_role("link", name="Take the case back from boris").click()
    expect(page.get_by_role("heading", name="Take the case back?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Still held by: ana.")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", name="Grants")).to_be_visible()
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    page.goto(f"{site}/admin/users")
    page.locator("#new-user-role").select_option("admin")
    page.locator("#new-user-passphrase").press_sequentially("tulipfrog")
    strength = page.locator("#new-user-strength")
    expect(strength).to_have_text(
        "Слишком легко угадать: около 10^7 попыток; нужно не меньше 10^8."
    )
    page.locator("#new-user-role").select_option("caseworker")
    page.locator("#new-user-passphrase").press_sequentially("x")
    expect(strength).to_contain_text("Достаточно надёжно")
    page.close()


def test_on_a_phone_the_reset_shows_the_estimate_for_the_user_reset(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    """The reset form's new passphrase had no estimate (walked at stop 21 on a 390 px phone):
    a passphrase too easy for the user was refused only after sending, and the admin typed the
    recovery secret again. It shows the estimate as the other new-passphrase fields do, by the
    rule of the user being reset (a caseworker's), not the admin's own."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, "ru")
    page.goto(f"{site}/admin/users")
    page.get_by_role("link", name="Сбросить парольную фразу").first.tap()
    expect(page.get_by_role("heading", name="Сбросить парольную фразу?")).to_be_visible()
    loaded(page)  # the estimate is the page's script's: typed before it runs, none is shown
    strength = page.locator("#reset-strength")
    page.locator("#reset-passphrase").press_sequentially("12345678")
    expect(strength).to_contain_text("Слишком легко угадать")
    page.locator("#reset-passphrase").fill("")
    page.locator("#reset-passphrase").press_sequentially("tulipfrog")  # 10^7: an admin needs 10^8
    expect(strength).to_have_text("Достаточно надёжно: около 10^7 попыток (нужно не меньше 10^6).")
    within_screen(page, "#reset-strength", 390)
    walk_shot(page, "admin-reset-strength-ru-390.png")
    page.locator("#reset-recovery").fill(web_vault.recovery_secret)
    page.locator("#reset-again").fill("tulipfrog")
    page.get_by_role("button", name="Сбросить парольную фразу").tap()
    expect(page.get_by_role("status")).to_contain_text("Парольная фраза сброшена")
    page.close()
