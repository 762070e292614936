"""The Reports page in Chromium, English and Russian, desktop and 390 px: the draft report
(its figures, no script, nothing loaded from elsewhere, nothing wider than the screen), the
admin's publish button handing out report.zip, and the page showing the report published."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from browser_helpers import page_width, sign_in, switch_language, walk_shot
from cli_helpers import CliRunner
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, GRANTED_NAME, OTHER_NAME

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_reports_page_and_draft(browser: Browser, site: str, width: int, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, site, ADMIN, ADMIN_PASS)
    for language, title, drafted, marked in (
        ("en", "Reports", "Documented persecution", "Draft: not published"),
        ("ru", "Отчёты", "Задокументированные преследования", "Черновик: не опубликован"),
    ):
        page.goto(f"{site}/reports")
        switch_language(page, language)
        expect(page.locator("h1")).to_have_text(title)
        page.screenshot(path=str(tmp_path / f"reports-{language}-{width}.png"), full_page=True)
        page.locator("#report-draft").click()
        # its wait page reloads itself into the draft (test_waits_said_browser.py)
        expect(page.locator("h1")).to_contain_text(drafted, timeout=60_000)
        expect(page.locator("html")).to_have_attribute("lang", language)
        body = page.content()
        assert GRANTED_NAME not in body and OTHER_NAME not in body
        assert "<5" in page.locator("body").inner_text()
        assert page.evaluate("() => document.scripts.length") == 0
        scroll = page_width(page)
        assert scroll <= width, f"the draft scrolls sideways at {width} px ({language})"
        # marked as a draft, above its title, with the way back (walkday6 #11)
        banner = page.locator("#draft-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(marked)
        assert banner.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]  # type: ignore[index]
        walk_shot(page, f"draft-{language}-{width}.png")
        banner.locator('a[href="/reports"]').click()
        expect(page.locator("h1")).to_have_text(title)
    assert all(url.startswith(site) for url in requests), "something loaded from elsewhere"
    page.goto(f"{site}/reports")
    waiting = page.locator("#publish-wait")
    expect(waiting).to_be_hidden()
    with page.expect_download() as download:
        page.locator("#publish-confirm").check()
        page.locator("#report-publish button").click()
        # what the wait message says while the PDFs are built: test_publish_browser.py
        expect(page.locator("#report-published")).to_be_visible()
    saved = tmp_path / "report.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as package:
        assert {"commitment.json", "manifest.json", "report-en.pdf"} <= set(package.namelist())
        item = json.loads(package.read("commitment.json"))["item_id"]
    page.goto(f"{site}/reports")
    expect(page.locator(f"#published-{item} .report-people strong")).to_have_text("<5")
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_published_report_is_downloaded_again_and_verifies(
    browser: Browser, site: str, width: int, tmp_path: Path, cli: CliRunner
) -> None:
    """The analyst's job: publish, come back later, download the same report again from
    its entry (named by its date and who published it, in en and ru), check it offline."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    page.goto(f"{site}/reports")
    with page.expect_download() as first:
        page.locator("#publish-confirm").check()
        page.locator("#report-publish button").click()
    first.value.save_as(tmp_path / "first.zip")
    with zipfile.ZipFile(tmp_path / "first.zip") as package:
        item = json.loads(package.read("commitment.json"))["item_id"]
    for language, words in (("en", "Download report.zip again"), ("ru", "Скачать report.zip")):
        page.goto(f"{site}/reports")
        switch_language(page, language)
        entry = page.locator(f"#published-{item}")
        expect(entry.locator("h3")).not_to_contain_text(item)
        expect(entry.locator(".report-by")).to_contain_text(ADMIN)
        button = entry.locator(".report-download button")
        expect(button).to_contain_text(words)
        page.screenshot(path=str(tmp_path / f"again-{language}-{width}.png"), full_page=True)
        scroll = page_width(page)
        assert scroll <= width, f"/reports scrolls sideways at {width} px ({language})"
        with page.expect_download() as again:
            button.click()
        saved = tmp_path / f"again-{language}.zip"
        again.value.save_as(saved)
        assert again.value.suggested_filename.startswith("report-20")
        checked = cli("verify", saved)
        assert "integrity checked" in checked.err and "FAIL" not in checked.out, checked.out
        with zipfile.ZipFile(saved) as one, zipfile.ZipFile(tmp_path / "first.zip") as two:
            assert one.read("manifest.json") == two.read("manifest.json")
    page.close()
