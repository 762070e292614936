"""In Chromium at phone widths: no page scrolls sideways, in English or Russian, and the menu
offers each role only what it may use (issue 14).

The pages are enumerated from the application (with the permission test's sample URLs), so a
page added later is measured too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import page_width, sign_in_in_language, switch_language, walk_shot
from fastapi import FastAPI
from permission_helpers import ROLE_USERS, RoleVault, pages, read_table, sample
from playwright.sync_api import Browser, Page, expect
from server_helpers import serving

from uncounted.vault.permissions import Role

pytestmark = pytest.mark.browser

#: Links of the menu and the page each opens (whose row in docs/permissions.md decides).
MENU_PAGES = {"Users": "/admin/users", "Grants": "/admin/grants", "Audit trail": "/admin/audit"}


@pytest.fixture(scope="module")
def role_site(role_app: FastAPI) -> Iterator[str]:
    with serving(role_app) as url:
        yield url


def sign_in(page: Page, site: str, role: Role) -> None:
    sign_in_in_language(page, site, *ROLE_USERS[role], "en")


@pytest.mark.parametrize("width", [360, 390])
def test_no_page_scrolls_sideways_on_a_phone(
    browser: Browser, role_app: FastAPI, role_site: str, role_vault: RoleVault, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    sign_in(page, role_site, Role.ADMIN)
    too_wide = {}
    for language in ("en", "ru"):
        switch_language(page, language)
        for target in sorted(pages(role_app)):
            url, _ = sample(target, role_vault, Role.ADMIN)
            answer = page.request.get(role_site + url)
            if "attachment" in answer.headers.get("content-disposition", ""):
                continue  # a download (the audit trail as CSV), not a page to lay out
            page.goto(role_site + url)
            scroll = page_width(page)
            if scroll > width:
                too_wide[f"{language} {target}"] = scroll
                walk_shot(page, f"caseworker-wide-{language}-{width}-{len(too_wide)}.png")
    assert too_wide == {}


@pytest.mark.parametrize("role", list(Role))
def test_the_menu_shows_each_role_what_it_may_use(
    browser: Browser, role_site: str, role: Role
) -> None:
    table = read_table("pages")
    page = browser.new_page()
    sign_in(page, role_site, role)
    menu = page.get_by_role("navigation", name="Main")
    for label, target in MENU_PAGES.items():
        expected = 1 if table[target][role] else 0
        expect(menu.get_by_role("link", name=label, exact=True)).to_have_count(expected)
    testimony = 1 if role in (Role.ADMIN, Role.CASEWORKER) else 0
    expect(menu.get_by_role("link", name="New testimony")).to_have_count(testimony)
