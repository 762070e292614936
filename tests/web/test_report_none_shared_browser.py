"""In Chromium, ru on a 390 px phone and en at 1280 px: the Reports page's advice when the
newest run gave no figure because none of its lists shares anyone with another (the
"none_shared" branch, which had no page test): leaving a list out cannot help, so the page
says that no estimate can be made from them until records of the same people on more than one
list are linked, and advises unticking none. The small disjoint list world
(``left_out_world.py``), the real app, vault, linkage and dga. Screenshots
(none-shared-*.png) go to $UNCOUNTED_WALK_SHOTS when it is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import loaded, no_sideways_scroll, sign_in_in_language, walk_shot
from left_out_world import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, PARTNER, left_out_copy
from playwright.sync_api import Browser, expect
from server_helpers import serving
from vault_copies import VaultCopies

from uncounted.services import analysis_review, records, register, revisions, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

WORDS = {
    "en": "Run 3 gave no figure: its lists share no one, so no estimate can be made from them"
    " until records of the same people on more than one list are linked.",
    "ru": "Расчёт № 3 не дал числа: ни один человек ни из одного его списка не встречается в"
    " других списках, поэтому оценку по ним сделать нельзя, пока не связаны записи об одних и"
    " тех же людях в нескольких списках.",
}
#: The two lists of the newest run: the partner list and one that shares no one with it.
TWO = ("hotline", PARTNER)


@pytest.fixture
def site(tmp_path: Path, vault_copies: VaultCopies) -> Iterator[str]:
    """The world linked, an estimate without the partner list the headline (run 1 over every
    list refused), a record corrected after it, and the newest run over the partner list and
    the hotline alone: neither shares anyone with the other."""
    world = left_out_copy(vault_copies, tmp_path)
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
        analysis_review.estimate_from_register(analyst, "dga")
        chosen = analysis_review.estimate_from_register(analyst, "dga", leave_out=(PARTNER,))
        analysis_review.publish_estimate(analyst, chosen.id)
        lists = register.counts(analyst).by_source
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        others = [name for name in lists if name not in TWO]
        latest = analysis_review.estimate_from_register(analyst, "dga", leave_out=others)
        advice = analysis_review.next_estimate(analyst)
    assert (latest.id, advice.none_shared, advice.sharing_no_one) == (3, True, ())
    with serving(app_for_vault(WebSettings(vault=world))) as url:
        yield url


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_the_reports_page_says_no_list_left_out_can_help_when_none_shares_anyone(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    page.goto(f"{site}/reports")
    loaded(page)
    expect(page.locator("#report-estimate-behind")).to_be_visible()
    expect(page.locator("#report-estimate-none-shared")).to_have_text(WORDS[language])
    expect(page.locator("#report-estimate-leave-out")).to_have_count(0)
    no_sideways_scroll(page, width)
    walk_shot(page, f"none-shared-reports-{language}-{width}.png")
    page.close()
