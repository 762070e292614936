"""Counts of records never read as counts of people: on the dashboard and the register the
people documented are followed by how many links between records no reviewer has looked at
and how many records are not yet linked (stop 21: "People documented as victims: 54 (12 links
not yet reviewed)" read as twelve more people). Each such count names records in its own words,
English at a desk and Russian on a phone. Real vault of synthetic people linked by the real
linkage, real app in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, build_world_vault
from browser_helpers import page_width, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, expect
from server_helpers import serving

from uncounted.services import imports, register, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

#: Every count beside the people documented, as the page must word it (a number, then words
#: that say it counts records), and the old wording that must not come back.
SAID = {
    "en": (
        r"\d+ links? between (two )?records not yet reviewed",
        r"\d+ links? not yet reviewed",
    ),
    "ru": (
        r"\d+ связ(ь|и|ей) между записями ещё не провер",
        r"\d+ связ(ь|и|ей) ещё не провер",
    ),
}
UNPLACED = {"en": r"\d+ records? not yet linked", "ru": r"\d+ запис(ь|и|ей) ещё не связан"}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A vault of three lists, linked once (so links wait for review), and two records added
    after the linking (so records wait for the next one)."""
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists, people=60)
    with vaults.unlock(tmp_path / "vault", ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
    later = lists / "later.csv"
    later.write_text(
        "record_id,name,event_type,event_date,role\n"
        "L1,Synthetic Latecomer One,detention,2019-03-02,victim\n"
        "L2,Synthetic Latecomer Two,detention,2019-03-04,victim\n"
    )
    with vaults.unlock(tmp_path / "vault", ADMIN, ADMIN_PASS) as admin:
        imports.import_file(admin, later, source="later")
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as url:
        yield url


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_counts_of_records_say_records_on_the_dashboard_and_the_register(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, language)
    records, old = SAID[language]
    for path, selector in (("/", "#dashboard-people"), ("/register", "#register-count")):
        page.goto(f"{site}{path}")
        expect(page.locator(selector)).to_be_visible()
        said = " ".join(page.locator(selector).inner_text().split())
        assert re.search(records, said), said
        assert not re.search(old, said), said
        assert re.search(UNPLACED[language], said), said
        walk_shot(page, f"record-counts-{language}-{width}{path.replace('/', '-')}.png")
        assert page_width(page) <= width, f"{path} scrolls sideways at {width} px"
    page.close()
