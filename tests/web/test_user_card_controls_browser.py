"""In Chromium, ru on a 390 px phone and en at 1280 px: every control on the administrator's
user cards is at least 44 px high, not only the three links (test_user_actions_browser.py):
the role select and "Change role", "Turn off the sign-in code" of a user whose code is on, and
a deactivated user's new passphrase and "Reactivate" (at stop 21 the role select, "Change role"
and turning off the code were 30-34 px on a phone). Screenshots (user-card-*.png) go to
$UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import loaded_box, no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from server_helpers import serving
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import totp, users, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

TAP = 44  # px: the smallest target a finger hits reliably (WCAG 2.5.5, Apple, Android)
GONE = "dina"  # a deactivated user: her card offers a new passphrase and Reactivate
CONTROLS = ':is(button, select, input:not([type="hidden"]), a.button)'
#: what each card must offer, so the test cannot pass on a card with fewer controls
EXPECTED = {ANALYST: 6, GONE: 4}  # role, Change role, code off, three links; 2 fields, button, link


@pytest.fixture
def cards_site(web_vault: WebVault) -> Iterator[str]:
    """The test vault with the caseworker's sign-in code on and a deactivated user, served."""
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS) as caseworker:
        totp.enable_now(caseworker)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, GONE, "viewer", "dina's passphrase for the tests", admin_set=False)
        users.deactivate_user(admin, GONE)
    with serving(app_for_vault(WebSettings(vault=web_vault.path))) as url:
        yield url


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_every_control_on_a_user_card_is_tall_enough_to_tap(
    browser: Browser, cards_site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, cards_site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{cards_site}/admin/users")
    for user, count in EXPECTED.items():
        controls = page.locator(f"#user-{user} {CONTROLS}")
        expect(controls).to_have_count(count)
        for n in range(count):
            box = loaded_box(page, f"#user-{user} {CONTROLS} >> nth={n}")
            said = controls.nth(n).evaluate("(e) => e.textContent.trim() || e.id")
            assert box["height"] >= TAP, (user, said, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (user, said, box)
    no_sideways_scroll(page, width)
    walk_shot(page, f"user-card-{language}-{width}.png")
    page.close()
