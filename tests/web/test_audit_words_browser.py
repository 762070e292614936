"""In Chromium, ru on a 390 px phone and en and ru at 1280 px: the audit trail says what was done
without guessing the doer's gender (at stop 21: «создал(а) хранилище», «вошёл (вошла)»), as
nouns («Создание хранилища», «Вход»), in the table and in the Action filter, no word of its
table broken inside (walkday7: "Use/r" at 1280 px). Screenshots
(audit-words-*.png) go to $UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import broken_words, no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS

pytestmark = pytest.mark.browser

SAID = {
    "en": ("made the vault", "granted a case", "signed in"),
    "ru": ("Создание хранилища", "Открытие доступа к делу", "Вход"),
}


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280), ("ru", 1280)])
def test_the_audit_trail_says_what_was_done_without_a_gender(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{site}/admin/audit")
    entries = page.locator("#audit-entries")
    for words in SAID[language]:
        expect(entries).to_contain_text(words)
        expect(page.locator("#audit-action option", has_text=words).first).to_be_attached()
    assert "(а)" not in page.locator("main").inner_text()
    # no word broken inside a cell: at 1280 px "Use/r" and "16:3/4" beside a wide Details
    assert broken_words(page, "#audit-entries") == []
    no_sideways_scroll(page, width)
    walk_shot(page, f"audit-words-{language}-{width}.png")
    page.close()
