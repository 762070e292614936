"""In Chromium, ru on a 390 px phone and en at 1280 px: the web's error messages are sentences,
with a capital first letter (stop 21: «этот файл уже импортирован…»): the refusal of a list
imported before, and a form's reason beside its field (a user name already taken). The words
are the messages' own (``Message.translated`` raises the first letter; no text is written
twice). Screenshots (error-sentence-*.png) go to $UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, send_list, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST

pytestmark = pytest.mark.browser

LIST = (
    "record_id,name,birth_date,sex,event_type,event_date\n"
    "s-1,Synthetic Sentenceov,1990,male,detention,2017-03\n"
)
SAID = {
    "en": ("This file was imported before, on ", "A user "),
    "ru": ("Этот файл уже импортирован: ", "Пользователь "),
}


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_the_web_says_its_errors_as_sentences(
    browser: Browser, site: str, language: str, width: int
) -> None:
    imported_before, taken = SAID[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    send_list(page, site, "partner-ngo", "partner.csv", LIST)
    page.locator("button[name=action][value=import]").click()
    expect(page.locator("main p.notice[role=status]:not([hidden])")).to_be_visible()
    send_list(page, site, "partner-ngo", "partner.csv", LIST)  # the same bytes again
    expect(page.locator("#import-refusal")).to_contain_text(imported_before)
    assert page.locator("#import-refusal").inner_text().startswith(imported_before)
    no_sideways_scroll(page, width)
    walk_shot(page, f"error-sentence-import-{language}-{width}.png")

    page.goto(f"{site}/admin/users")
    page.locator("#new-user-name").fill(ANALYST)  # taken
    for field in ("#new-user-passphrase", "#new-user-again"):
        page.locator(field).fill("a passphrase long enough for the tests")
    page.locator("#new-user-again").press("Enter")
    reason = page.locator(":is(#new-user-name-error, #new-user-error)")
    expect(reason).to_be_visible()
    assert reason.inner_text().startswith(taken), reason.inner_text()
    walk_shot(page, f"error-sentence-form-{language}-{width}.png")
    page.close()
