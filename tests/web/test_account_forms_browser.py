"""Three forms walked in Chromium that only page tests covered: setting a duress passphrase,
an administrator's reset of a lost passphrase, and the Vault page's QR code (it shows, and it
holds what the page says: the key fingerprint and the log's hash)."""

from __future__ import annotations

import base64
import io

import pytest
import segno
from browser_helpers import (
    no_sideways_scroll,
    send_sign_in,
    sign_in,
    sign_in_in_language,
)
from PIL import Image
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import vaults

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DURESS = "river stone under pressure"  # synthetic
NEW = "seven purple otters juggle quietly"  # synthetic


def test_a_caseworker_sets_a_duress_passphrase_on_a_phone_in_russian(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, "ru")
    page.goto(f"{site}/account/passphrase")
    page.locator("#duress-current").fill(ANALYST_PASS)
    page.locator("#duress-new").fill(DURESS)
    page.locator("#duress-again").fill(DURESS)
    page.locator("form[action='/account/passphrase/duress'] button").click()
    expect(page.locator("main .notice")).to_have_text(
        "Ваша парольная фраза под принуждением задана."
    )
    no_sideways_scroll(page, 390)
    page.close()
    with vaults.unlock(web_vault.path, ANALYST, DURESS) as decoy:  # opens the decoy
        assert decoy.is_decoy


def test_an_admin_resets_a_lost_passphrase_and_the_user_must_change_it(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.goto(f"{site}/admin/users")
    page.locator(f"#user-{ANALYST}").get_by_role("link", name="Reset the passphrase").click()
    expect(page.get_by_role("heading", name="Reset the passphrase?")).to_be_visible()
    page.get_by_label("Recovery secret").fill("not the recovery secret")
    page.get_by_label("New passphrase (tell it to the user in person)").fill(NEW)
    page.get_by_label("New passphrase again").fill(NEW)
    page.get_by_role("button", name="Reset the passphrase").click()
    expect(page.locator("#reset-recovery-error")).to_be_visible()  # beside its field
    expect(page.get_by_label("New passphrase (tell it to the user in person)")).to_have_value("")
    page.get_by_label("Recovery secret").fill(web_vault.recovery_secret)
    page.get_by_label("New passphrase (tell it to the user in person)").fill(NEW)
    page.get_by_label("New passphrase again").fill(NEW)
    page.get_by_role("button", name="Reset the passphrase").click()
    expect(page.locator("main .notice")).to_contain_text("The passphrase was reset")
    page.get_by_role("button", name="Sign out").click()
    send_sign_in(page, site, ANALYST, NEW, "en")  # the new one opens, and must be changed first
    expect(page.locator("#must-change")).to_be_visible()
    page.close()


def _modules(png: bytes, size: int) -> list[list[bool]]:
    """The dark modules of a QR code of *size* modules in a screenshot: the grid is read from
    where the dark modules start and end (the finder patterns fill three corners), each module
    by the pixel at its centre."""
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = [
        (x, y)
        for x in range(image.width)
        for y in range(image.height)
        if image.getpixel((x, y)) < 128
    ]
    left, top = min(x for x, _ in dark), min(y for _, y in dark)
    right, bottom = max(x for x, _ in dark), max(y for _, y in dark)
    step_x, step_y = (right - left + 1) / size, (bottom - top + 1) / size
    return [
        [
            image.getpixel((int(left + (x + 0.5) * step_x), int(top + (y + 0.5) * step_y))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_vault_pages_qr_code_holds_what_the_page_says(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    page.goto(f"{site}/vault")
    fingerprint = page.locator("#key-fingerprint").inner_text()
    root = page.locator("#root-hash").inner_text()
    checkpoint = page.locator("#publishable").inner_text().splitlines()
    assert base64.b64decode(checkpoint[2]).hex() == root  # the published head's own hash
    qr = page.locator("img.qr")
    expect(qr).to_be_visible()
    page.wait_for_load_state("load")
    box = qr.bounding_box()
    assert box and box["width"] >= 200 and box["x"] + box["width"] <= width
    shown = qr.screenshot()
    no_sideways_scroll(page, width)
    page.close()
    expected = segno.make(f"{fingerprint} {root}", error="m")
    size = expected.symbol_size(border=0)[0]
    dark = [[bool(bit) for bit in row] for row in expected.matrix]
    assert _modules(shown, size) == dark
