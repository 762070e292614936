"""In Chromium: the person register. Link the lists into people, split a person, undo it,
compare two people field by field (differences marked), merge them, undo that; in English
and in Russian. Synthetic people only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import (
    broken_words,
    page_width,
    reads_as_cards,
    sign_in,
    switch_language,
    walk_shot,
)
from playwright.sync_api import Browser, Page, expect
from server_helpers import serving

from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists, people=60)
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


def _count(page: Page) -> int:
    return int(page.locator("#register-count strong").inner_text())


def test_link_split_undo_compare_merge_undo(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    unlinked = _count(page)  # every record alone until linked
    expect(page.locator("#register-count")).to_contain_text("records not yet linked")
    page.get_by_role("button", name="Link records into people").click()
    expect(page.locator("#register-count")).not_to_contain_text("records not yet linked")
    people = _count(page)
    assert people < unlinked
    expect(page.locator("#register-count")).to_contain_text("not yet reviewed")

    page.get_by_label("Show").select_option("several")
    page.get_by_role("button", name="Filter").click()
    person = page.locator("#register-people tbody a").first.inner_text()
    page.locator("#register-people tbody a").first.click()
    expect(page.locator("#person-state")).to_contain_text("linked, not reviewed")
    page.set_viewport_size({"width": 390, "height": 844})  # a reviewer on a phone
    assert reads_as_cards(page, "#person-records", 390)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator("#person-records tbody input[type=checkbox]").first.check()
    page.get_by_label("Reason (say what you compared; write no name)").fill("birth years differ")
    page.get_by_role("button", name="Split the ticked records off as another person").click()
    expect(page.locator("#person-state")).to_contain_text("confirmed by a reviewer")
    history = page.locator("#person-history")
    expect(history).to_contain_text("split")
    expect(history).to_contain_text("birth years differ")
    expect(history).to_contain_text(ADMIN)
    split_off = page.url  # the split shows the person it made (ids are random: not last in a list)
    page.goto(f"{site}/register")
    assert _count(page) == people + 1

    page.goto(split_off)
    page.get_by_role("button", name="Undo this change").first.click()
    expect(page.locator("h1")).to_contain_text(person)
    page.goto(f"{site}/register")
    assert _count(page) == people

    ids = page.locator("#register-people tbody a").all_inner_texts()[:2]
    page.get_by_label("Compare person").fill(ids[0])
    page.get_by_label("with", exact=True).fill(ids[1])
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare two people")).to_be_visible()
    expect(page.locator("#comparison tr.differs").first).to_contain_text("differs")
    page.get_by_label("Reason (say what you compared; write no name)").fill("same person")
    page.get_by_role("button", name="Merge: they are one person").click()
    expect(page.locator("#person-history")).to_contain_text("merged")
    merged = page.locator("h1 .pseudonym").inner_text()
    assert merged not in ids
    page.goto(f"{site}/register")
    assert _count(page) == people - 1
    page.goto(f"{site}/register/{merged}")
    page.get_by_role("button", name="Undo this change").click()
    page.goto(f"{site}/register")
    assert _count(page) == people
    assert set(ids) <= set(page.locator("#register-people tbody a").all_inner_texts())


def test_the_register_reads_in_russian_at_phone_width(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    page.goto(f"{site}/register")
    expect(page.get_by_role("heading", name="Люди")).to_be_visible()
    expect(page.locator("#register-count")).to_contain_text("ещё не связан")
    page.get_by_role("button", name="Связать записи в людей").click()
    expect(page.locator("#register-count")).to_contain_text(
        re.compile(r"человек учтено как пострадавшие")
    )
    width = page_width(page)
    assert width <= 390 + 1  # nothing pushes the page sideways on a phone
    _person_leads_to_its_case(page, "ru", 390)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_register_table_keeps_its_words_whole_on_a_wide_screen(
    browser: Browser, site: str, language: str
) -> None:
    """Walking the demo at 1280 px (walkday3) the register's columns read 'Record/s' and
    'Victi/m' ('Пострадавши/й'): its names and their other script, with the birth year, took
    the width and the short columns broke inside words."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    page.goto(f"{site}/register")
    page.locator("form[action='/register/link'] button").click()
    expect(page.locator("#register-people tbody tr").first).to_be_visible()
    assert broken_words(page, "#register-people") == []
    assert page_width(page) <= 1280  # whole words, and nothing past the screen's edge
    _person_leads_to_its_case(page, language, 1280)
    page.close()


def _person_leads_to_its_case(page: Page, language: str, width: int) -> None:
    """walkday5: a person's page led to each record but to no case. It names the case of its
    records with a link to the case's page (screenshot register-person-*.png)."""
    page.locator("#register-people tbody a").first.click()
    cases = page.locator("#person-cases a")
    expect(cases.first).to_be_visible()
    expect(page.locator("#person-cases")).to_contain_text("Дел" if language == "ru" else "Case")
    assert page_width(page) <= width + 1
    walk_shot(page, f"register-person-{language}-{width}.png")
    name = cases.first.inner_text()
    cases.first.click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    expect(page.locator("h1")).to_contain_text(name)
