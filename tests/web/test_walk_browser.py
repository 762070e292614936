"""Found by walking the path from a hotline call to a published number in Chromium, as its
users, in Russian at 390 px: what a Russian reader saw in English or could not read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from analysis_helpers import ADMIN as WORLD_ADMIN
from analysis_helpers import ADMIN_PASS as WORLD_ADMIN_PASS
from analysis_helpers import build_world_vault
from browser_helpers import page_width, sign_in_in_language, switch_language
from fastapi.testclient import TestClient
from PIL import Image
from playwright.sync_api import Browser, expect
from server_helpers import serving
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import evidence, register, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_dashboard_charts_say_not_known_in_russian(browser: Browser, site: str) -> None:
    """The test vault's records name no district: the chart's bar for them was 'unknown'."""
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
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
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    page.goto(f"{site}/admin/audit")
    added = page.locator("#audit-entries tr").filter(has_text="Добавление доказательства")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("тип файла: image/jpeg")
    expect(added).to_contain_text("размер в байтах:")
    when = added.locator("td").first
    expect(when).to_have_attribute("data-label", "Когда")  # shown before the cell
    page.wait_for_load_state("load")  # boxes measured on the styled page
    box = when.bounding_box()
    assert box is not None and box["width"] > PHONE["width"] / 2  # a line, not a letter
    assert page_width(page) <= PHONE["width"]
    caption = page.locator("#audit-entries caption").bounding_box()
    assert caption is not None and caption["height"] < 60  # 'Страница 1' was a letter a line
    for field in ("user", "case", "since", "until", "action"):  # each label on its field's line
        label = page.locator(f"label[for='audit-{field}']").bounding_box()
        box = page.locator(f"#audit-{field}").bounding_box()
        assert label is not None and box is not None
        assert box["y"] <= label["y"] + label["height"] / 2 <= box["y"] + box["height"], field
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


def test_a_run_over_one_kind_of_event_says_so_in_the_runs_and_as_the_headline(
    browser: Browser, tmp_path: Path
) -> None:
    """A run over the victims of detention only read 'every list' among the runs and, made the
    headline, was the dashboard's 'Estimated total' with nothing saying whose total it was."""
    lists = tmp_path / "lists"
    lists.mkdir()
    build_world_vault(tmp_path / "vault", lists)
    with serving(app_for_vault(WebSettings(vault=tmp_path / "vault"))) as site:
        page = browser.new_page(viewport=PHONE)
        sign_in_in_language(page, site, WORLD_ADMIN, WORLD_ADMIN_PASS, "ru")
        page.goto(f"{site}/analysis")
        page.locator("#estimate-method").select_option("dga")
        page.locator("select[name=event_type]").select_option("detention")
        page.locator("form[action='/analysis/estimate'] button[type=submit]").click()
        runs = page.locator("#estimate-runs tbody tr")
        expect(runs).to_have_count(1)
        expect(runs).to_contain_text("Пострадавшие от: Задержание")
        runs.get_by_role("button", name="Сделать основной").click()
        expect(page.locator("#estimate-runs")).to_contain_text("основная")
        page.goto(f"{site}/")
        headline = page.locator("#dashboard-estimate")
        expect(headline.locator("#dashboard-estimate-victims-of")).to_have_text(
            "Пострадавшие от: Задержание"
        )
        page.close()


def test_the_evidence_list_says_what_each_file_is_in_russian(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    """The list's 'Kind of file' column showed the media type (image/jpeg) although the file
    was added as a photograph."""
    photo = web_vault.path.parent / "bruise.jpg"
    with io.BytesIO() as out:
        Image.new("RGB", (40, 30), (150, 90, 90)).save(out, "JPEG")
        photo.write_bytes(out.getvalue())
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        item = evidence.add_evidence(
            admin, photo, web_vault.granted_id, description=evidence.describe("photo", "")
        )
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    page.goto(f"{site}/evidence")
    row = page.locator("main table tr").filter(has=page.locator(f"a[href='/evidence/{item.id}']"))
    expect(row).to_contain_text("Фотография")
    expect(row).not_to_contain_text("image/jpeg")
    page.close()


def test_a_person_page_says_what_is_not_known_instead_of_leaving_it_blank(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    """Sex, who did it and the district of a testimony that gave none stood with nothing
    under them: a tired reader could not tell 'not told' from 'not shown to you'."""
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    page.goto(f"{site}/people/{web_vault.granted_id}")
    facts = page.locator("main dl").first
    expect(facts.locator("dt:text-is('Пол') + dd")).to_have_text("Не указан")
    expect(facts.locator("dt:text-is('Кто это сделал') + dd")).to_have_text("Неизвестно")
    expect(facts.locator("dt:text-is('Район') + dd")).to_have_text("Неизвестно")
    page.close()


def test_the_register_counts_people_in_the_plural_russian_gives_the_number(
    browser: Browser, site: str, web_vault: WebVault
) -> None:
    """'2 человек учтено', '192 человек в реестре': the counts were a number before one fixed
    word, so Russian read 'человек' after 2-4 (and after 22, 192...), where it says 'человека'."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    page.goto(f"{site}/register")
    expect(page.locator("#register-count")).to_contain_text("2 человека учтено как пострадавшие")
    expect(page.locator("#register-people caption")).to_have_text("2 человека в реестре")
    switch_language(page, "en")
    expect(page.locator("#register-count")).to_contain_text("2 people counted as victims")
    expect(page.locator("#register-people caption")).to_have_text("2 people in the register")
    page.close()


def test_the_admins_own_row_says_why_it_offers_nothing(browser: Browser, site: str) -> None:
    """On Users, the admin's own card ended in 'Доступ:' and nothing: no role to change, no
    reset, read at 390 px as if the admin had no access at all."""
    page = browser.new_page(viewport=PHONE)
    sign_in_in_language(page, site, ADMIN, ADMIN_PASS, "ru")
    page.goto(f"{site}/admin/users")
    access = page.locator(f"#user-{ADMIN} td[data-label='Доступ']")
    expect(access).to_have_text("Это вы: вашу роль и доступ меняет другой администратор.")
    assert page_width(page) <= PHONE["width"]
    page.close()
