"""Found by walking the path from a hotline call to a published number in Chromium, as its
users, in Russian at 390 px: what a Russian reader saw in English or could not read."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import evidence, register, vaults

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def sign_in_in_russian(page: Page, site: str, user: str, passphrase: str) -> None:
    page.goto(f"{site}/signin")
    page.locator("#language-select").select_option("ru")
    page.locator("form[action='/language'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.locator("#user").fill(user)
    page.locator("#passphrase").fill(passphrase)
    page.locator("form[action='/signin'] button[type=submit]").click()
    page.wait_for_url(f"{site}/")


def test_the_dashboard_charts_say_not_known_in_russian(browser: Browser, site: str) -> None:
    """The test vault's records name no district: the chart's bar for them was 'unknown'."""
    page = browser.new_page(viewport=PHONE)
    sign_in_in_russian(page, site, ADMIN, ADMIN_PASS)
    charts = page.locator("main svg")
    expect(charts.filter(has_text="Неизвестно")).to_have_count(1)
    expect(charts.filter(has_text="unknown")).to_have_count(0)
    page.close()


def _attach_a_photo(web_vault: WebVault) -> None:
    photo = web_vault.path.parent / "photo.jpg"
    with io.BytesIO() as out:
        Image.new("RGB", (40, 30), (90, 120, 150)).save(out, "JPEG")
        photo.write_bytes(out.getvalue())
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        evidence.add_evidence(admin, photo, web_vault.granted_id)


def test_the_audit_trail_reads_on_a_phone_in_russian(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    """Its columns were a letter wide at 390 px; an evidence entry's details were coded."""
    _attach_a_photo(web_vault)
    page = browser.new_page(viewport=PHONE)
    sign_in_in_russian(page, site, ADMIN, ADMIN_PASS)
    page.goto(f"{site}/admin/audit")
    added = page.locator("#audit-entries tr").filter(has_text="добавил(а) доказательство")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("тип файла: image/jpeg")
    expect(added).to_contain_text("размер в байтах:")
    when = added.locator("td").first
    expect(when).to_have_attribute("data-label", "Когда")  # shown before the cell
    box = when.bounding_box()
    assert box is not None and box["width"] > PHONE["width"] / 2  # a line, not a letter
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def test_a_linkage_entry_of_the_audit_trail_says_what_its_figures_count(
    client: TestClient, web_vault: WebVault
) -> None:
    """people.link kept 'record ids: 668' (a count) and 'before'/'after' (lists of people)."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    page = client.get("/admin/audit", params={"action": "people.link"}).text
    assert "записей у людей после: 2" in page
    assert "людей стало: 2" in page
    assert "номера записей" not in page
