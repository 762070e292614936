"""In Chromium, ru on a 390 px phone and en at 1280 px: a record's page says a month or a
district nobody gave is not known, as the person's page does (``person.html``). Walking the
demo vault (walkday4, session 23), a caseworker opening a hotline record from its case read
«Месяц» with nothing under it, then «Район»: a label alone reads as a page that failed to
load, or as the district being the month. Screenshots (record-unknown-*.png) go to
$UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import loaded, no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page
from web_helpers import ANALYST, ANALYST_PASS, WebVault, add_victims

pytestmark = pytest.mark.browser

NOT_KNOWN = {"en": "Not known", "ru": "Неизвестно"}
LABELS = {"en": ("Month", "District"), "ru": ("Месяц", "Район")}


def _value_of(page: Page, label: str) -> str:
    """The text of the <dd> right after the <dt> *label* in the record's first list."""
    loaded(page)
    return str(
        page.locator("main dl").first.evaluate(
            """(list, label) => {
                 const term = [...list.querySelectorAll("dt")].find(
                   (dt) => dt.textContent.trim() === label);
                 return term ? term.nextElementSibling.textContent.trim() : "(no such label)";
               }""",
            label,
        )
    )


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_month_and_district_nobody_gave_read_not_known(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    (record_id,) = add_victims(web_vault, ["Зарема Хадисова"], month=None)
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    page.goto(f"{site}/records/{record_id}")
    month, district = LABELS[language]
    assert _value_of(page, month) == NOT_KNOWN[language]
    assert _value_of(page, district) == NOT_KNOWN[language]
    no_sideways_scroll(page, width)
    walk_shot(page, f"record-unknown-{language}-{width}.png")
    page.close()


@pytest.mark.parametrize(("language", "width"), [("ru", 390)])
def test_a_month_given_is_shown_as_it_is(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    (record_id,) = add_victims(web_vault, ["Зарема Хадисова"], month="2018-12")
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    page.goto(f"{site}/records/{record_id}")
    assert _value_of(page, LABELS[language][0]) == "2018-12"
    page.close()


@pytest.mark.parametrize(
    ("language", "width", "label", "said"),
    [("ru", 390, "Контроль", "Дата не назначена"), ("en", 1280, "Follow-up", "No date set")],
)
def test_a_case_without_a_follow_up_date_says_none_is_set(
    browser: Browser, site: str, language: str, width: int, label: str, said: str
) -> None:
    """The case page's «Контроль» read nothing under it for a case with no follow-up date."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)  # a caseworker of case-a
    page.goto(f"{site}/cases")
    page.locator("main a", has_text="case-a").first.click()
    assert _value_of(page, label) == said
    no_sideways_scroll(page, width)
    walk_shot(page, f"case-no-follow-up-{language}-{width}.png")
    page.close()
