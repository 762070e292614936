"""In Chromium, ru on a 390 px phone and en at 1280 px: the web's error messages are sentences,
with a capital first letter (stop 21: «этот файл уже импортирован…»): the refusal of a list
imported before, and a form's reason beside its field (a user name already taken). The words
are the messages' own (``Message.translated`` raises the first letter and ends the sentence
with a full stop, stop 22 had none; no text is written twice). The refusal quotes the source
as the language does (stop 22: 'partner-ngo' in the Russian) and its date stays on one line
on any phone (stop 22: «2026-/12-06»). Screenshots (error-sentence-*.png) go to
$UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import pytest
from browser_helpers import loaded, no_sideways_scroll, send_list, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST

pytestmark = pytest.mark.browser

LIST = (
    "record_id,name,birth_date,sex,event_type,event_date\n"
    "s-1,Synthetic Sentenceov,1990,male,detention,2017-03\n"
)
SAID = {
    "en": ("This file was imported before, on ", "A user "),
    "ru": ("Этот файл уже импортирован: ", "Пользователь "),
}
QUOTED = {"en": "'partner-ngo'", "ru": "«partner-ngo»"}
#: Phones' widths from the smallest in use to a large one: the date falls at a line's end at
#: some of them, wherever the sentence's words put it.
PHONES = range(320, 445, 5)


def _date_lines(page: Page, selector: str) -> int:
    """On how many lines the refusal's date and time ('2026-12-06 17:26 UTC') are drawn."""
    loaded(page)
    return int(
        page.evaluate(
            """(selector) => {
              const root = document.querySelector(selector);
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const m = node.data.match(/\\d{4}\\D\\d\\d\\D\\d\\d\\s\\d\\d:\\d\\d\\sUTC/u);
                if (!m) continue;
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                return new Set([...range.getClientRects()]
                  .filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
              }
              return 0;
            }""",
            selector,
        )
    )


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_the_web_says_its_errors_as_sentences(
    browser: Browser, site: str, language: str, width: int
) -> None:
    imported_before, taken = SAID[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    send_list(page, site, "partner-ngo", "partner.csv", LIST)
    page.locator("button[name=action][value=import]").click()
    expect(page.locator("main p.notice[role=status]:not([hidden])")).to_be_visible()
    send_list(page, site, "partner-ngo", "partner.csv", LIST)  # the same bytes again
    expect(page.locator("#import-refusal")).to_contain_text(imported_before)
    refusal = page.locator("#import-refusal").inner_text().strip()
    assert refusal.startswith(imported_before) and refusal.endswith("."), refusal  # stop 22: no .
    expect(page.locator("#import-refusal")).to_contain_text(QUOTED[language])
    if width < 640:
        broken = []
        for phone in PHONES:
            page.set_viewport_size({"width": phone, "height": 900})
            if _date_lines(page, "#import-refusal") != 1:
                broken.append(phone)
        assert broken == [], "the date is broken across lines at these widths"
        page.set_viewport_size({"width": width, "height": 900})
    no_sideways_scroll(page, width)
    walk_shot(page, f"error-sentence-import-{language}-{width}.png")

    page.goto(f"{site}/admin/users")
    page.locator("#new-user-name").fill(ANALYST)  # taken
    for field in ("#new-user-passphrase", "#new-user-again"):
        page.locator(field).fill("a passphrase long enough for the tests")
    page.locator("#new-user-again").press("Enter")
    reason = page.locator(":is(#new-user-name-error, #new-user-error)")
    expect(reason).to_be_visible()
    said = reason.inner_text().strip()
    assert said.startswith(taken) and said.endswith(".") and not said.endswith(".."), said
    walk_shot(page, f"error-sentence-form-{language}-{width}.png")
    page.close()
