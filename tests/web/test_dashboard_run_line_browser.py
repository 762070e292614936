"""In Chromium, English at a desk and Russian on a phone: the dashboard's line on the headline
run is one whole sentence in the reader's language, names as values ("Расчёт № 1, автор —
ana; основной по выбору ana, ..."), never fragments glued together ("автор ana;
выбрана основной; выбрал(а) ana"), nor «выбран основным пользователем ana», read on the
demo's dashboard (walkday3) as "chosen by the main user ana"; and its sensitivity to linkage
names the setting that could not be estimated, and why, before the range, and a range of one
value says so (it read "от 233 до 233", hiding the setting left out). Real vault, real
estimates: the setting that could not be estimated is a real refused estimate (two lists that
share no one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import sign_in, switch_language, walk_shot
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.estimate import CaptureHistories, estimate
from uncounted.services import analysis_review, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser


@pytest.fixture
def run_site(tmp_path: Path) -> Iterator[tuple[str, int, int]]:
    """The app on a vault whose headline run was estimated at three linkage settings, one of
    which gave no figure; with the run's number and its figure."""
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists)
    with vaults.unlock(tmp_path / "vault", ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        result = analysis.estimate
        apart = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 0]), "chapman")
        assert apart.refused
        bands = (
            analysis_review._band(result, "reviewed", analysis.people, None),
            analysis_review._band(apart, "unreviewed links apart", 55, None),
            analysis_review._band(result, "threshold 0.7", analysis.people, 0.7),
        )
        saved = analysis_review.save_analysis(admin, analysis, sensitivity=bands)
        analysis_review.publish_estimate(admin, saved.id)
        figure = round(result.median if result.median is not None else result.point or 0)
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url, saved.id, figure


WORDS = {
    "en": (
        "Run {run} by ana; chosen as the headline by ana, today",
        "Every unreviewed link taken apart: no estimate could be made. List a shares no one",
        "{figure} at every setting that could be estimated.",
    ),
    "ru": (
        "Расчёт № {run}, автор — ana; основной по выбору ana, сегодня",
        "Все непроверенные связи разорваны: оценку получить не удалось. Список a не пересекается",
        "{figure} при всех настройках, где оценка получилась.",
    ),
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_run_line_and_sensitivity_read_as_sentences(
    browser: Browser, run_site: tuple[str, int, int], language: str, width: int
) -> None:
    site, run, figure = run_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    chosen, missing, single = (w.format(run=run, figure=figure) for w in WORDS[language])
    line = page.locator("#dashboard-estimate-chosen")
    expect(line).to_contain_text(chosen)
    expect(line).not_to_contain_text("(а)")
    band = page.locator("#dashboard-sensitivity p")
    expect(band).to_contain_text(missing)
    expect(band).to_contain_text(single)
    text = band.inner_text()
    assert text.index(missing[:20]) < text.index(single), "the setting left out comes first"
    assert f"{figure} to {figure}" not in text and f"{figure} до {figure}" not in text
    walk_shot(page, f"dashboard-{language}-{width}.png")
    page.close()
