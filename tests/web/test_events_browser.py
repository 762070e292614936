"""In Chromium, en and ru, desktop and a 390 px phone: a caseworker records a victim detained
with two acts, a release date, a status and an intervention; the draft keeps them; the person,
record and case pages show them as labels; nothing overlaps and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from browser_helpers import (
    no_overlapping_fields,
    no_sideways_scroll,
    sign_in,
    start_testimony,
    switch_language,
    walk_shot,
)
from playwright.sync_api import Browser, expect
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
        "2019-01-20: На свободе",
        "2019-02-01: Эвакуация",
    ),
}
DRAFT_SAVED = {"en": "Draft saved, sealed in the vault", "ru": "Черновик сохранён"}


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
    sign_in(page, site, ANALYST, ANALYST_PASS)
    switch_language(page, language)
    start_testimony(page, site, "case-d", NAME)
    page.locator("#event_date").fill("2019-01-05")
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
    walk_shot(page, f"events-form-{language}-{width}.png")
    no_overlapping_fields(page)
    no_sideways_scroll(page, width)

    # the last edits kept on the server (the text above may be an earlier save's)
    expect(page.locator("form[data-draft]")).not_to_have_attribute("data-unsaved", "true")
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
    no_sideways_scroll(page, width)
    walk_shot(page, f"events-person-{language}-{width}.png")

    record_id = page.url.split("/people/", 1)[1].split("?", 1)[0]
    page.goto(f"{site}/records/{record_id}")
    for text in SHOWN[language]:
        expect(page.locator("#what-happened")).to_contain_text(text)
    no_sideways_scroll(page, width)
    walk_shot(page, f"events-record-{language}-{width}.png")

    page.goto(f"{site}/cases")
    page.locator("#cases-list").get_by_role("link", name="case-d", exact=True).click()
    expect(page.locator("#case-interventions")).to_contain_text(SHOWN[language][-1])
    no_sideways_scroll(page, width)
