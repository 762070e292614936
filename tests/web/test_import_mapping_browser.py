"""In Chromium, en and ru, desktop and 390 px: a CSV with Russian headers goes through the
mapping step: one column's field is chosen by hand, the preview shows the rows as they will be
read, and the import's error names the file's own header "Дата рождения" and the row as a
spreadsheet numbers it (issue 14, item 6). Screenshots go to /tmp/evidence2-import-*.png."""

from __future__ import annotations

import pytest
from browser_helpers import page_width, sign_in, switch_language, walk_shot
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import records, vaults

pytestmark = pytest.mark.browser

LIST = (
    "Номер;ФИО;Дата рождения;Пол;Примечание;Вид нарушения;Дата задержания\n"
    "r-1;Адлан Синтетиков;1990-05-01;муж;звонил брат;Задержание;2017-03-10\n"
    "r-2;Аслан Вымыслов;1990-13-45;муж;;Задержание;2017-03\n"
).encode()
WORDS = {
    "en": {"choose": "— choose —", "testimony": "Testimony", "nothing": "Nothing was imported"},
    "ru": {
        "choose": "— выберите —",
        "testimony": "Свидетельство",
        "nothing": "Ничего не импортировано",
    },
}


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("width", [1280, 390])
def test_russian_headers_mapped_previewed_and_the_error_names_the_header_and_row(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    words = WORDS[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ANALYST, ANALYST_PASS)
    switch_language(page, language)
    page.goto(f"{site}/import")
    page.locator("#import-source").fill(f"partner-{language}-{width}")
    page.locator("#import-file").set_input_files(
        {"name": "список.csv", "mimeType": "text/csv", "buffer": LIST}
    )
    page.locator("form.stack button[type=submit]").click()

    note = page.locator("#column-4")
    expect(page.locator("label[for=column-4]")).to_have_text("Примечание")
    expect(note.locator("option:checked")).to_have_text(words["choose"])
    expect(page.locator("#column-2 option:checked")).not_to_have_text(words["choose"])
    note.select_option("testimony")  # the one column the guess did not know
    page.locator("button[value=preview]").click()
    preview = page.locator("#import-preview")
    expect(preview.locator("thead th").nth(5)).to_contain_text(words["testimony"])
    first = preview.locator("tbody tr").filter(has_text="Адлан Синтетиков")
    expect(first.locator("th")).to_have_text("2")  # the row as a spreadsheet numbers it
    expect(first).to_contain_text("звонил брат")
    assert page_width(page) <= width
    walk_shot(page, f"evidence2-import-preview-{language}-{width}.png")

    page.locator("button[value=import]").click()
    expect(page.get_by_role("alert").first).to_contain_text(words["nothing"])
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(0)).to_have_text("3")
    expect(problem.locator("td").nth(1)).to_have_text("Дата рождения")
    expect(page.get_by_text("birth_date")).to_have_count(0)
    expect(page.get_by_text("1990-13-45")).to_have_count(0)
    assert page_width(page) <= width
    walk_shot(page, f"evidence2-import-error-{language}-{width}.png")
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert len(records.list_records(admin, records.RecordFilter(), 100, 0)) == 2  # fixture's
    page.context.close()
