"""In Chromium, en at 1280 px and ru at a 390 px phone: the register's person page shows who
did it to each of the person's records, the kinds of perpetrator (counted, in the clear) to
everyone who may open the page, the units and officials named (sealed with the identity) only
to a user granted the case. Real vault, a testimony recorded through the real form."""

from __future__ import annotations

import pytest
from browser_helpers import no_sideways_scroll, sign_in, switch_language, walk_shot
from fastapi.testclient import TestClient
from intake_helpers import OUTSIDER, OUTSIDER_PASS, add_outsiders, intake_data
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault
from web_helpers import sign_in as sign_in_client

from uncounted.services import register, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

UNITS = ("PPS regiment", "Regional FSB office")  # as told; synthetic
KINDS = {"en": ("Police unit", "Security service"), "ru": ("Подразделение полиции", "Спецслужба")}


def _person_with_two_perpetrators(web_vault: WebVault) -> str:
    """A testimony told by the analyst (who holds its case): a victim detained by a police unit
    and a security service; linked into the register. The person's id."""
    add_outsiders(web_vault.path)
    app = app_for_vault(WebSettings(vault=web_vault.path))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        csrf = sign_in_client(client, ANALYST, ANALYST_PASS)
        told = intake_data(
            csrf,
            case="case-perp",
            perpetrator_unit=UNITS[0],
            perpetrators="2",
            **{"perpetrator_type-1": "security_service", "perpetrator_unit-1": UNITS[1]},
        )
        answer = client.post("/testimony", data=told)
        assert answer.status_code == 200
        record_id = str(answer.url.path).rsplit("/", 1)[1]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
        return next(
            person.id
            for person in register.list_people(admin)
            if record_id in {record.record_id for record in person.records}
        )


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_the_person_page_shows_who_did_it_and_the_units_only_to_the_granted(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    person = _person_with_two_perpetrators(web_vault)
    for user, passphrase, granted in (
        (ANALYST, ANALYST_PASS, True),
        (OUTSIDER, OUTSIDER_PASS, False),
    ):
        page = browser.new_page(viewport={"width": width, "height": 900})
        sign_in(page, site, user, passphrase)
        switch_language(page, language)
        page.goto(f"{site}/register/{person}")
        kinds = page.locator("#person-records tbody td.perpetrators .perpetrator-kinds")
        expect(kinds).to_have_text(", ".join(KINDS[language]))
        units = page.locator("#person-records tbody td.perpetrators .perpetrator-units")
        if granted:
            expect(units).to_have_text("; ".join(UNITS))
        else:
            expect(units).to_have_count(0)
            for unit in UNITS:
                expect(page.locator("body")).not_to_contain_text(unit)
        no_sideways_scroll(page, width)
        walk_shot(page, f"4-register-person-{user}-{language}-{width}.png")
        page.close()
