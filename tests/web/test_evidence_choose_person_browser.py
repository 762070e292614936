"""In Chromium, ru on a 390 px phone and en at 1280 px: on a case's page the form that attaches
files asks whose they are, with nobody chosen yet, and sends nothing until someone is. Walking
the demo vault (walkday4, session 23), the case page's list already showed the first of the
case's 122 people («Сайлаев Иса Хусейнович (16WT-0E9J)»): a caseworker who picked a file and
pressed Attach had it filed under a stranger, for good in the ledger. The same «Выберите…»
as the testimony and claims forms. Screenshots (evidence-choose-*.png) go to
$UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import loaded, no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS, WebVault

pytestmark = pytest.mark.browser

CHOOSE = {"en": "Choose…", "ru": "Выберите…"}
ATTACHED = {"en": "1 file was attached.", "ru": "Прикреплён 1 файл."}


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_case_pages_files_go_to_nobody_until_a_person_is_chosen(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)  # a caseworker of case-a
    page.goto(f"{site}/cases")
    page.locator("main a", has_text="case-a").first.click()
    loaded(page)
    case_page = page.url
    chooser = page.locator("#evidence-record")
    expect(chooser).to_have_value("")  # nobody chosen for the caseworker
    expect(chooser.locator("option").first).to_have_text(CHOOSE[language])
    page.locator("#evidence-files").set_input_files(
        {"name": "spravka.txt", "mimeType": "text/plain", "buffer": b"synthetic"}
    )
    page.locator("#attach-evidence button[type=submit]").click()
    assert chooser.evaluate("(select) => select.validity.valueMissing") is True
    assert page.url == case_page  # nothing was sent
    expect(page.locator("#evidence .notice")).to_have_count(0)
    no_sideways_scroll(page, width)
    walk_shot(page, f"evidence-choose-{language}-{width}.png")

    chooser.select_option(web_vault.granted_id)
    page.locator("#attach-evidence button[type=submit]").click()
    expect(page.locator("#evidence .notice")).to_have_text(ATTACHED[language])
    page.goto(f"{site}/records/{web_vault.granted_id}")
    expect(page.locator("#evidence li.evidence-entry")).to_have_count(1)  # filed under them
    page.close()
