"""In Chromium, ru at 390 px and en at 1280 px: a caseworker imports a partner's list that has
no record-number column. The mapping page offers to number the rows and says, before Import,
what that means for importing the list again (recognised by row position alone); Import
without the choice names it; with it the list is imported, each record known by its row
number, as ``uncounted import --number-rows`` numbers it (the same service). An edited copy
with a row appended is then checked by position: the rows at the numbers already stored are
named before the import, and skipping them imports the new row only. Nothing is read cut off
or past the screen's edge. Screenshots (import-numbered-*.png) go to $UNCOUNTED_WALK_SHOTS
when it is set. Synthetic people only."""

from __future__ import annotations

import pytest
from browser_helpers import (
    broken_words,
    no_sideways_scroll,
    send_list,
    sign_in,
    switch_language,
    walk_shot,
    within_screen,
)
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, WebVault

from uncounted.services import vaults
from uncounted.services.records import RecordFilter, list_records

pytestmark = pytest.mark.browser

HEADER = "ФИО;Дата рождения;Вид нарушения;Дата задержания;Место\n"
ROWS = (
    "Аслан Безномеров;1990-03-05;Задержание;2017-03-10;Аргун\n"
    "Ислам Безномеров;1991;Задержание;2017-03-11;Аргун\n"
    ";;;;\n"  # a blank row: skipped, its number (4) kept by nobody
    "Адам Безномеров;1992;Задержание;2017-03-12;Аргун\n"
)
LONGER = HEADER + ROWS + "Зелим Безномеров;1993;Задержание;2017-03-13;Аргун\n"
WORDS = {
    "en": {
        "legend": "No column holds the record number",
        "box": "Number the rows: each record is known by its row number in the file",
        "again": "recognised by their position alone",
        "missing": "or number the rows (below)",
        "clean": "No problems found in any row.",
        "done": "Imported 3 records from list.csv",
        "stored": "3 rows of this file are already in the vault from this source: rows 2, 3, 5.",
        "skip": "Skip them, import the new rows",
        "more": "Imported 1 record from list-2.csv",
    },
    "ru": {
        "legend": "Ни один столбец не содержит номер записи",
        "box": "Пронумеровать строки: каждая запись получит номер своей строки в файле",
        "again": "будут узнаны только по их месту",
        "missing": "или пронумеруйте строки (ниже)",
        "clean": "Ни в одной строке проблем не найдено.",
        "done": "Импортированы 3 записи из list.csv",
        "stored": "3 строки этого файла уже есть в хранилище от этого источника: строки 2, 3, 5.",
        "skip": "Пропустить их, импортировать новые строки",
        "more": "Импортирована 1 запись из list-2.csv",
    },
}


def _fits(page: Page, width: int) -> None:
    """Nothing past the screen's edge, and no word of the numbering choice broken."""
    no_sideways_scroll(page, width)
    assert broken_words(page, "#import-numbering") == []
    within_screen(page, "#import-numbering, #import-numbering p, #import-numbering label", width)


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_a_list_without_numbers_is_imported_with_its_rows_numbered(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    words = WORDS[language]
    source = f"numbered-{language}"
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    send_list(page, site, source, "list.csv", HEADER + ROWS)
    numbering = page.locator("#import-numbering")
    expect(numbering.locator("legend")).to_have_text(words["legend"])
    expect(numbering).to_contain_text(words["box"])
    expect(numbering.locator("#import-numbering-hint")).to_contain_text(words["again"])
    box = numbering.locator("input[name=number_rows]")
    expect(box).not_to_be_checked()
    first_rows = page.locator("#import-preview tbody th")
    expect(first_rows).to_have_text(["2", "3", "5"])  # read, numbered as they would be
    expect(page.locator("#import-preview .row-problems")).to_have_count(0)
    _fits(page, width)
    walk_shot(page, f"import-numbered-asked-{language}-{width}.png")

    page.locator("button[value=import]").click()  # not chosen yet: the page says what to do
    expect(page.locator("#mapping-problems")).to_contain_text(words["missing"])
    box.check()
    page.locator("button[value=preview]").click()
    expect(page.locator("#import-check-clean")).to_have_text(words["clean"])
    expect(box).to_be_checked()
    expect(numbering.locator("#import-numbering-hint")).to_be_visible()  # said before Import
    expect(first_rows).to_have_text(["2", "3", "5"])
    _fits(page, width)
    walk_shot(page, f"import-numbered-chosen-{language}-{width}.png")
    page.locator("button[value=import]").click()
    expect(page.locator("main")).to_contain_text(words["done"])
    walk_shot(page, f"import-numbered-done-{language}-{width}.png")

    send_list(page, site, source, "list-2.csv", LONGER)  # the partner's next copy, a row added
    box.check()
    page.locator("button[value=preview]").click()
    expect(page.locator("#import-check-stored")).to_contain_text(words["stored"])
    expect(page.locator("#import-preview tbody th .in-vault")).to_have_count(3)
    _fits(page, width)
    walk_shot(page, f"import-numbered-again-{language}-{width}.png")
    page.get_by_label(words["skip"]).check()
    page.locator("button[value=import]").click()
    expect(page.locator("main")).to_contain_text(words["more"])
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        views = list_records(admin, RecordFilter(), 1000, 0)
        stored = {str(v.source_record_id): v.identity["name"] for v in views if v.source == source}
    assert stored == {
        "2": "Аслан Безномеров",
        "3": "Ислам Безномеров",
        "5": "Адам Безномеров",
        "6": "Зелим Безномеров",
    }
    page.context.close()
