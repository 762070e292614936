"""Evidence where the work is (issue 14, item 5): files attached from the person, record and
case pages, several at once, each with a kind and a description; listed with a thumbnail on
every page that shows their record, to users granted its case and to nobody else."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from fastapi.testclient import TestClient
from intake_helpers import WITNESS_NAME, intake_data
from PIL import Image
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, case_url, sign_in

from uncounted.services import evidence, register, vaults
from uncounted.vault.evidence_blob import MAGIC

PHOTOGRAPHER = "Synthetic Photographer"
GPS_TAG, ARTIST_TAG = 0x8825, 0x013B


def photo_with_gps(size: tuple[int, int] = (900, 600)) -> bytes:
    """A JPEG whose EXIF names a photographer and a GPS position (all invented)."""
    image = Image.new("RGB", size, (160, 40, 40))
    exif = Image.Exif()
    exif[ARTIST_TAG] = PHOTOGRAPHER
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (43.0, 18.0, 0.0), 3: "E", 4: (45.0, 41.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def huge_png() -> bytes:
    """A PNG that declares 20,000 x 20,000 pixels in a few hundred bytes (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\x80" * 48)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def attach(
    client: TestClient,
    token: str,
    back: str,
    record: str,
    files: list[tuple[str, bytes, str]],
    described: list[tuple[str, str]],
) -> object:
    data = {"csrf_token": token, "back": back, "record": record}
    for index, (kind, text) in enumerate(described):
        data[f"kind-{index}"] = kind
        data[f"description-{index}"] = text
    return client.post(
        "/evidence",
        data=data,
        files=[("file", (name, body, mime)) for name, body, mime in files],
        follow_redirects=False,
    )


def test_two_files_attached_from_a_person_page_are_listed_with_kind_description_thumbnail(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)  # a caseworker granted case-a
    person = f"/people/{web_vault.granted_id}"
    form = client.get(person).text
    assert 'id="attach-evidence"' in form and "multiple" in form
    sent = attach(
        client,
        token,
        person,
        web_vault.granted_id,
        [("bruises.jpg", photo_with_gps(), "image/jpeg"), ("note.txt", b"synthetic", "text/plain")],
        [("photo", "Следы ударов на спине"), ("medical_report", "Справка травмпункта")],
    )
    assert sent.status_code == 303, sent.text  # type: ignore[attr-defined]
    assert sent.headers["location"] == f"{person}?attached=2#evidence"  # type: ignore[attr-defined]

    for page in (
        client.get(f"{person}?attached=2").text,
        client.get(f"/records/{web_vault.granted_id}").text,
    ):
        assert "Следы ударов на спине" in page and "Справка травмпункта" in page
        assert "Photograph" in page and "Medical report" in page
        assert f"added by {ANALYST}" in page
        assert page.count('class="evidence-thumbnail"') == 1  # the photo; a text file has none
    assert "2 files were attached." in client.get(f"{person}?attached=2").text
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get(f"/records/{web_vault.granted_id}").text
    assert "Фотография" in russian and "Медицинское заключение" in russian

    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        items = evidence.described_evidence(admin, records=[web_vault.granted_id])
    photo = next(shown.item for shown in items if shown.item.kind == "photo")
    image = client.get(f"/evidence/{photo.id}/thumbnail")
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert image.headers["cache-control"] == "no-store"
    assert PHOTOGRAPHER.encode() not in image.content and b"Exif" not in image.content
    with Image.open(io.BytesIO(image.content)) as small:
        assert max(small.size) == 320 and small.size == (320, 213)
        assert dict(small.getexif()) == {}
        assert "exif" not in small.info and "icc_profile" not in small.info


def test_a_user_not_granted_the_case_sees_none_of_its_evidence(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)  # holds case-b
    other = f"/records/{web_vault.other_id}"
    attach(
        client,
        token,
        other,
        web_vault.other_id,
        [("scan.jpg", photo_with_gps((60, 40)), "image/jpeg")],
        [("document", "Протокол задержания, скан")],
    )
    assert "Протокол задержания, скан" in client.get(other).text
    assert "Протокол задержания, скан" in client.get(case_url(client, "case-b")).text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        (shown,) = evidence.described_evidence(admin, case="case-b")

    client.cookies.clear()
    sign_in(client, ANALYST, ANALYST_PASS)  # not granted case-b
    for url in (other, f"/people/{web_vault.other_id}", case_url(client, "case-b")):
        page = client.get(url).text
        assert "Протокол задержания" not in page
        assert shown.item.id not in page and "evidence-entry" not in page
        assert "No evidence you may see." in page
        assert 'id="attach-evidence"' not in page  # nor a form that could only be refused
    assert client.get(f"/evidence/{shown.item.id}/thumbnail").status_code == 403


def test_a_file_is_attached_from_the_case_page_by_choosing_the_person(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    case_a = case_url(client, "case-a")
    case = client.get(case_a).text
    assert 'id="evidence-record"' in case  # a list of the case's people, no id to type
    assert f'value="{web_vault.granted_id}"' in case and "Зелимхан Тестов" in case
    sent = attach(
        client,
        token,
        case_a,
        web_vault.granted_id,
        [("a.txt", b"one", "text/plain"), ("b.txt", b"two", "text/plain")],
        [("message", "Переписка с родственником")],  # one row describes both (no script)
    )
    assert sent.headers["location"] == f"{case_a}?attached=2#evidence"  # type: ignore[attr-defined]
    page = client.get(case_a).text
    assert page.count("Переписка с родственником") == 2


def test_a_decompression_bomb_is_preserved_without_a_thumbnail(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    record = f"/records/{web_vault.granted_id}"
    sent = attach(
        client,
        token,
        record,
        web_vault.granted_id,
        [("aerial.png", huge_png(), "image/png")],
        [("photo", "Снимок с воздуха")],
    )
    assert sent.status_code == 303  # type: ignore[attr-defined]
    page = client.get(record).text
    assert "Снимок с воздуха" in page and "evidence-thumbnail" not in page


def test_nothing_is_on_disk_in_the_clear(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    attach(
        client,
        token,
        "/",
        web_vault.granted_id,
        [("p.jpg", photo_with_gps(), "image/jpeg")],
        [("photo", "Уникальное описание 7731")],
    )
    blobs = sorted((web_vault.path / "evidence").iterdir())
    assert [blob.suffix for blob in blobs] == [".original", ".thumbnail"]
    for blob in blobs:
        content = blob.read_bytes()
        assert content.startswith(MAGIC)
        assert b"\xff\xd8\xff" not in content and PHOTOGRAPHER.encode() not in content
    every = b"".join(p.read_bytes() for p in web_vault.path.rglob("*") if p.is_file())
    assert "Уникальное описание 7731".encode() not in every


@pytest.mark.parametrize(("kind", "text"), [("not-a-kind", ""), ("photo", "x" * 2001)])
def test_a_bad_kind_or_description_is_refused_and_nothing_stored(
    client: TestClient, web_vault: WebVault, kind: str, text: str
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    refused = attach(
        client, token, "/", web_vault.granted_id, [("a.txt", b"a", "text/plain")], [(kind, text)]
    )
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert not (web_vault.path / "evidence").exists() or not any(
        (web_vault.path / "evidence").iterdir()
    )


def test_path_of_the_back_field_never_leaves_the_site(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    sent = attach(
        client,
        token,
        "//evil.example/",
        web_vault.granted_id,
        [("a.txt", b"a", "text/plain")],
        [("other", "")],
    )
    assert sent.headers["location"].startswith("/evidence/ev-")  # type: ignore[attr-defined]


def test_the_register_page_of_a_linked_person_lists_the_evidence_of_their_records(
    client: TestClient, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        for record, text in ((web_vault.granted_id, "Фото синяков"), (web_vault.other_id, "Скан")):
            evidence.add_evidence_upload(
                admin, [photo_with_gps((40, 30))], "a.jpg", record, evidence.describe("photo", text)
            )
        register.link_people(admin)
        people = {
            record.record_id: person.id
            for person in register.list_people(admin)
            for record in person.records
        }
    sign_in(client, ANALYST, ANALYST_PASS)  # granted case-a, not case-b
    granted = client.get(f"/register/{people[web_vault.granted_id]}").text
    assert "Фото синяков" in granted and 'class="evidence-thumbnail"' in granted
    hidden = client.get(f"/register/{people[web_vault.other_id]}").text
    assert "Скан" not in hidden and "evidence-entry" not in hidden


def test_after_a_testimony_is_saved_files_are_attached_to_anyone_in_it_and_listed_on_its_event(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    saved = client.post("/testimony", data=intake_data(token, case="case-a"))
    assert saved.status_code == 200, saved.text
    assert "recorded=2" in str(saved.url)
    page = saved.text
    assert 'id="evidence-record"' in page  # who the file is about: the victim or the witness
    assert WITNESS_NAME in page.split('id="evidence-record"', 1)[1].split("</select>", 1)[0]
    witness = re.search(rf'<option value="([0-9a-f]+)">{WITNESS_NAME}', page)
    assert witness is not None
    attach(
        client,
        token,
        saved.url.path,
        witness.group(1),
        [("w.txt", b"synthetic", "text/plain")],
        [("message", "Переписка свидетельницы")],
    )
    assert "Переписка свидетельницы" in client.get(f"/people/{witness.group(1)}").text
    event = re.search(r'href="/people\?event=([^"]+)"', page)
    assert event is not None
    assert "Переписка свидетельницы" in client.get(f"/people?event={event.group(1)}").text
