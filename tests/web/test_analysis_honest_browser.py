"""In Chromium, English at a desk and Russian on a phone: the Review and Analysis pages tell the
analyst the truth (walkday8). Each pair offered for review says why it is asked about (pairs
inside one person, joined through other records, read "match probability 0.00" with no word
why); and after review decisions, the estimate with every unreviewed link apart no longer
says "no link reviewed": it says what it counts, people confirmed on the register. Real vault
of synthetic lists, real linkage, real estimate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import sign_in, switch_language, walk_shot
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.services import analysis_review, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def decided_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a vault where the analyst answered one review pair, then estimated."""
    folder = tmp_path_factory.mktemp("honest")
    lists = folder / "lists"
    lists.mkdir()
    build_world_vault(folder / "vault", lists)
    with vaults.unlock(folder / "vault", ADMIN, ADMIN_PASS) as admin:
        first = analysis_review.review_linkage(admin).pairs[0]
        analysis_review.decide_pair(admin, first.left, first.right, True)
        assert analysis_review.review_linkage(admin).decisions == 1
        analysis_review.estimate_from_register(admin, "dga", relink=True)
    with serving(app_for_vault(WebSettings(vault=folder / "vault"))) as url:
        yield url


REASONS = {
    "en": ("Asked because linkage could not tell", "Asked because"),
    "ru": ("Спрашиваем, потому что связывание не смогло решить", "Спрашиваем, потому что"),
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_every_pair_offered_for_review_says_why_it_is_asked(
    browser: Browser, decided_site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, decided_site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    page.goto(f"{decided_site}/analysis/review")
    pairs = page.locator("section.pair")
    expect(pairs.first).to_be_visible()
    uncertain, any_reason = REASONS[language]
    for index in range(pairs.count()):
        reason = pairs.nth(index).locator(".review-reason")
        expect(reason).to_contain_text(any_reason)
    # this vault's pairs were all scored in the uncertain band
    expect(pairs.first.locator(".review-reason")).to_contain_text(uncertain)
    walk_shot(page, f"review-reason-{language}-{width}.png")
    page.close()


NOT_RUN = {
    "en": (
        "not estimated yet. No person has been confirmed on the register yet",
        "No link has been reviewed",
    ),
    "ru": ("пока не оценивается. В реестре ещё никто не подтверждён", "Ни одна связь"),
}


@pytest.mark.parametrize(("language", "width"), [("en", 390), ("ru", 1280)])
def test_after_review_decisions_the_apart_setting_says_what_it_counts(
    browser: Browser, decided_site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, decided_site, ADMIN, ADMIN_PASS)
    switch_language(page, language)
    page.goto(f"{decided_site}/analysis")
    said, untrue = NOT_RUN[language]
    band = page.locator("#latest-sensitivity")
    expect(band).to_contain_text(said)
    expect(band).not_to_contain_text(untrue)
    walk_shot(page, f"analysis-apart-{language}-{width}.png")
    page.close()
