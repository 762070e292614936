"""In Chromium, in Russian, at 390 px: the lists a caseworker searches on a phone (records,
people, the register) read as a card per row. Their narrow columns broke every word letter
by letter ('Пострадавший', '2017-03', the register's head 'Записи') and the register's
table hid its lists, role and event type off the right edge; a filter's label ended the line
of the field before it (seen walking the call)."""

from __future__ import annotations

import pytest
from browser_helpers import broken_words, content_width, sign_in_in_language
from playwright.sync_api import Browser
from web_helpers import ADMIN, ADMIN_PASS, WebVault

from uncounted.services import register, vaults

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_record_people_and_register_lists_read_on_a_phone(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    for path, table in (
        ("/records", "#records-list"),
        ("/people", "#people-list"),
        ("/register", "#register-people"),
    ):
        page.goto(f"{site}{path}")
        assert broken_words(page, f"{table} tbody") == [], path
        box = page.locator(table).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], path
        # nothing left to scroll to inside the table
        assert content_width(page, table) <= PHONE["width"], path
        assert page.locator(f"{table} tbody td[data-label]").count() > 0, path
        for label in page.locator("form.filters[role=search] label").all():
            field = page.locator(f"#{label.get_attribute('for')}").bounding_box()
            box = label.bounding_box()  # on its field's line ('Роль' ended the search's line)
            assert field is not None and box is not None, path
            middle = box["y"] + box["height"] / 2
            assert field["y"] <= middle <= field["y"] + field["height"], (path, label.inner_text())
    page.close()


def test_the_cases_claims_events_sources_and_evidence_lists_read_on_a_phone(
    browser: Browser, site: str
) -> None:
    """Their heads broke letter by letter at 390 px in Russian ('Потре/бности', 'Зап/иси',
    'Д/ат/а'; seen walking the caseworker's pages); they read as a card per row too."""
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    for path, table in (
        ("/cases", "#cases-list"),
        ("/claims", "#claims-list"),
        ("/events", "#events-list"),
        ("/sources", "#sources-list"),
        ("/evidence", "#evidence-items"),
    ):
        page.goto(f"{site}{path}")
        assert broken_words(page, table) == [], path
        assert content_width(page, table) <= PHONE["width"], path
    page.close()
