"""In Chromium, as the admin, en at 1280 px and ru at 390 px: failed sign-ins made before a
restart of the server are in the audit trail after it; panic-after-N is set on the Vault page
with its confirmation; a user whose passphrase the admin set sees only the Passphrase page."""

from __future__ import annotations

import pytest
from browser_helpers import (
    fill_sign_in,
    no_sideways_scroll,
    send_sign_in,
    sign_in,
    switch_language,
    walk_shot,
)
from playwright.sync_api import Browser, Page, expect
from server_helpers import serving
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, WebVault

from uncounted.services import users, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "failed": "failed to sign in",
        "count": "how many: 2",
        "saved": "The setting was saved.",
    },
    "ru": {
        "failed": "Неудачная попытка входа",
        "count": "сколько: 2",
        "saved": "Настройка сохранена.",
    },
}
NEWCOMER, GIVEN = "nadia", "a passphrase the admin chose for nadia"


def _fail(page: Page, site: str, user: str) -> None:
    page.goto(f"{site}/signin")
    fill_sign_in(page, user, "a wrong guess at the passphrase")
    expect(page.locator("main")).to_contain_text("Wrong user name, passphrase or code.")


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_admin_sees_failures_from_before_a_restart_and_sets_panic_after(
    browser: Browser, web_vault: WebVault, language: str, width: int
) -> None:
    words = WORDS[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    with serving(app_for_vault(WebSettings(vault=web_vault.path))) as first:
        _fail(page, first, ANALYST)
        _fail(page, first, ANALYST)
    with serving(app_for_vault(WebSettings(vault=web_vault.path))) as site:  # restarted
        sign_in(page, site, ADMIN, ADMIN_PASS)
        switch_language(page, language)
        page.goto(f"{site}/admin/audit?action=signin.failed")
        row = page.locator("#audit-entries tbody tr").filter(has_text=ANALYST)
        expect(row).to_contain_text(words["failed"])
        expect(row).to_contain_text(words["count"])
        no_sideways_scroll(page, width)
        walk_shot(page, f"audit-failures-{language}-{width}.png")

        page.goto(f"{site}/vault")
        page.locator("#panic-failures").fill("10")
        page.locator("#panic-save").click()  # the box is not ticked: the browser holds the form
        expect(page.locator("#panic-confirm")).to_be_visible()
        assert vaults.panic_after(web_vault.path) is None
        page.locator("#panic-confirm").check()
        page.locator("#panic-save").click()
        expect(page.locator(".notice")).to_have_text(words["saved"])
        expect(page.locator("#panic-after")).to_contain_text("10")
        assert vaults.panic_after(web_vault.path) == 10
        no_sideways_scroll(page, width)
        walk_shot(page, f"vault-panic-{language}-{width}.png")
    page.close()


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_a_user_with_an_admin_set_passphrase_gets_only_the_passphrase_page(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, NEWCOMER, "caseworker", GIVEN)  # admin-set: the default
    page = browser.new_page(viewport={"width": width, "height": 900})
    send_sign_in(page, site, NEWCOMER, GIVEN, language)
    page.wait_for_load_state("load")
    assert "/account/passphrase" in page.url
    page.goto(f"{site}/records")
    page.wait_for_load_state("load")
    assert "/account/passphrase" in page.url
    no_sideways_scroll(page, width)
    walk_shot(page, f"forced-change-{language}-{width}.png")
    page.close()
