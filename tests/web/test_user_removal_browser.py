"""In Chromium, in Russian on a 390 px phone: a user the admin added must change the passphrase
before anything else; the admin removes a user after the confirmation; the Users table is
laid out as stacked rows (no name broken mid-word)."""

from __future__ import annotations

import pytest
from browser_helpers import (
    computed_style,
    page_width,
    send_sign_in,
    sign_in,
    switch_language,
)
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS

pytestmark = pytest.mark.browser

DINA = "dina"
GIVEN = "meadow copper violin thursday"
OWN = "only dina knows these seven words"


def test_a_new_user_changes_the_given_passphrase_first_and_is_removed_later(
    browser: Browser, site: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, "ru")
    page.goto(f"{site}/admin/users")
    page.locator("#new-user-name").fill(DINA)
    page.locator("#new-user-role").select_option("caseworker")
    page.locator("#new-user-passphrase").fill(GIVEN)
    page.locator("#new-user-again").fill(GIVEN)
    page.get_by_role("button", name="Добавить пользователя").click()
    row = page.locator(f"#user-{DINA}")
    expect(row).to_contain_text("Сотрудник по делам")  # the role in words, in Russian
    # stacked on a phone: each cell a full-width line, no cell narrower than its words
    assert computed_style(page, f"#user-{DINA} td", "display") == "block"
    assert page_width(page) <= 390
    page.locator("form[action='/signout'] button").click()

    send_sign_in(page, site, DINA, GIVEN)
    expect(page.locator("#must-change")).to_contain_text(
        "Вашу парольную фразу выбрал администратор"
    )
    page.goto(f"{site}/records")
    expect(page.locator("#must-change")).to_be_visible()  # nothing else opens
    # so the header offers only what works here: signing out and the language
    expect(page.locator("header nav")).to_have_count(0)
    expect(page.locator("header a")).to_have_count(0)
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
    expect(page.get_by_label("Язык")).to_be_visible()
    page.locator("#current-passphrase").fill(GIVEN)
    page.locator("#new-passphrase").fill(OWN)
    page.locator("#again-passphrase").fill(OWN)
    page.locator("form[action='/account/passphrase'] button[type=submit]").click()
    expect(page.get_by_role("status")).to_have_text("Ваша парольная фраза изменена.")
    page.goto(f"{site}/records")
    expect(page.locator("#must-change")).to_have_count(0)
    page.locator("form[action='/signout'] button").click()

    send_sign_in(page, site, ADMIN, ADMIN_PASS)
    page.goto(f"{site}/admin/users")
    page.locator(f"#user-{DINA} a[href^='/admin/users/remove']").click()
    expect(page.get_by_role("heading", name="Удалить пользователя навсегда?")).to_be_visible()
    page.get_by_role("button", name="Удалить навсегда").click()
    expect(page.get_by_role("status")).to_contain_text("Учётная запись удалена навсегда")
    expect(page.locator(f"#user-{DINA}")).to_have_count(0)
    page.locator("form[action='/signout'] button").click()
    send_sign_in(page, site, DINA, OWN)
    expect(page.locator("#passphrase")).to_be_visible()  # refused: still the sign-in page
    page.close()
