"""In Chromium, en at 1280 px and ru at a 390 px phone: after consent is withdrawn, an
administrator is told which backups still hold the identity and what to do. The withdrawal
form counts the backups made so far; the record's tombstone says older backups hold it and
links to the published-head page, which lists the backups made before the last withdrawal
(from the vault's own audit trail) with the steps: make a new backup, check it opens, destroy
the old ones everywhere. Once a backup is made after the withdrawal, the first step says to
keep it. Real vault, real backups; synthetic people."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import no_sideways_scroll, sign_in, switch_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, WebVault

from uncounted.services import backups, vaults

pytestmark = pytest.mark.browser

SAID = {
    "en": {
        "counted": "1 backup of this vault has been made so far",
        "listed": "1 backup made before the withdrawal",
        "make": "Make a new backup now",
        "keep": "keep it",
    },
    "ru": {
        "counted": "Сделана 1 резервная копия хранилища",
        "listed": "1 резервная копия сделана до отзыва согласия",
        "make": "Сделайте новую резервную копию сейчас",
        "keep": "сохраните её",
    },
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_admin_is_told_which_backups_hold_a_withdrawn_identity(
    browser: Browser, site: str, web_vault: WebVault, tmp_path: Path, language: str, width: int
) -> None:
    said = SAID[language]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        backups.backup_vault(admin, tmp_path / "before.backup")
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    page.goto(f"{site}/vault")
    expect(page.locator("#withdrawn-backups")).to_have_count(0)  # nothing withdrawn yet

    record = web_vault.granted_id
    page.goto(f"{site}/records/{record}")
    code = page.locator("dd.pseudonym").inner_text().strip()
    page.goto(f"{site}/records/{record}/withdraw")
    expect(page.locator("#withdraw-backups")).to_contain_text(said["counted"])
    page.locator("#code").fill(code)
    page.locator("form[action$='/withdraw'] button[type=submit]").click()
    page.wait_for_url(f"{site}/records/{record}")
    notice = page.locator("#withdrawn-backups-notice")
    expect(notice).to_be_visible()
    no_sideways_scroll(page, width)
    walk_shot(page, f"5-withdrawn-{language}-{width}.png")

    notice.locator("a[href='/vault#withdrawn-backups']").click()
    page.wait_for_url(f"{site}/vault#withdrawn-backups")
    listed = page.locator("#withdrawn-backups-list")
    expect(listed.locator("caption")).to_have_text(said["listed"])
    expect(listed.locator("tbody tr")).to_have_count(1)
    expect(listed.locator("tbody")).to_contain_text("before.backup")
    steps = page.locator("#withdrawn-backups-steps li")
    expect(steps).to_have_count(3)
    expect(steps.first).to_contain_text(said["make"])
    no_sideways_scroll(page, width)
    walk_shot(page, f"5-vault-{language}-{width}.png")

    with page.expect_download() as started:  # the new backup, made after the withdrawal
        page.locator("#backup-download").click()
    started.value.save_as(tmp_path / "after.backup")
    page.reload()
    expect(steps.first).to_contain_text(said["keep"])
    expect(listed.locator("tbody tr")).to_have_count(1)  # the new one holds nothing withdrawn
    page.close()
