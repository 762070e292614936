"""The analyst's publish job in Chromium, English at a desk and Russian on a phone: press
Publish, see that the report is being built, and land on the Reports page with the new report
listed first, a notice that it was published (and how to download it again), report.zip saved
by the browser and the wait message gone; publishing again needs no reload. The same report
pressed again is not published: the page names the report it repeats (number and date) and
asks to tick "publish it again all the same" first (stop 21 published four identical
reports with nothing said; the ledger keeps each for good). A double click on
Publish writes one report to the ledger, not two. Real vault, real app, the PDFs read back
with pdftotext."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from browser_helpers import (
    loaded,
    loaded_box,
    page_width,
    phrase_lines,
    sign_in,
    switch_language,
    walk_shot,
)
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, WebVault

from uncounted import vault as store
from uncounted.services import reports, vaults

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]

WORDS = {
    "en": {
        "building": "Building the report",
        "published": "Published: report No.",
        "again": "Download report.zip again",
        "by": f"by {ADMIN}",
        "title": "Documented persecution: people, places and time",
        "repeats": "Nothing was published: this report would say exactly what report No.",
        "would repeat": "The report as it stands would say exactly what report No.",
        "number": "Report No. {n} of {date}",
        "other": "Other violations",
    },
    "ru": {
        "building": "Отчёт собирается",
        "published": "Опубликовано: отчёт №",
        "again": "Скачать report.zip ещё раз",
        "by": f"пользователем {ADMIN}",  # one sentence, never 'опубликовал(а)' glued on
        "title": "Задокументированные преследования: люди, места и время",
        "repeats": "Ничего не опубликовано: этот отчёт сказал бы ровно то же, что отчёт №",
        "would repeat": "Отчёт в нынешнем виде сказал бы ровно то же, что отчёт №",
        "number": "Отчёт № {n} от {date}",
        "other": "Другие нарушения",
    },
}


def _reports_page(browser: Browser, site: str, width: int) -> Page:
    """The administrator's Reports page in a new page *width* pixels wide."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.goto(f"{site}/reports")
    return page


def _publish(page: Page, tmp_path: Path, shot: str, number: int, again: bool = False) -> str:
    """Tick, press Publish on the page as it is, and return the id of the report saved: the
    vault's report *number*, told apart from the others of the day by that number in the list,
    the PDFs and the package's manifest. What the wait message said as the form was sent is
    reported by a listener added after the page's own (a small vault's report can be ready
    before anyone looks)."""
    loaded(page)  # the page's own script has run: the listener below comes after its own
    words = WORDS[page.locator("html").get_attribute("lang") or "en"]
    seen: list[tuple[bool, str]] = []
    page.expose_function(f"seen_{len(shot)}", lambda hidden, text: seen.append((hidden, text)))
    page.evaluate(
        """(name) => document.getElementById('report-publish').addEventListener('submit', () => {
             const note = document.getElementById('publish-wait');
             window[name](note.hidden, note.innerText);
           })""",
        f"seen_{len(shot)}",
    )
    with page.expect_download() as download:
        page.locator("#publish-confirm").check()
        if again:
            page.locator("#publish-again").check()
        page.locator("#report-publish button").click(no_wait_after=True)
        walk_shot(page, f"{shot}-building.png")
        expect(page.locator("#report-published")).to_be_visible()
    # laying out the PDFs takes a while: the page said so as soon as Publish was pressed
    assert seen and seen[0][0] is False and words["building"] in seen[0][1], seen
    saved = tmp_path / f"{shot}.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as package:
        item = str(json.loads(package.read("commitment.json"))["item_id"])
        assert json.loads(package.read("manifest.json"))["number"] == number
        # «№ 1» joined by a no-break space (U+00A0), read as a space here
        title = " ".join(page.locator(f"#published-{item} h3").inner_text().split())
        made_on = title[-10:]
        assert title == words["number"].format(n=number, date=made_on)
        for language, text in WORDS.items():
            pdf = tmp_path / f"{shot}-{language}.pdf"
            pdf.write_bytes(package.read(f"report-{language}.pdf"))
            done = subprocess.run(
                ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
            )
            read = " ".join(done.stdout.split())
            assert text["title"] in read, language
            assert text["number"].format(n=number, date=made_on) in read, language
    return item


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_publishing_lands_on_the_reports_page_with_the_report_first(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int, tmp_path: Path
) -> None:
    page = _reports_page(browser, site, width)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    switch_language(page, language)
    words = WORDS[language]
    walk_shot(page, f"publish-{language}-{width}-before.png")
    expect(page.locator("#report-would-repeat")).to_have_count(0)  # nothing published yet
    expect(page.locator("#publish-again")).to_have_count(0)
    # the same session in a second tab, opened before anything is published
    tab = browser.new_context(viewport={"width": width, "height": 900})
    tab.add_cookies(page.context.cookies())
    stale = tab.new_page()
    stale.goto(f"{site}/reports")
    downloads: list[object] = []
    stale.on("download", lambda saved: downloads.append(saved))
    item = _publish(page, tmp_path, f"publish-{language}-{width}", 1)
    # landed on the reports page (a reload there downloads nothing again)
    expect(page).to_have_url(f"{site}/reports")
    notice = page.locator("#report-published")
    expect(notice).to_contain_text(words["published"])
    expect(notice).to_contain_text(words["again"])
    expect(page.locator(".published-report").first).to_have_attribute("id", f"published-{item}")
    expect(page.locator("#report-none")).to_have_count(0)
    expect(page.locator("#publish-wait")).to_be_hidden()
    expect(page.locator(f"#published-{item} .report-by")).to_contain_text(words["by"])
    # the merged violations' row labelled as the report labels it, not as a code in words
    expect(page.locator("#report-violations")).to_contain_text(words["other"])
    walk_shot(page, f"publish-{language}-{width}-published.png")
    scroll = page_width(page)
    assert scroll <= width, f"/reports scrolls sideways at {width} px ({language})"
    # the same report again: said before the button, in words, naming the first by its date,
    # and asked for on purpose (walkday3 learnt it only after pressing Publish)
    made_on = page.locator(f"#published-{item} h3").inner_text()[-10:]
    ahead = page.locator("#report-publish #report-would-repeat")
    expect(ahead).to_be_visible()
    expect(ahead).to_contain_text(words["would repeat"])
    expect(ahead).to_contain_text(made_on)
    expect(ahead).to_contain_text(item)
    expect(page.locator("#publish-again")).to_be_visible()
    # the date stays whole on a phone, in the notices, the box's label and the title, and
    # the number with its «№»
    number = {"en": "No. 1", "ru": "\u2116\u00a01"}[language]
    assert phrase_lines(page, "#report-would-repeat", number) == 1
    for where in ("#report-published", "#report-would-repeat", "label[for=publish-again]"):
        assert phrase_lines(page, where, made_on) == 1, f"{made_on} broken in {where}"
    assert phrase_lines(page, f"#published-{item} h3", made_on) == 1
    assert phrase_lines(page, "#report-would-repeat", item) == 1, f"{item} broken"
    said, button = (
        loaded_box(page, "#report-would-repeat"),
        loaded_box(page, "#report-publish button"),
    )
    assert said["y"] + said["height"] <= button["y"], "the warning comes after the button"
    assert page_width(page) <= width, f"the warning scrolls sideways at {width} px"
    # a page opened before the first report was published says nothing ahead: pressed, the
    # same report is refused, naming the first, until asked for on purpose
    stale.locator("#publish-confirm").check()
    stale.locator("#report-publish button").click()
    repeats = stale.locator("#report-repeats")
    expect(repeats).to_be_visible()
    expect(repeats).to_contain_text(words["repeats"])
    expect(repeats).to_contain_text(item)
    expect(repeats).to_contain_text(made_on)
    expect(stale.locator(".published-report")).to_have_count(1)
    expect(stale.locator("#report-published")).to_have_count(0)
    expect(stale.locator("#report-would-repeat")).to_have_count(0)  # said once, not twice
    assert phrase_lines(stale, "#report-repeats", made_on) == 1
    walk_shot(stale, f"publish-{language}-{width}-repeats.png")
    assert page_width(stale) <= width, f"the refusal scrolls sideways at {width} px"
    assert not downloads
    tab.close()
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert len(reports.published_reports(admin)) == 1
    # publishing again needs no reload: the new one first, both listed
    second = _publish(page, tmp_path, f"publish-{language}-{width}-again", 2, again=True)
    assert second != item
    expect(page.locator(".published-report").first).to_have_attribute("id", f"published-{second}")
    expect(page.locator(".published-report")).to_have_count(2)
    # the same day's two reports read apart in the list: by their numbers
    titles = [" ".join(t.split()) for t in page.locator(".published-report h3").all_inner_texts()]
    assert titles == [words["number"].format(n=n, date=made_on) for n in (2, 1)], titles
    walk_shot(page, f"publish-{language}-{width}-two.png")
    # nothing of it kept in the browser's storage, nothing asked of another site
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    assert asked and all(url.startswith(site) for url in asked), asked
    page.close()


def test_publish_pressed_twice_writes_one_report(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    page = _reports_page(browser, site, 390)
    page.locator("#publish-confirm").check()
    button = page.locator("#report-publish button")
    box = button.bounding_box()
    assert box is not None
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    with page.expect_download():
        with page.expect_request("**/reports/publish"):
            page.mouse.click(*middle)
        # pressed again while the first is being built (the mouse itself: a locator's click
        # waits for the page the first press asked for)
        page.mouse.click(*middle)
        expect(page.locator("#report-published")).to_be_visible()
    expect(page.locator(".published-report")).to_have_count(1)
    page.close()
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        published = reports.published_reports(admin)
        trail = store.vault_trail(admin)
    assert len(published) == 1
    assert [entry.action for entry in trail].count("report.publish") == 1
