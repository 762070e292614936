"""In Chromium, in English and Russian: importing the same list three times (and a double
click on Import) leaves the people count unchanged and shows the refusal naming the first
import; two testimonies about one detainee become one person after review. Synthetic people.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import sign_in
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, WebVault

pytestmark = pytest.mark.browser

LIST = (
    "record_id,name,birth_date,sex,event_type,event_date\n"
    + "".join(
        f"e-{i},Synthetic Person{i}ov,1990-02-{i + 1:02d},male,detention,2017-03-0{i % 9 + 1}\n"
        for i in range(8)
    )
).encode()


def _people(page: Page, site: str) -> int:
    page.goto(f"{site}/")
    return int(page.locator("#dashboard-people strong").inner_text())


def _choose(page: Page, site: str, source_label: str, file_label: str, button: str) -> None:
    page.goto(f"{site}/import")
    page.get_by_label(source_label).fill("partner-ngo")
    page.get_by_label(file_label).set_input_files(
        {"name": "partner.csv", "mimeType": "text/csv", "buffer": LIST}
    )


def test_a_list_imported_three_times_counts_its_people_once(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page()
    sign_in(page, site, ADMIN, ADMIN_PASS)
    before = _people(page, site)
    source, listing = "Source (who compiled the list)", "List file"
    _choose(page, site, source, listing, "Import")
    page.get_by_role("button", name="Read the file and check its columns").click()
    page.get_by_role("button", name="Import the list").dblclick()  # a double click: one import
    expect(page.get_by_text("Imported 8 records")).to_be_visible()
    once = _people(page, site)
    assert once == before + 8
    for _ in range(2):  # refused as soon as the same bytes are uploaded again
        _choose(page, site, source, listing, "Import")
        page.get_by_role("button", name="Read the file and check its columns").click()
        refusal = page.locator("#import-refusal")
        expect(refusal).to_contain_text("This file was imported before")
        expect(refusal).to_contain_text("partner-ngo")
        expect(refusal).to_contain_text(ADMIN)
        # the date's hyphens and spaces are no-break ones (messages.unbroken): \D and \s
        expect(refusal).to_contain_text(re.compile(r"on 20\d\d\D\d\d\D\d\d\s\d\d:\d\d\sUTC as"))
        assert _people(page, site) == once
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    _choose(page, site, "Источник (кто составил список)", "Файл списка", "Импортировать")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#import-refusal")).to_contain_text("Этот файл уже импортирован")
    expect(page.locator("#import-refusal")).to_contain_text("(8 строк)")
    assert _people(page, site) == once


def test_two_testimonies_about_one_detainee_become_one_person_after_review(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = browser.new_page()
    sign_in(page, site, ADMIN, ADMIN_PASS)
    for _ in range(2):  # two hotline calls about the same detainee
        page.goto(f"{site}/testimony")
        page.locator("#case").fill("case-a")
        page.locator("#event_type").select_option("detention")
        page.locator("#event_date").fill("2017-03")
        page.locator("#people-0-role").select_option("victim")
        page.locator("#people-0-name").fill("Synthetic Detaineeov")
        page.locator("#people-0-birth_date").fill("1991-05-06")
        page.get_by_role("button", name="Record the testimony").click()
        expect(page.get_by_text("The testimony was recorded")).to_be_visible()
    two = _people(page, site)
    page.goto(f"{site}/register")
    page.get_by_role("button", name="Link records into people").click()
    ids = [
        row.locator("a").inner_text()
        for row in page.locator("#register-people tbody tr").all()
        if "hotline" in row.inner_text()
    ]
    linked = _people(page, site)
    if linked == two:  # linkage left them apart: a reviewer compares and merges
        page.goto(f"{site}/register/compare?left={ids[-2]}&right={ids[-1]}")
        page.get_by_label("Reason (say what you compared; write no name)").fill("same call")
        page.get_by_role("button", name="Merge: they are one person").click()
        expect(page.locator("#person-history")).to_contain_text("merged")
    else:  # linkage joined them (a list's duplicate): the reviewer confirms
        assert linked == two - 1
    assert _people(page, site) == two - 1
