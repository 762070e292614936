"""In Chromium, on a 390 px phone (ru and en) and at 1280 px: the administrator's user card
offers resetting the passphrase, deactivating and removing for good as three separate
controls one can tap, each at least 44 px high and apart from the others (they were bare
links side by side on one line, seen at stop 20), the removal marked as the dangerous one;
each still asks for confirmation before anything is done."""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST

pytestmark = pytest.mark.browser

#: the three controls on the caseworker's card, and the question each opens
ACTIONS = {
    "en": (
        ("Reset the passphrase", "Reset the passphrase?"),
        ("Deactivate", "Deactivate the user?"),
        ("Remove for good", "Remove the user for good?"),
    ),
    "ru": (
        ("Сбросить парольную фразу", "Сбросить парольную фразу?"),
        ("Отключить", "Отключить пользователя?"),
        ("Удалить навсегда", "Удалить пользователя навсегда?"),
    ),
}
TAP = 44  # px: the smallest target a finger hits reliably (WCAG 2.5.5, Apple, Android)


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 390), ("en", 1280)])
def test_the_user_cards_actions_are_separate_controls_one_can_tap(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{site}/admin/users")
    card = page.locator(f"#user-{ANALYST}")
    boxes = []
    for name, _ in ACTIONS[language]:
        control = card.get_by_role("link", name=name, exact=True)
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None
        assert box["height"] >= TAP and box["width"] >= TAP, (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
        boxes.append((name, box))
    for i, (name, box) in enumerate(boxes):
        for other, second in boxes[i + 1 :]:
            apart = (
                box["x"] + box["width"] + 8 <= second["x"]
                or second["x"] + second["width"] + 8 <= box["x"]
                or box["y"] + box["height"] + 8 <= second["y"]
                or second["y"] + second["height"] + 8 <= box["y"]
            )
            assert apart, f"{name} and {other} are not 8 px apart: {box}, {second}"
    no_sideways_scroll(page, width)
    card.scroll_into_view_if_needed()
    walk_shot(page, f"user-actions-{language}-{width}.png")
    for name, question in ACTIONS[language]:  # each asks first; going back changes nothing
        card.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=question)).to_be_visible()
        page.go_back()
        expect(card).to_be_visible()
    page.close()
