"""In Chromium, ru on a 390 px phone and en at 1280 px: records added after the report's
estimate was run are named on the Reports page before Publish. Walking the demo vault
(walkday5, session 24), an analyst added a list in a new month and published: the report
printed "People documented as victims: 199" and "Lists used: 7" beside an estimate made from
192 people on 6 lists, and nothing on the page or in the report said the estimate was older
than the list (only histories-README.txt inside the package did). Real vault, real estimate,
a real testimony recorded through the form. Screenshots (estimate-behind-*.png) go to
$UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import (
    loaded,
    no_sideways_scroll,
    sign_in_in_language,
    start_testimony,
    walk_shot,
)
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.services import analysis_review, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.vault.clock import at
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

WORDS = {
    "en": (
        "The report's estimate was made today",
        "1 record was added or changed since, and the estimate leaves it out.",
        "estimate again on the Analysis page",
        "The testimony was recorded",
    ),
    "ru": (
        "Оценка для отчёта сделана сегодня",
        "после неё добавлена или изменена 1 запись, и оценка её не учитывает.",
        "сделайте оценку заново на странице «Анализ»",
        "Обращение сохранено",
    ),
}


@pytest.fixture
def estimated_site(tmp_path: Path) -> Iterator[str]:
    """The app on a vault of three lists whose estimate is the report's (the headline)."""
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists, people=60)
    with vaults.unlock(tmp_path / "vault", ADMIN, ADMIN_PASS) as admin:
        # the lists were imported a minute before the estimate: a record saved in the
        # second the estimate reads counts as after it (records_after), a needless notice
        admin.conn.execute("UPDATE records SET created_at = ?", (at(time.time() - 60),))
        saved = analysis_review.save_analysis(admin, analyse_vault(admin, method="dga"))
        analysis_review.publish_estimate(admin, saved.id)
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_records_added_after_the_estimate_are_named_before_publish(
    browser: Browser, estimated_site: str, language: str, width: int
) -> None:
    site = estimated_site
    made, added, again, saved = WORDS[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    page.goto(f"{site}/reports")
    loaded(page)
    expect(page.locator("#report-publish")).to_be_visible()
    expect(page.locator("#report-estimate-behind")).to_have_count(0)  # nothing added yet
    start_testimony(page, site, "case-after", "Ислам Позднов")  # synthetic
    page.locator("form.intake button[type=submit]:not([disabled]):not([name])").click()
    expect(page.get_by_role("status").first).to_contain_text(saved)
    page.goto(f"{site}/reports")
    notice = page.locator("#report-estimate-behind")
    for words in (made, added, again):
        expect(notice).to_contain_text(words)
    no_sideways_scroll(page, width)
    walk_shot(page, f"estimate-behind-{language}-{width}.png")
    page.close()
