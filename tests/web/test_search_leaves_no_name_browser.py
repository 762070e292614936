"""In Chromium with a profile on disk, as a caseworker's browser keeps one (ru on a 390 px
phone, en at 1280): searching a name in Latin and in Cyrillic on the records, people and
register lists, paging, going back and reloading finds the right people, and leaves the name
(as typed, as found, folded) in no file of the profile.

A search by GET put the name in the page's address, and Chromium kept the address in its
History, its Sessions and ``segmentation_platform/ukm_db``, in plaintext on a device that
can be seized. The search box now sends the text by POST; the session keeps it in memory and
the list's address carries only a random token (``uncounted.web.searches``). Names are
synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import profile_leaks, profile_page, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, add_victims

from uncounted.linkage import search_keys
from uncounted.services import register, vaults
from uncounted.web.paging import PAGE_SIZE

pytestmark = pytest.mark.browser

#: Stored in Cyrillic, searched in Latin: more than a page of them, to page through.
MANY = "Страницев"
MANY_TYPED = "Stranitsev"
#: Stored in Latin, searched in Cyrillic.
ONE = "Adlan Poiskov"
ONE_TYPED = "Поисков"
GIVEN = ("Адам", "Бислан", "Вахa", "Гелани", "Дени", "Ибрагим", "Лечи", "Муса", "Саид")


def _add(web_vault: WebVault) -> None:
    """PAGE_SIZE + 2 records of MANY, one of ONE, linked into people."""
    names = [f"{GIVEN[index % len(GIVEN)]} {MANY}" for index in range(PAGE_SIZE + 2)]
    add_victims(web_vault, [*names, ONE])
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)


def _words() -> set[str]:
    """Every word searched or found, and folded (as search keys it)."""
    words = {MANY, MANY_TYPED, *ONE.split(), ONE_TYPED}
    return words | {key for word in list(words) for keys in search_keys(word) for key in keys}


def _search(page: Page, typed: str) -> None:
    page.locator("#q").fill(typed)
    page.locator("#q").press("Enter")
    page.wait_for_load_state("load")


def _walk(page: Page, site: str, language: str, width: int) -> None:
    """Search, page, go back, reload, on the three lists; then sign out and in again."""
    records_rows = page.locator("#records-list tbody tr")
    page.goto(f"{site}/records")
    _search(page, MANY_TYPED)
    expect(records_rows.filter(has_text=MANY)).to_have_count(PAGE_SIZE)
    expect(records_rows).to_have_count(PAGE_SIZE)
    first = page.url
    walk_shot(page, f"searchpost-records-{language}-{width}.png")
    page.locator("a[href^='?page=2']").click()
    expect(records_rows.filter(has_text=MANY)).to_have_count(2)  # the next page keeps it
    expect(records_rows).to_have_count(2)
    expect(page.locator("#q")).to_have_value(MANY_TYPED)
    walk_shot(page, f"searchpost-records-page2-{language}-{width}.png")
    page.go_back()
    expect(records_rows).to_have_count(PAGE_SIZE)
    assert page.url == first
    page.reload()  # no "resubmit the form?": the list is a GET
    expect(records_rows.filter(has_text=MANY)).to_have_count(PAGE_SIZE)
    expect(page.locator("#q")).to_have_value(MANY_TYPED)
    for path, table, shown in (
        ("/people", "#people-list", ONE),
        ("/register", "#register-people", "P-"),
    ):
        page.goto(f"{site}{path}")
        _search(page, ONE_TYPED)
        rows = page.locator(f"{table} tbody tr")
        expect(rows).to_have_count(1)  # Adlan Poiskov, and none of the Stranitsevs
        expect(rows.filter(has_text=shown)).to_have_count(1)
        page.reload()
        expect(rows).to_have_count(1)
        expect(page.locator("#q")).to_have_value(ONE_TYPED)
        walk_shot(page, f"searchpost-{path.strip('/')}-{language}-{width}.png")
        page.go_back()
        page.go_forward()
        expect(rows).to_have_count(1)
    page.goto(f"{site}/records")  # an unfiltered list: the search box is empty again
    expect(page.locator("#q")).to_have_value("")
    expect(records_rows).to_have_count(PAGE_SIZE)
    page.locator("form[action='/signout'] button").click()  # the session's searches go with it
    page.wait_for_url(f"{site}/signin**")
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    page.goto(first)
    expect(page.locator("#search-ended")).to_be_visible()  # not everyone as if found
    expect(page.locator("#q")).to_have_value("")
    walk_shot(page, f"searchpost-ended-{language}-{width}.png")


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_name_searched_paged_and_reloaded_is_in_no_file_of_the_browser(
    browser: Browser, site: str, web_vault: WebVault, tmp_path: Path, language: str, width: int
) -> None:
    _add(web_vault)
    profile = tmp_path / "profile"
    with profile_page(browser, profile, width) as page:
        sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
        _walk(page, site, language, width)
    assert profile_leaks(profile, _words()) == set()
