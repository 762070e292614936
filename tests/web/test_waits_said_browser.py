"""What a tired user sees while the first search and the first draft are made, in Chromium, in
English and Russian: a page that says what is under way and reloads itself into the answer,
never a blank page; opening the draft again meanwhile starts no second draft.

Each test holds the condition it looks at instead of racing it: the draft's step is held by
holding the session's vault (the draft reads its input with it held), and the search's wait
by a record added after the session's index was read (a server that waits above 0 records
unread). Screenshots (waits-*.png) go to $UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import sign_in, switch_language, walk_shot
from playwright.sync_api import Browser, Page, expect
from server_helpers import serving
from web_helpers import ADMIN, ADMIN_PASS, GRANTED_NAME, WebVault, add_victims

from uncounted.web import WebSettings, app_for_vault
from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell

pytestmark = pytest.mark.browser

DRAFT_WAIT = {
    "en": "Making the draft report, step 1 of 2: reading the records and the register.",
    "ru": "Черновик отчёта готовится, шаг 1 из 2: чтение записей и реестра.",
}
DRAFT_TITLE = {"en": "Documented persecution", "ru": "Задокументированные преследования"}
SEARCH_WAIT = {
    "en": "Getting the records ready for search: ",
    "ru": "Записи готовятся к поиску: прочитано ",
}


@pytest.fixture
def served(web_vault: WebVault) -> Iterator[tuple[str, Shell]]:
    """The test vault served by an app whose searches wait for any record left unread."""
    app = app_for_vault(WebSettings(vault=web_vault.path, search_waits_above=0))
    with serving(app) as site:
        yield site, app.state.shell


def _signed_in(browser: Browser, served: tuple[str, Shell], width: int) -> tuple[Page, WebSession]:
    """A page of *width* signed in as the administrator, and the server's session for it."""
    site, shell = served
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    (session,) = shell.sessions.live()
    return page, session


@pytest.mark.parametrize("width", [1280, 390])
def test_the_draft_says_its_step_and_a_second_opening_starts_no_second_draft(
    browser: Browser, served: tuple[str, Shell], width: int
) -> None:
    site, shell = served
    page, session = _signed_in(browser, served, width)
    for language in ("en", "ru"):
        page.goto(f"{site}/reports")
        switch_language(page, language)
        with session.lock:  # the draft cannot read its input: its first step stays under way
            page.locator("#report-draft").click()
            expect(page.locator("#draft-wait strong")).to_have_text(DRAFT_WAIT[language])
            expect(page.locator("#draft-steps [aria-current=step]")).to_have_count(1)
            walk_shot(page, f"waits-draft-{language}-{width}.png")
            job = session.draft
            page.goto(f"{site}/reports/draft")  # opened again while it is made
            expect(page.locator("#draft-wait strong")).to_have_text(DRAFT_WAIT[language])
            assert session.draft is job
            drafts = shell.long_work.borrowed_tokens if shell.long_work else 0  # one each
            assert drafts == 1, "a second opening started a second draft"
        # let go: the page reloads itself into the draft, in the page's language
        expect(page.locator("h1")).to_contain_text(DRAFT_TITLE[language], timeout=60_000)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert page.evaluate("() => document.scripts.length") == 0
        assert GRANTED_NAME not in page.content()
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_search_before_the_records_are_ready_says_so_and_answers_by_itself(
    browser: Browser, served: tuple[str, Shell], web_vault: WebVault, width: int
) -> None:
    site, _shell = served
    page, session = _signed_in(browser, served, width)
    for language in ("en", "ru"):
        reader = session.index_reader
        assert reader is not None  # sign-in started reading the index
        reader.join(60)  # every record read: the next record added is the one left unread
        add_victims(web_vault, [f"Тестовая Запись {language}"])
        page.goto(f"{site}/records")
        switch_language(page, language)
        page.locator("#q").fill("Тестов")
        page.locator("#q").press("Enter")
        expect(page.locator("#search-wait strong")).to_contain_text(SEARCH_WAIT[language])
        expect(page.locator("#search-wait-progress")).to_be_visible()
        walk_shot(page, f"waits-search-{language}-{width}.png")
        # read meanwhile, the page reloads itself into what was found
        expect(page.locator("#records-list")).to_contain_text(GRANTED_NAME, timeout=60_000)
        expect(page.locator("#records-list")).to_contain_text(f"Тестовая Запись {language}")
        expect(page.locator("#q")).to_have_value("Тестов")
    page.close()
