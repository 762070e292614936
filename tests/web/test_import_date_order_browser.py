"""In Chromium, en at desktop width and ru at 390 px: an analyst imports a list writing dates
05/03/1990. The mapping step asks "Dates like 05/03/1990 mean" with two choices a person can
read (5 March 1990 / 3 May 1990), nothing clipped; until one is chosen the preview says so on
each such row and the import is refused in one problem (a card at 390 px, no word broken)
under a heading that sends the analyst to the choice, not to the file; chosen, the preview
reads the dates that way and the import stores them. The choices for rows already in the
vault read in full, none clipped (a select cut them: "(ничего не им…" even at 1280 px), and
so does the note over the preview (a caption as wide as the table, cut at the screen's edge).
Screenshots go to /tmp/dates-order-*.png."""

from __future__ import annotations

import pytest
from browser_helpers import broken_words, clipped, page_width, sign_in, switch_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import records, vaults

pytestmark = pytest.mark.browser

LIST = (
    "Номер;ФИО;Дата рождения;Вид нарушения;Дата задержания\n"
    "s-1;Адлан Слэшев;05/03/1990;Задержание;2017-03-10\n"
    "s-2;Аслан Слэшев;1991;Задержание;11/02/2017\n"
).encode()
WORDS = {
    "en": {
        "legend": "Dates like 05/03/1990 mean",
        "day": "5 March 1990",
        "order": "date order",
        "done": "Imported 2 records from slashes.csv",
        "heading": "choose above what dates like 05/03/1990 mean",
        "update": "Update them (a new revision), import the new rows",
    },
    "ru": {
        "legend": "Даты вида 05/03/1990 означают",
        "day": "5 марта 1990",
        "order": "порядок дат",
        "done": "Импортированы 2 записи из slashes.csv",
        "heading": "выберите выше, что означают даты вида 05/03/1990",
        "update": "Обновить их (новая редакция), импортировать новые строки",
    },
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_date_order_is_chosen_in_words_and_the_dates_read_that_way(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    words = WORDS[language]
    source = f"slashes-{language}-{width}"
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ANALYST, ANALYST_PASS)
    switch_language(page, language)
    page.goto(f"{site}/import")
    page.locator("#import-source").fill(source)
    page.locator("#import-file").set_input_files(
        {"name": "slashes.csv", "mimeType": "text/csv", "buffer": LIST}
    )
    page.locator("form.stack button[type=submit]").click()

    choice = page.locator("#date-order")
    expect(choice.locator("legend")).to_have_text(words["legend"])
    expect(choice.locator("#date-order-needed")).to_be_visible()  # the first rows need it
    day_first = choice.get_by_label(words["day"], exact=False)
    expect(day_first).not_to_be_checked()
    rows = page.locator("#import-preview tbody tr")
    expect(rows.nth(0).locator("td")).to_contain_text(words["order"])
    expect(rows.nth(1).locator("td")).to_contain_text(words["order"])
    assert page_width(page) <= width
    assert broken_words(page, "#date-order") == []
    note = page.locator("#import-preview-note")  # was the table's caption, cut off at 390 px
    for shown in (choice, rows.nth(0).locator("td.row-problems > span"), note):  # read in full
        box = shown.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    walk_shot(page, f"dates-order-asked-{language}-{width}.png")

    page.locator("button[value=import]").click()  # not chosen: one problem, read in full
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(1)).to_have_text("Дата рождения")
    expect(page.locator("#problems-title")).to_contain_text(words["heading"])
    assert page_width(page) <= width
    assert broken_words(page, "#import-problems") == []
    existing = page.locator("#import-existing label")  # every choice read in full
    expect(existing.nth(2)).to_have_text(words["update"])
    assert broken_words(page, "#import-existing") == []
    for box in (existing.nth(n).bounding_box() for n in range(3)):
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert clipped(page, "#import-existing label") == 0
    walk_shot(page, f"dates-order-refused-{language}-{width}.png")

    day_first = choice.get_by_label(words["day"], exact=False)
    day_first.check()
    page.locator("button[value=preview]").click()
    expect(choice.get_by_label(words["day"], exact=False)).to_be_checked()
    expect(choice.locator("#date-order-needed")).to_have_count(0)
    expect(rows.nth(0)).to_contain_text("1990-03-05")
    expect(rows.nth(1)).to_contain_text("2017-02-11")
    expect(page.get_by_text("05/03/1990", exact=True)).to_have_count(0)
    assert page_width(page) <= width
    walk_shot(page, f"dates-order-read-{language}-{width}.png")

    page.locator("button[value=import]").click()
    expect(page.locator("main")).to_contain_text(words["done"])
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        views = records.list_records(admin, records.RecordFilter(), 1000, 0)
        births = {
            str(v.source_record_id): v.identity.get("birth_date")
            for v in views
            if v.source == source
        }
    assert births == {"s-1": "1990-03-05", "s-2": "1991"}
    page.context.close()
