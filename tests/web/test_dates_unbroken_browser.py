"""In Chromium, ru on phones and en at 1280 px: a time a page says in words ("сегодня 02:14",
"2017-03-25 02:14 UTC") stays on one line (``web/timestamps.when``, kept whole by
``uncounted.web.unbroken``: the page's rendering, never a message's text, so the command
line's errors keep plain dates). Stop 23 kept only the error's date whole; the vault page's
"last backup made today 02:14" broke between its words on a phone. Screenshots
(dates-unbroken-*.png) go to $UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import loaded, phrase_lines, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS

pytestmark = pytest.mark.browser

SAID = {"en": "The last backup was made today", "ru": "Последняя резервная копия сделана сегодня"}
#: The time in words, its spaces of either kind (the page's are no-break).
WHEN = re.compile(r"(?:today|сегодня)\s\d\d:\d\d(?:\sUTC)?")
PHONES = range(320, 445, 5)


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_time_in_words_stays_on_one_line(
    browser: Browser, site: str, tmp_path: Path, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{site}/vault")
    with page.expect_download() as started:
        page.locator("#backup-download").click()
    started.value.save_as(tmp_path / "made.backup")
    page.reload()
    last = page.locator("#last-backup")
    expect(last).to_contain_text(SAID[language])
    loaded(page)
    found = WHEN.search(str(last.text_content()))
    assert found is not None, last.text_content()
    phrase = found.group()
    widths = PHONES if width < 640 else [width]
    broken = []
    for wide in widths:
        page.set_viewport_size({"width": wide, "height": 900})
        if phrase_lines(page, "#last-backup", phrase) != 1:
            broken.append(wide)
    assert broken == [], f"{phrase!r} broken across lines at these widths"
    page.set_viewport_size({"width": width, "height": 900})
    walk_shot(page, f"dates-unbroken-vault-{language}-{width}.png")
    page.close()
