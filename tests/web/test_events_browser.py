"""In Chromium, en and ru, desktop and a 390 px phone: a caseworker records a victim detained
with two acts, a release date, a status and an intervention; the draft keeps them; the person,
record and case pages show them as labels; nothing overlaps and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from web_helpers import ANALYST, ANALYST_PASS, WebVault

from uncounted.services import records, vaults

pytestmark = pytest.mark.browser

NAME = "Ruslan Testov-Detainov"  # synthetic
SHOWN = {
    "en": (
        "Arrest or apprehension",
        "Beating",
        "15 days",
        "Unofficial place of detention",
        "2019-01-20: Released",
        "2019-02-01: Evacuation",
    ),
    "ru": (
        "Задержание",
        "Избиение",
        "15 дней",
        "Неофициальное место содержания",
        "2019-01-20: Освобождён(а)",
        "2019-02-01: Эвакуация",
    ),
}
DRAFT_SAVED = {"en": "Draft saved, sealed in the vault", "ru": "Черновик сохранён"}


def _sign_in(page: Page, site: str, language: str) -> None:
    page.goto(f"{site}/signin")
    page.locator("#user").fill(ANALYST)
    page.locator("#passphrase").fill(ANALYST_PASS)
    page.locator("form[action='/signin'] button[type=submit]").click()
    page.wait_for_url(f"{site}/")
    if language != "en":
        page.locator("#language-select").select_option(language)
        page.locator("form[action='/language'] button").click()
        expect(page.locator("html")).to_have_attribute("lang", language)


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _no_overlaps(page: Page) -> None:
    """No two visible fields of the form (labels, inputs, selects, buttons) overlap."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('form.intake .field, form.intake button.add')]
            .filter(e => e.checkVisibility())
            .map(e => [e.getBoundingClientRect(), e.querySelector('[id]')?.id || e.textContent])
            .filter(([r, _]) => r.width > 0 && r.height > 0)
            .map(([r, name]) => [Math.round(r.left), Math.round(r.top), Math.round(r.right),
                                 Math.round(r.bottom), name.trim()])"""
    )
    for i, (left, top, right, bottom, _) in enumerate(boxes):
        for other in boxes[i + 1 :]:
            apart = right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
            assert apart, f"fields overlap: {boxes[i]} and {other}"


def _stored(web_vault: WebVault) -> int:
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS) as vault:
        return len(records.list_records(vault))


@pytest.mark.parametrize(
    ("language", "width"), [("en", 1280), ("ru", 1280), ("en", 390), ("ru", 390)]
)
def test_a_detention_with_two_acts_a_release_and_help_is_recorded_and_shown(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    _sign_in(page, site, language)
    page.goto(f"{site}/testimony")
    page.locator("#case").fill("case-d")
    page.locator("#event_type").select_option("detention")
    page.locator("#event_date").fill("2019-01-05")
    page.locator("#people-0-role").select_option("victim")
    page.locator("#people-0-name").fill(NAME)
    # detention and help are folded until needed
    expect(page.locator("#people-0-detained_from")).to_be_hidden()
    expect(page.locator("#people-0-intervention-0")).to_be_hidden()
    page.locator("#people-0-act_type-0").select_option("arrest")
    page.locator("button[name=action][value=act-0]").click()  # "Add an act": one more
    expect(page.locator("#people-0-act_type-1")).to_be_focused()
    expect(page.locator("#people-0-act_type-2")).to_have_count(0)
    expect(page.locator("#people-0-name")).to_have_value(NAME)  # what was typed is kept
    page.locator("#people-0-act_type-1").select_option("beating")

    page.locator("details.detention").first.locator("summary").click()
    page.locator("#people-0-detained_from").fill("2019-01-05")
    page.locator("#people-0-detained_until").fill("2019-01-20")
    page.locator("#people-0-detention_place").select_option("ru-ce-grozny")
    page.locator("#people-0-detention_kind").select_option("secret_facility")
    page.locator("#people-0-status-0").select_option("released")
    page.locator("#people-0-status_date-0").fill("2019-01-20")
    page.locator("details.help").first.locator("summary").click()
    page.locator("#people-0-intervention-0").select_option("evacuation")
    page.locator("#people-0-intervention_date-0").fill("2019-02-01")
    before = _stored(web_vault)
    page.locator("#people-0-detained_until").press("Enter")  # never records the testimony
    expect(page.locator(".draft-state")).to_contain_text(DRAFT_SAVED[language])
    assert page.url == f"{site}/testimony" and _stored(web_vault) == before
    page.screenshot(path=f"/tmp/events-form-{language}-{width}.png", full_page=True)
    _no_overlaps(page)
    _no_sideways_scroll(page, width)

    page.goto(f"{site}/testimony")  # the sealed draft brings every new field back
    expect(page.locator("#people-0-act_type-1")).to_have_value("beating")
    expect(page.locator("#people-0-detained_until")).to_be_visible()
    expect(page.locator("#people-0-detained_until")).to_have_value("2019-01-20")
    expect(page.locator("#people-0-detention_kind")).to_have_value("secret_facility")
    expect(page.locator("#people-0-status-0")).to_have_value("released")
    expect(page.locator("#people-0-intervention-0")).to_have_value("evacuation")
    expect(page.locator("#people-0-intervention_date-0")).to_have_value("2019-02-01")

    page.locator("form.intake button[type=submit]:not([name]):not([disabled])").click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    happened = page.locator("#what-happened")
    for text in SHOWN[language]:
        expect(happened).to_contain_text(text)
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"/tmp/events-person-{language}-{width}.png", full_page=True)

    record_id = page.url.split("/people/", 1)[1].split("?", 1)[0]
    page.goto(f"{site}/records/{record_id}")
    for text in SHOWN[language]:
        expect(page.locator("#what-happened")).to_contain_text(text)
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"/tmp/events-record-{language}-{width}.png", full_page=True)

    page.goto(f"{site}/cases/view?name=case-d")
    expect(page.locator("#case-interventions")).to_contain_text(SHOWN[language][-1])
    _no_sideways_scroll(page, width)
