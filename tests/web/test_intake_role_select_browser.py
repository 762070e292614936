"""In Chromium, en and ru, at 1280 px and on a 390 px phone: the role select of every person
of the testimony form shows its words whole. At 1280 px a person's grid gave it one column of
242 px, and "Choose the role in this event" (264 px in Russian) was cut for Person 2 and every
person added after (seen at stop 20), and the kind of source's "Обращение на горячую линию";
they take two columns where the grid has two."""

from __future__ import annotations

import pytest
from browser_helpers import (
    cut_selects,
    no_overlapping_fields,
    no_sideways_scroll,
    sign_in_in_language,
    walk_shot,
)
from playwright.sync_api import Browser, expect
from web_helpers import ANALYST, ANALYST_PASS

pytestmark = pytest.mark.browser

BLANK = {"en": "Choose the role in this event", "ru": "Выберите роль в этом событии"}


@pytest.mark.parametrize(
    ("language", "width"), [("en", 1280), ("ru", 1280), ("en", 390), ("ru", 390)]
)
def test_every_persons_role_select_shows_its_words_whole(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    page.goto(f"{site}/testimony")
    page.locator("button[name=action][value=more]").click()
    second = page.locator("#people-1-role")
    expect(second).to_be_visible()
    expect(second.locator("option:checked")).to_have_text(BLANK[language])
    roles = "form.intake select[id^=people-][id$=-role]"
    assert page.locator(roles).count() >= 2
    assert cut_selects(page, "form.intake select") == []  # the kind of source was cut too
    no_overlapping_fields(page)
    no_sideways_scroll(page, width)
    second.scroll_into_view_if_needed()
    walk_shot(page, f"role-select-{language}-{width}.png")
    page.close()
