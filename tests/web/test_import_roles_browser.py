"""In Chromium, ru at 390 px and en at 1280 px: an analyst (whose role may not import lists)
finds no Import in the menu, and opening /import anyway (a bookmark, a link a colleague sent)
is told at once, before choosing any file, that the role may not import lists and whom to ask;
no upload form is offered. Screenshots (import-role-*.png) go to $UNCOUNTED_WALK_SHOTS when
it is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import broken_words, page_width, sign_in, switch_language, walk_shot
from fastapi import FastAPI
from permission_helpers import ROLE_USERS
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.vault.permissions import Role

pytestmark = pytest.mark.browser

SAID = {
    "en": "Your role (analyst) may not import lists. Ask a colleague whose role allows it",
    "ru": "Ваша роль (аналитик) не позволяет импортировать списки. Попросите",
}


@pytest.fixture(scope="module")
def role_site(role_app: FastAPI) -> Iterator[str]:
    with serving(role_app) as url:
        yield url


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_an_analyst_is_told_before_choosing_a_file(
    browser: Browser, role_site: str, language: str, width: int
) -> None:
    name, passphrase = ROLE_USERS[Role.ANALYST]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, role_site, name, passphrase)
    switch_language(page, language)
    expect(page.locator("nav a[href='/import']")).to_have_count(0)
    page.goto(f"{role_site}/import")
    said = page.locator("#import-not-permitted")
    expect(said).to_be_visible()
    expect(said).to_contain_text(SAID[language])
    expect(page.locator("input[type=file]")).to_have_count(0)
    assert page_width(page) <= width
    assert broken_words(page, "#import-not-permitted") == []
    walk_shot(page, f"import-role-{language}-{width}.png")
    page.context.close()
