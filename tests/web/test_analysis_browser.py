"""In Chromium: link a small synthetic world, decide a pair, run an estimate, see its plot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import broken_words, reads_as_cards, sign_in
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists)
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


def test_review_a_pair_then_run_an_estimate_and_see_it(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ADMIN, ADMIN_PASS)
    expect(page.locator("#dashboard-estimate")).to_contain_text("No estimate has been published")
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("link", name="Analysis").click()
    page.get_by_role("link", name="Review the pairs linkage was unsure about").click()
    first = page.locator("section.pair").first
    expect(first.get_by_role("rowheader", name="Name", exact=True)).to_be_visible()
    pairs_before = page.locator("section.pair").count()
    page.set_viewport_size({"width": 390, "height": 844})  # a reviewer on a phone
    assert broken_words(page, "section.pair table") == []  # 'Gapourbeko/v', 'Дата рожден/ия'
    assert reads_as_cards(page, "section.pair:first-of-type table", 390)
    page.set_viewport_size({"width": 1280, "height": 720})
    first.get_by_role("button", name="Different people").click()
    expect(page.get_by_text("1 decision recorded")).to_be_visible()
    expect(page.locator("section.pair")).to_have_count(pairs_before - 1)

    nav.get_by_role("link", name="Analysis").click()
    page.get_by_label("Method").select_option("dga")
    page.get_by_role("button", name="Link the records and estimate").click()
    figures = page.locator("#latest-estimate")
    expect(figures).to_contain_text("Estimated total")
    expect(figures).to_contain_text("dga")
    expect(page.locator("figure.posterior svg")).to_be_visible()
    total = figures.locator("strong").inner_text()
    assert total.isdigit()

    nav.get_by_role("link", name="Dashboard").click()  # run and saved, not yet the headline
    expect(page.locator("#dashboard-estimate")).to_contain_text("No estimate has been published")
    nav.get_by_role("link", name="Analysis").click()
    expect(page.locator("#latest-sensitivity")).to_contain_text("linkage threshold 0.3")
    page.locator("#estimate-runs").get_by_role("button", name="Make the headline").click()
    expect(page.locator("#estimate-runs")).to_contain_text("the headline")
    nav.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#dashboard-estimate")).to_contain_text(f"{total} (95% interval")
    expect(page.locator("#dashboard-estimate-chosen")).to_contain_text("chosen as the headline by")
    expect(page.locator("#dashboard-estimate-chosen")).not_to_contain_text("+00:00")  # in words
    expect(page.locator("#dashboard-sensitivity")).to_contain_text("Sensitivity to linkage")
