"""The Reports page says why a report cannot be published, as ``uncounted report`` does, and
why a large violation is hidden. The refusal:
stop 24's known leak in a real vault (``report_helpers.leaky_vault``) with no coarser grouping
allowed (``disclosure.COARSER`` 0), so no pattern of hidden figures protects the forced
outings against report No. 1. The draft and Publish both answer with the refusal, in English
at a desk and in Russian on a phone; nothing goes into the ledger. Real app in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import page_width, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from report_helpers import (
    LEAKY_ADMIN,
    LEAKY_PASS,
    detention_hidden_vault,
    leaky_vault,
    published_count,
)
from server_helpers import serving

from uncounted.report import disclosure
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

SAID = {
    "en": ("No report can be published now", "Nothing was published"),
    "ru": ("тчёт сейчас опубликовать нельзя", "Ничего не опубликовано"),
}
#: The figure, as the report's tables name it in the page's language (not in their codes).
FIGURE = {
    "en": "(Vedeno District, Other violations)",
    "ru": "(Веденский район, Другие нарушения)",
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    leaky_vault(tmp_path / "vault")
    monkeypatch.setattr(disclosure, "COARSER", 0)  # no coarser grouping: none protects
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_reports_page_refuses_a_report_nothing_protects_and_says_why(
    browser: Browser, site: str, tmp_path: Path, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, LEAKY_ADMIN, LEAKY_PASS, language)
    refused, nothing = SAID[language]
    page.goto(f"{site}/reports")
    page.locator("#report-draft").click()
    # the draft's wait page reloads itself into the refusal once the draft was tried
    expect(page.locator("p.error")).to_contain_text(refused, timeout=60_000)
    said = page.locator("p.error").inner_text()
    assert nothing in said and ("№ 1" in said or "No. 1" in said), said
    assert FIGURE[language] in said and "ru-ce-vedensky" not in said, said
    walk_shot(page, f"report-unprotectable-draft-{language}-{width}.png")
    assert page_width(page) <= width, f"the refusal scrolls sideways at {width} px"
    page.goto(f"{site}/reports")
    page.locator("#publish-confirm").check()
    page.locator("#report-publish button").click()
    expect(page.locator("p.error")).to_contain_text(refused)
    assert page.locator("p.error").inner_text() == said, "Publish says what the draft said"
    walk_shot(page, f"report-unprotectable-publish-{language}-{width}.png")
    page.close()
    assert published_count(tmp_path / "vault") == 1


@pytest.fixture
def hidden_site(tmp_path: Path) -> Iterator[str]:
    detention_hidden_vault(tmp_path / "vault")
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


HIDDEN = {
    "en": "Hidden (·) so that a smaller number cannot be worked out from it; each of them is 5 "
    "people or more (a violation with fewer is counted under Other violations): Detention.",
    "ru": "Скрыто (·), чтобы по нему нельзя было вычислить меньшее число; в каждом из этих "
    "нарушений не меньше 5 человек (нарушение, в котором людей меньше, считается в «Других "
    "нарушениях»): Задержание.",
}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_a_large_violation_hidden_on_the_reports_page_is_not_read_as_small(
    browser: Browser, hidden_site: str, language: str, width: int
) -> None:
    """Walkday5: Detention (67 people or more) was "·" with nothing said but the PDF's note,
    which read as under 5. The page's table of the last report says why it is hidden."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, hidden_site, LEAKY_ADMIN, LEAKY_PASS, language)
    page.goto(f"{hidden_site}/reports")
    people = page.locator(".report-people strong").first
    expect(people).to_have_text("·")  # 98 less report No. 1's 95 gave the 3 away
    expect(page.locator(".report-people-hidden").first).to_be_visible()
    note = page.locator("#report-violations-hidden")
    expect(note).to_be_visible()
    assert " ".join(note.inner_text().split()) == HIDDEN[language]
    walk_shot(page, f"report-violation-hidden-{language}-{width}.png")
    assert page_width(page) <= width, f"the Reports page scrolls sideways at {width} px"
    page.close()
