"""In Chromium (issue 11, "done when"): relatives do not change the victim count, in English
and in Russian; an analyst's partial run does not change the caseworker's dashboard.
Synthetic people only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN as W_ADMIN
from analysis_helpers import ADMIN_PASS as W_ADMIN_PASS
from analysis_helpers import ANALYST as W_ANALYST
from analysis_helpers import ANALYST_PASS as W_ANALYST_PASS
from analysis_helpers import WORKER, WORKER_PASS, build_world_vault
from browser_helpers import sign_in
from playwright.sync_api import Browser, Page, expect
from server_helpers import serving
from web_helpers import ADMIN, ADMIN_PASS

from uncounted.services import grants, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser


def _people(page: Page, site: str) -> int:
    page.goto(f"{site}/")
    return int(page.locator("#dashboard-people strong").inner_text())


def _testimony(page: Page, site: str, relative_role: str, button: str) -> None:
    page.goto(f"{site}/testimony")
    page.locator("#case").fill("case-a")
    page.locator("#event_type").select_option("detention")
    page.locator("#event_date").fill("2017-04")
    page.locator("#people-0-role").select_option("victim")
    page.locator("#people-0-name").fill("Synthetic Victimov")
    page.locator("#people-1-role").select_option(relative_role)
    page.locator("#people-1-name").fill("Synthetic Relativeova")
    page.get_by_role("button", name=button).click()
    expect(page.locator("[role=status]")).to_be_visible()


def test_relatives_do_not_change_the_victim_count(browser: Browser, site: str) -> None:
    page = browser.new_page()
    sign_in(page, site, ADMIN, ADMIN_PASS)
    before = _people(page, site)
    records_before = page.locator("#dashboard-records").inner_text()
    _testimony(page, site, "relative", "Record the testimony")
    assert _people(page, site) == before + 1  # the victim; the relative is a record only
    assert page.locator("#dashboard-records").inner_text() != records_before
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    _testimony(
        page, site, "relative", "Сохранить обращение"
    )  # the form in Russian: the role is chosen all the same
    page.goto(f"{site}/")
    expect(page.locator("#dashboard-people")).to_contain_text("Задокументировано пострадавших")
    assert int(page.locator("#dashboard-people strong").inner_text()) == before + 2


@pytest.fixture
def world_site(tmp_path: Path) -> Iterator[str]:
    lists = tmp_path / "lists"
    lists.mkdir()
    path = tmp_path / "world"
    build_world_vault(path, lists, people=80)
    with vaults.unlock(path, W_ADMIN, W_ADMIN_PASS) as admin:
        cases = sorted(case.name for case in grants.list_cases(admin))
        for case in cases[:2]:  # the analyst holds two of the three lists
            grants.grant(admin, case, W_ANALYST)
    with serving(app_for_vault(WebSettings(vault=path))) as url:
        yield url


def test_an_analysts_partial_run_does_not_change_the_dashboard(
    browser: Browser, world_site: str
) -> None:
    analyst = browser.new_context().new_page()
    sign_in(analyst, world_site, W_ANALYST, W_ANALYST_PASS)
    analyst.goto(f"{world_site}/analysis")
    analyst.get_by_label("Method").select_option("loglinear")
    analyst.get_by_role("button", name="Link the records and estimate").click()
    runs = analyst.locator("#estimate-runs")
    # the run counts from the register (every list); the list the analyst cannot read was
    # never linked into it, so its records stand alone and the run is partial
    expect(runs).to_contain_text("partial:")
    expect(runs).to_contain_text("cannot be the headline")
    expect(runs.get_by_role("button", name="Make the headline")).to_have_count(0)
    worker = browser.new_context().new_page()
    sign_in(worker, world_site, WORKER, WORKER_PASS)
    expect(worker.locator("#dashboard-estimate")).to_contain_text(
        "No estimate has been published yet."
    )
