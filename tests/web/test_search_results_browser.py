"""In Chromium, ru on a 390 px phone and en at 1280: a caseworker looking up a caller's
relative types the start of the surname as the caller spells it ("Prok" for Проходов),
is told how many matched (records on the records and people lists, people on the register,
in words that agree with the number), and on the register tells the two namesakes apart by
their names and years of birth, which are shown only for the cases granted to them (a third
namesake in a case not granted stays a code) and audited as read as the records page is.
Names are synthetic."""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, OTHER_NAME, WebVault

from uncounted.services import audit, records, register, vaults

pytestmark = pytest.mark.browser

NAME = "Тимур Проходов"
#: case, year of birth of each namesake: two in the caseworker's case, one in another
NAMESAKES = (("case-a", "1990"), ("case-a", "1971-05"), ("case-b", "1955"))
TYPED = "Prok"  # half typed: kh (х) keys as h, so Prok is not the start of Prokhodov's key

MATCH = {
    "en": ("2 records match", "2 people match", "born 1990", "born 1971"),
    "ru": ("Найдены 2 записи", "Найдены 2 человека", "1990 г. р.", "1971 г. р."),
}


def _add(web_vault: WebVault) -> None:
    """The three namesakes, victims of detentions told by the hotline, linked into people."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        for case, born in NAMESAKES:
            records.create_record(
                admin,
                records.RecordDraft(
                    case=case,
                    source="hotline",
                    event_type="detention",
                    event_month="2018-12",
                    analytic={"role": "victim"},
                    identity={"name": NAME, "birth_date": born},
                ),
            )
        register.link_people(admin)
        assert len(register.list_people(admin, NAME)) == 3  # three people, not one


def _search(page: Page, typed: str) -> None:
    page.locator("#q").fill(typed)
    page.locator("#q").press("Enter")
    page.wait_for_load_state("load")


def _register_reads(web_vault: WebVault) -> list[audit.AuditEntry]:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        entries = audit.audit_trail(admin, 1000, 0, action="identity.read")
    return [entry for entry in entries if entry.detail.get("page") == "/register"]


@pytest.mark.parametrize(("language", "width"), [("ru", 390), ("en", 1280)])
def test_half_a_surname_finds_the_namesakes_counted_and_told_apart_where_granted(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    _add(web_vault)
    records_match, people_match, older, younger = MATCH[language]
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in_in_language(page, site, ANALYST, ANALYST_PASS, language)
    for path, table, count in (
        ("/records", "#records-list", records_match),
        ("/people", "#people-list", records_match),  # a row per record there, not per person
        ("/register", "#register-people", people_match),
    ):
        page.goto(f"{site}{path}")
        expect(page.locator("#match-count")).to_have_count(0)  # nothing asked, nothing counted
        _search(page, TYPED)
        rows = page.locator(f"{table} tbody tr")
        expect(rows).to_have_count(2)  # the two in the caseworker's case, not the third
        expect(page.locator("#match-count")).to_have_text(count)
        no_sideways_scroll(page, width)
        walk_shot(page, f"searchux2-{path.strip('/')}-{language}-{width}.png")
    rows = page.locator("#register-people tbody tr")
    for born in (older, younger):  # which of the two is the caller's brother
        expect(rows.filter(has_text=NAME).filter(has_text=born)).to_have_count(1)
        # the year and its words on one line: «1990 г.» then «р.» alone on the next (walkday3)
        shown = rows.filter(has_text=born).inner_text()
        assert born.replace(" ", "\u00a0") in shown or language == "en", shown
    before = len(_register_reads(web_vault))
    page.goto(f"{site}/register")
    everyone = page.locator("#register-people tbody")
    expect(everyone).to_contain_text(GRANTED_NAME)
    expect(everyone.filter(has_text=NAME)).to_have_count(1)
    expect(everyone).not_to_contain_text(OTHER_NAME)  # case-b: sealed to the caseworker
    expect(everyone).not_to_contain_text("1955")
    walk_shot(page, f"searchux2-register-everyone-{language}-{width}.png")
    reads = _register_reads(web_vault)
    assert len(reads) == before + 1  # the page view's one entry, as the records page has
    assert reads[0].user == ANALYST and reads[0].detail["cases"] == ["case-a"]
    assert reads[0].detail["count"] == 3  # Зелимхан Тестов and the two Проходовs shown
    page.close()
