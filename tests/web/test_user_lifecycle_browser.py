"""In Chromium (issue 15, item 1): an admin changes a user's role and deactivates them while
the user has a page open in another browser (their session ends at once), then reactivates
them; English on a desktop window."""

from __future__ import annotations

import pytest
from browser_helpers import fill_sign_in, sign_in
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

GIVEN = "a new start for boris 42 tulip"


def test_role_change_and_deactivation_end_the_user_s_open_session(
    browser: Browser, site: str
) -> None:
    admin_browser = browser.new_context(viewport={"width": 1280, "height": 900})
    user_browser = browser.new_context(viewport={"width": 1280, "height": 900})
    admin, user = admin_browser.new_page(), user_browser.new_page()
    sign_in(admin, site, ADMIN, ADMIN_PASS)
    sign_in(user, site, ANALYST, ANALYST_PASS)

    admin.goto(f"{site}/admin/users")
    row = admin.locator(f"#user-{ANALYST}")
    row.locator("select[name=role]").select_option("viewer")
    row.get_by_role("button", name="Change role").click()
    expect(admin.get_by_role("status")).to_have_text(
        "The role was changed; the user's open sessions were ended."
    )
    user.goto(f"{site}/records")
    expect(user.get_by_role("button", name="Sign in")).to_be_visible()  # signed out at once

    sign_in(user, site, ANALYST, ANALYST_PASS)
    admin.locator(f"#user-{ANALYST} a[href^='/admin/users/deactivate']").click()
    expect(admin.get_by_role("heading", name="Deactivate the user?")).to_be_visible()
    expect(admin.locator("main")).to_contain_text(f"{ANALYST} will be signed out at once")
    admin.get_by_role("button", name="Deactivate").click()
    expect(admin.get_by_role("status")).to_contain_text("The user was deactivated")
    user.goto(f"{site}/records")
    expect(user.get_by_role("button", name="Sign in")).to_be_visible()
    fill_sign_in(user, ANALYST, ANALYST_PASS)
    expect(user.get_by_text("Wrong user name, passphrase or code.")).to_be_visible()

    reactivate = admin.locator(f"#user-{ANALYST} form[action='/admin/users/reactivate']")
    reactivate.locator("input[name=passphrase]").fill(GIVEN)
    reactivate.locator("input[name=again]").fill(GIVEN)
    reactivate.locator("button").click()
    expect(admin.get_by_role("status")).to_contain_text("The user can sign in again")
    fill_sign_in(user, ANALYST, GIVEN)
    expect(user.locator("#must-change")).to_be_visible()  # the passphrase the admin gave
    admin_browser.close()
    user_browser.close()
