"""In Chromium, en and ru, desktop and 390 px: two files attached with their descriptions from a
person page are listed, with a thumbnail, on the record page; a user not granted the case sees
none of a case's evidence (issue 14, item 5). Screenshots go to /tmp/evidence2-*.png."""

from __future__ import annotations

import io

import pytest
from browser_helpers import no_sideways_scroll, sign_in, switch_language, walk_shot
from PIL import Image
from playwright.sync_api import Browser, expect
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault

from uncounted.services import evidence, vaults

pytestmark = pytest.mark.browser

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
WORDS = {
    "en": {"attached": "2 files were attached.", "photo": "Photograph", "none": "No evidence"},
    "ru": {"attached": "Прикреплено 2 файла.", "photo": "Фотография", "none": "Доказательств"},
}


def _photo() -> bytes:
    image = Image.new("RGB", (800, 600), (150, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Synthetic Photographer"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("width", [1280, 390])
def test_two_files_attached_on_a_person_page_show_on_the_record_page(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ANALYST, ANALYST_PASS)  # a caseworker granted case-a
    switch_language(page, language)
    page.goto(f"{site}/people/{web_vault.granted_id}")
    page.locator("#evidence-files").set_input_files(
        [
            {"name": "spina.jpg", "mimeType": "image/jpeg", "buffer": _photo()},
            {"name": "spravka.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    rows = page.locator("#evidence-rows .evidence-row:visible")
    expect(rows).to_have_count(2)  # one kind and description per file chosen
    expect(rows.nth(0).locator("legend")).to_have_text("spina.jpg")
    expect(rows.nth(1).locator("legend")).to_have_text("spravka.pdf")
    page.locator("#kind-0").select_option("photo")
    page.locator("#description-0").fill("Следы ударов на спине, второй день")
    page.locator("#kind-1").select_option("medical_report")
    page.locator("#description-1").fill("Справка травмпункта №12")
    no_sideways_scroll(page, width)
    walk_shot(page, f"evidence2-attach-{language}-{width}.png")
    page.locator("#attach-evidence button[type=submit]").click()
    expect(page.locator("#evidence .notice")).to_have_text(WORDS[language]["attached"])

    page.goto(f"{site}/records/{web_vault.granted_id}")
    entries = page.locator("#evidence li.evidence-entry")
    expect(entries).to_have_count(2)
    photo = entries.filter(has_text="Следы ударов на спине, второй день")
    expect(photo.locator("a.evidence-kind")).to_have_text(WORDS[language]["photo"])
    expect(photo).to_contain_text(ANALYST)
    thumbnail = photo.locator("img.evidence-thumbnail")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 320
    expect(entries.filter(has_text="Справка травмпункта №12")).to_have_count(1)
    no_sideways_scroll(page, width)
    walk_shot(page, f"evidence2-record-{language}-{width}.png")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 390)])
def test_a_user_not_granted_the_case_sees_none_of_its_evidence(
    browser: Browser, site: str, web_vault: WebVault, language: str, width: int
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:  # case-b: admin only
        item = evidence.add_evidence_upload(
            admin,
            [_photo()],
            "scan.jpg",
            web_vault.other_id,
            evidence.describe("document", "Протокол задержания (скан)"),
        )
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, site, ANALYST, ANALYST_PASS)
    switch_language(page, language)
    for url in (f"/records/{web_vault.other_id}", f"/people/{web_vault.other_id}"):
        page.goto(site + url)
        expect(page.locator("#evidence")).to_contain_text(WORDS[language]["none"])
        expect(page.locator("#evidence li.evidence-entry")).to_have_count(0)
        expect(page.get_by_text("Протокол задержания")).to_have_count(0)
    walk_shot(page, f"evidence2-ungranted-{language}-{width}.png")
    answer = page.request.get(f"{site}/evidence/{item.id}/thumbnail")
    assert answer.status == 403
    page.context.close()
