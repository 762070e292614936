"""In Chromium, ru on a 390 px phone and en at 1280: a caseworker asked whether a caller's
brother is already in the records types his name as the caller spells it, in Latin, and
finds the record written in Cyrillic (and the reverse), on the records and the people page,
and the person it belongs to in the register;
someone else with the same surname is not shown. Names are synthetic."""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, add_victims

from uncounted.services import register, vaults

pytestmark = pytest.mark.browser

BROTHER = "Тимур Проходов"
LATIN_STORED = "Adam Fyodorov"


def _add(web_vault: WebVault, *names: str) -> str:
    """The records of *names*, linked into people; the person id of the first."""
    ids = add_victims(web_vault, names)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
        person = register.person_of(admin, ids[0])
    assert person is not None
    return person


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_name_typed_in_latin_finds_it_written_in_cyrillic_and_back(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    brother = _add(web_vault, BROTHER, "Аслан Проходцев", LATIN_STORED)
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    for path, table, typed, found in (
        ("/records", "#records-list", "Timur Prokhodov", BROTHER),
        ("/people", "#people-list", "prohodov", BROTHER),
        ("/people", "#people-list", "Фёдоров", LATIN_STORED),
        ("/register", "#register-people", "Timur Prokhodov", brother),  # the person, linked
    ):
        page.goto(f"{site}{path}")
        page.locator("#q").fill(typed)
        page.locator("#q").press("Enter")
        rows = page.locator(f"{table} tbody tr")
        expect(rows.filter(has_text=found)).to_have_count(1)
        expect(rows).to_have_count(1)  # not Аслан Проходцев, not anyone else
        expect(page.locator("#q")).to_have_value(typed)
        # what was typed stays out of the browser's form history and spelling service
        expect(page.locator("#q")).to_have_attribute("autocomplete", "off")
        assert page.locator("#q").evaluate("(field) => field.spellcheck") is False
        no_sideways_scroll(page, width)
        walk_shot(page, f"search-{path.strip('/')}-{typed.split()[0]}-{language}-{width}.png")
    page.close()
