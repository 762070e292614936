"""In Chromium, in English and Russian, on a desktop and at 390 px: a caseworker edits a record
(Enter in a field saves nothing), the history marks the change; an admin withdraws consent
only after typing the record's code. Synthetic people only.
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    computed_style,
    no_sideways_scroll,
    sign_in,
    switch_language,
    walk_shot,
)
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, WebVault

pytestmark = pytest.mark.browser

NEW_NAME = "Зелимхан Исправленный"  # synthetic
SCREENS = [("en", 1280), ("ru", 390), ("ru", 1280), ("en", 390)]


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_edit_then_history_shows_the_change(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ANALYST, ANALYST_PASS)
    switch_language(page, language)
    record = web_vault.granted_id
    page.goto(f"{site}/records/{record}")
    page.locator(f"a[href='/records/{record}/edit']").click()
    page.wait_for_url(f"{site}/records/{record}/edit")
    no_sideways_scroll(page, width)
    name = page.locator("#name")
    expect(name).to_have_value(GRANTED_NAME)
    name.fill(NEW_NAME)
    name.press("Enter")  # never submits: the form's default button is disabled
    page.locator("#reason").fill("misheard on the phone")
    walk_shot(page, f"revisions-edit-{language}-{width}.png")
    page.locator("form.intake p.actions button[type=submit]").click()
    page.wait_for_url(f"{site}/records/{record}/history")
    row = page.locator("tr[data-field='name']")
    expect(row.locator("del")).to_have_text(GRANTED_NAME)
    expect(row.locator("ins")).to_have_text(NEW_NAME)
    expect(page.locator("li[id^='revision-']")).to_have_count(2)  # Enter saved nothing
    marked = computed_style(page, "tr[data-field='name'] ins", "background-color")
    assert marked not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not only text
    expect(page.locator(".reason")).to_contain_text("misheard on the phone")
    caption = {"en": "Name", "ru": "Имя"}[language]
    expect(row.locator("th")).to_have_text(caption)
    no_sideways_scroll(page, width)
    walk_shot(page, f"revisions-history-{language}-{width}.png")
    page.goto(f"{site}/records/{record}")
    expect(page.locator("h1")).to_have_text(NEW_NAME)
    page.close()


@pytest.mark.parametrize(("language", "width"), SCREENS[:2])
def test_withdrawal_asks_for_the_code_and_leaves_a_tombstone(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    record = web_vault.granted_id
    page.goto(f"{site}/records/{record}")
    code = page.locator("dd.pseudonym").inner_text().strip()
    page.locator(f"a[href='/records/{record}/withdraw']").click()
    page.wait_for_url(f"{site}/records/{record}/withdraw")
    no_sideways_scroll(page, width)
    walk_shot(page, f"revisions-withdraw-{language}-{width}.png")
    page.locator("#code").fill("WRONG-CODE")
    page.locator("#code").press("Enter")  # a wrong code destroys nothing
    expect(page.locator("#code-error")).to_contain_text(code)
    page.goto(f"{site}/records/{record}")
    expect(page.locator("h1")).to_have_text(GRANTED_NAME)
    page.locator(f"a[href='/records/{record}/withdraw']").click()
    page.locator("#code").fill(code)
    page.locator("form[action$='/withdraw'] button[type=submit]").click()
    page.wait_for_url(f"{site}/records/{record}")
    expect(page.locator("p.withdrawn")).to_be_visible()
    expect(page.get_by_text(GRANTED_NAME)).to_have_count(0)
    expect(page.locator("h1")).to_have_text(code)
    no_sideways_scroll(page, width)
    walk_shot(page, f"revisions-withdrawn-{language}-{width}.png")
    page.close()
