"""The Reports page in Chromium, English and Russian, desktop and 390 px: the draft report
(its figures, no script, nothing loaded from elsewhere, nothing wider than the screen), the
admin's publish button handing out report.zip, and the page showing the report published."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from browser_helpers import page_width, sign_in
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, GRANTED_NAME, OTHER_NAME

pytestmark = pytest.mark.browser


def _switch(page: Page, language: str) -> None:
    page.locator("#language-select").select_option(language)
    page.locator("form[action='/language'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("width", [1280, 390])
def test_reports_page_and_draft(browser: Browser, site: str, width: int, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, site, ADMIN, ADMIN_PASS)
    for language, title in (("en", "Reports"), ("ru", "Отчёты")):
        page.goto(f"{site}/reports")
        _switch(page, language)
        expect(page.locator("h1")).to_have_text(title)
        page.screenshot(path=str(tmp_path / f"reports-{language}-{width}.png"), full_page=True)
        page.locator("#report-draft").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        body = page.content()
        assert GRANTED_NAME not in body and OTHER_NAME not in body
        assert "<5" in page.locator("body").inner_text()
        assert page.evaluate("() => document.scripts.length") == 0
        scroll = page_width(page)
        assert scroll <= width, f"the draft scrolls sideways at {width} px ({language})"
    assert all(url.startswith(site) for url in requests), "something loaded from elsewhere"
    page.goto(f"{site}/reports")
    with page.expect_download() as download:
        page.locator("#report-publish button").click()
    saved = tmp_path / "report.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as package:
        assert {"commitment.json", "manifest.json", "report-en.pdf"} <= set(package.namelist())
        item = json.loads(package.read("commitment.json"))["item_id"]
    page.goto(f"{site}/reports")
    expect(page.locator(f"#published-{item} .report-people strong")).to_have_text("<5")
    page.close()
