"""In Chromium at a desk (1280 px, en and ru): the Analysis page's saved runs keep their words
whole beside a partial run's long scope. Walking the demo (walkday6), after a partner list and
a testimony the table read "Ru/n", "today 10:/21" and "analy/st": every cell of the page may
break anywhere (a phone's rule for hashes and ids), and the scope column took the width. Real
vault, real estimates; the partial run left records out as a run by a user not granted every
case does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import broken_words, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.estimate import CaptureHistories, estimate
from uncounted.services import analysis_review, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser


@pytest.fixture
def runs_site(tmp_path: Path) -> Iterator[str]:
    """The app on a vault with a full run and two partial ones, one of which gave no figure."""
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists, people=60)
    with vaults.unlock(tmp_path / "vault", ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        analysis_review.save_analysis(admin, analysis)
        apart = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 0]), "chapman")
        analysis_review.save_analysis(admin, replace(analysis, left_out=8))
        analysis_review.save_analysis(admin, replace(analysis, left_out=8, estimate=apart))
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_saved_runs_keep_their_words_whole_at_a_desk(
    browser: Browser, runs_site: str, language: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in_in_language(page, runs_site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{runs_site}/analysis")
    runs = page.locator("#estimate-runs")
    expect(runs).to_contain_text("частичный" if language == "ru" else "partial")
    assert broken_words(page, "#estimate-runs") == []
    walk_shot(page, f"estimate-runs-{language}-1280.png")
    page.close()
