"""Evidence through the web pages: upload, custody chain, working copy, package, handover."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image
from upload_helpers import files_containing, files_written, outside
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.ledger import verify_package
from uncounted.services import evidence, ledger, vaults

GPS_TAG = 0x8825
ARTIST_TAG = 0x013B
PHOTOGRAPHER = "Synthetic Photographer"


def photo_with_gps() -> bytes:
    """A small JPEG whose EXIF names a photographer and a GPS position (all invented)."""
    image = Image.new("RGB", (64, 48), (120, 30, 30))
    exif = Image.Exif()
    exif[ARTIST_TAG] = PHOTOGRAPHER
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (43.0, 18.0, 0.0), 3: "E", 4: (45.0, 41.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def add(client: TestClient, token: str | None, body: bytes, record: str = "") -> object:
    data = {"record": record} if token is None else {"record": record, "csrf_token": token}
    return client.post("/evidence", data=data, files={"file": ("beating.jpg", body, "image/jpeg")})


def custody_actions(page: str) -> list[str]:
    rows = re.findall(
        r'<tr class="custody-event">\s*<td[^>]*>\d+</td><td[^>]*>[^<]*</td>'
        r"<td[^>]*>([^<]*)</td>",
        page,
    )
    return rows


def item_count(web_vault: WebVault) -> int:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return len(evidence.list_evidence(admin))


def test_upload_shows_the_custody_chain_then_working_copy_package_and_handover(
    client: TestClient, web_vault: WebVault, tmp_path: Path
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    photo = photo_with_gps()
    page = add(client, token, photo, web_vault.granted_id)
    assert page.status_code == 200
    item_id = str(page.url).rsplit("/", 1)[1]
    assert item_id.startswith("ev-")
    assert custody_actions(page.text) == ["added"]
    assert "image/jpeg" in page.text
    assert f'href="/records/{web_vault.granted_id}"' in page.text

    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        sealed = evidence.evidence_metadata(admin, item_id)  # read from the in-memory upload
    assert sealed["original_name"] == "beating.jpg"
    assert sealed["exif.Artist"] == PHOTOGRAPHER
    assert any(key.startswith("gps.") for key in sealed)

    copy = client.post(f"/evidence/{item_id}/working-copy", data={"csrf_token": token})
    assert copy.status_code == 200
    assert copy.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(copy.content)) as stripped:
        assert stripped.size == (64, 48)
        assert dict(stripped.getexif()) == {}
    assert PHOTOGRAPHER.encode() not in copy.content

    package = client.post(
        f"/evidence/{item_id}/export", data={"package_copy": "original", "csrf_token": token}
    )
    assert package.status_code == 200
    assert package.headers["content-type"] == "application/zip"
    saved = tmp_path / "package.zip"
    saved.write_bytes(package.content)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        key = ledger.publish_head(admin).public_key
    report = verify_package(saved, key)
    assert report.ok, report.checks

    handed = client.post(
        f"/evidence/{item_id}/hand-over",
        data={"recipient": "Test Court of Appeal", "csrf_token": token},
    )
    assert "The handover was recorded." in handed.text
    assert "to: Test Court of Appeal" in handed.text
    assert custody_actions(handed.text) == [  # in words (the ledger keeps the codes)
        "added",
        "working copy made",
        "viewed",
        "exported",
        "handed over",
    ]


def test_an_upload_is_written_only_encrypted_inside_the_vault(
    client: TestClient, web_vault: WebVault
) -> None:
    marker = b"SYNTHETIC-TESTIMONY-MARKER "
    body = marker * 100_000  # 2.7 MB: Starlette would spool this to a temporary file
    token = sign_in(client, ADMIN, ADMIN_PASS)
    with files_written() as written:
        page = add(client, token, body)
    assert page.status_code == 200
    assert written, "the encrypted blob should have been written"
    assert outside(written, web_vault.path) == []
    assert files_containing(web_vault.path, marker) == []


def test_caseworker_adds_evidence_but_may_not_export_or_hand_over(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    page = add(client, token, photo_with_gps())
    assert page.status_code == 200
    item_id = str(page.url).rsplit("/", 1)[1]
    assert "Export the package" not in page.text
    assert "Record the handover" not in page.text
    refused = client.post(
        f"/evidence/{item_id}/export", data={"package_copy": "working", "csrf_token": token}
    )
    assert refused.status_code == 403
    refused = client.post(
        f"/evidence/{item_id}/hand-over", data={"recipient": "Someone", "csrf_token": token}
    )
    assert refused.status_code == 403
    assert custody_actions(client.get(f"/evidence/{item_id}").text) == ["added"]


def test_evidence_forms_refuse_a_post_without_the_csrf_token(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    item_id = str(add(client, token, photo_with_gps()).url).rsplit("/", 1)[1]
    before = item_count(web_vault)
    assert add(client, None, b"a file").status_code == 403
    assert add(client, "forged", b"a file").status_code == 403
    assert item_count(web_vault) == before
    for action, fields in (
        ("working-copy", {}),
        ("export", {"package_copy": "original"}),
        ("hand-over", {"recipient": "Someone"}),
    ):
        url = f"/evidence/{item_id}/{action}"
        assert client.post(url, data=fields).status_code == 403, action
        assert client.post(url, data={**fields, "csrf_token": "forged"}).status_code == 403
    assert custody_actions(client.get(f"/evidence/{item_id}").text) == ["added"]


def test_an_unknown_item_or_record_is_a_clear_error(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    assert client.get("/evidence/ev-000000000000").status_code == 404
    before = item_count(web_vault)
    refused = add(client, token, b"some bytes", record="no-such-record")
    assert refused.status_code == 404
    assert item_count(web_vault) == before
    assert add(client, token, b"").status_code == 400


def test_record_page_holds_an_upload_form_for_that_record_and_text_stays_inert(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    form = client.get(f"/records/{web_vault.granted_id}").text
    assert f'name="record" value="{web_vault.granted_id}"' in form  # nothing to type
    assert 'id="evidence-record"' not in client.get("/evidence").text  # no id field anywhere
    item_id = str(add(client, token, b"notes", web_vault.granted_id).url).rsplit("/", 1)[1]
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = client.post(
        f"/evidence/{item_id}/hand-over", data={"recipient": payload, "csrf_token": token}
    ).text
    assert payload not in page
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    )
