"""In Chromium, in Russian: the dependence caution of issue 16 stands before the figure.

The lists of this estimate miss the same people (a synthetic population where 70% are
reached 20 times less often by every list): the dashboard must give the reader the reason
not to trust the figure, in the reader's language, before the figure itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, WORKER, WORKER_PASS, build_world_vault
from browser_helpers import sign_in, switch_language
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.estimate import CaptureHistories, estimate
from uncounted.services import analysis_review, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.synth import simulate_histories
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

REACHED = [0.4, 0.3, 0.5, 0.35]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists)
    hidden = [p / 20 for p in REACHED]
    table = simulate_histories(5000, [REACHED, hidden], [0.3, 0.7], seed=1)
    with vaults.unlock(tmp_path / "vault", ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="loglinear")
        dependent = estimate(CaptureHistories.from_dataframe(table), "loglinear")
        saved = analysis_review.save_analysis(admin, replace(analysis, estimate=dependent))
        analysis_review.publish_estimate(admin, saved.id)
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


def test_the_dependence_caution_comes_before_the_figure_in_russian(
    browser: Browser, site: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    sign_in(page, site, WORKER, WORKER_PASS)
    switch_language(page, "ru")
    cautions = page.locator("#dashboard-estimate-cautions")
    expect(cautions).to_contain_text("Люди из одного списка попадают в другие списки чаще")
    expect(cautions).to_contain_text("итог, вероятно, занижен")
    expect(page.locator("body")).not_to_contain_text("People on one list")
    page.wait_for_load_state("load")  # boxes measured on the styled page
    caution_box = cautions.bounding_box()
    figure_box = page.locator("#dashboard-estimate").bounding_box()
    assert caution_box is not None and figure_box is not None
    assert caution_box["y"] < figure_box["y"]
    page.screenshot(path=str(tmp_path / "dashboard-ru.png"), full_page=True)
    page.close()
