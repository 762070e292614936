"""Every evidence route × every role × an item of a granted case and of an ungranted one.

Roles decide what one may do with evidence; grants decide which items. ``case-a`` is granted to
every user, ``case-b`` only to the admin (its creator); one evidence file is attached to a
record of each. An ungranted user gets the item's listing (type, size, custody) but never its
bytes, metadata or package, whatever their role (issue 18: a caseworker downloaded the working
copy of a PDF attached to a case not granted to them; a lawyer exported an original with GPS).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from permission_helpers import ROLE_USERS, RoleVault, build_role_vault
from PIL import Image

from uncounted.errors import AccessDenied
from uncounted.services import evidence, records, vaults
from uncounted.vault.permissions import Role
from uncounted.web import WebSettings, app_for_vault

MAY_COPY = {Role.ADMIN, Role.CASEWORKER, Role.LEGAL}  # evidence.add or evidence.export
MAY_EXPORT = {Role.ADMIN, Role.LEGAL}
MAY_ADD = {Role.ADMIN, Role.CASEWORKER, Role.LEGAL}


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 19.0, 0.0), 3: "E", 4: (45.0, 41.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RoleVault, str, str]]:
    """The role vault with a photo attached to its case-a record, and a photo attached to a
    record of ungranted case-b (yielded with the vault: the granted and the hidden photo)."""
    base = tmp_path_factory.mktemp("evidence-grants")
    built = build_role_vault(base / "vault")
    admin_name, admin_pass = ROLE_USERS[Role.ADMIN]
    with vaults.unlock(built.path, admin_name, admin_pass) as admin:
        hidden = records.create_record(
            admin,
            records.RecordDraft(case="case-b", source="hotline", identity={"name": "Hidden"}),
        )
        photo = base / "photo.jpg"
        photo.write_bytes(_photo_with_gps())
        granted_id = evidence.add_evidence(admin, photo, built.record_id).id
        hidden_id = evidence.add_evidence(admin, photo, hidden).id
    yield built, granted_id, hidden_id


@pytest.fixture(scope="module")
def app_client(vault: tuple[RoleVault, str, str]) -> Iterator[TestClient]:
    app = app_for_vault(WebSettings(vault=vault[0].path))
    with TestClient(app, base_url="http://127.0.0.1") as client:  # a host the server answers
        yield client


def _sign_in(client: TestClient, role: Role) -> str:
    client.cookies.clear()
    name, passphrase = ROLE_USERS[role]
    signed = client.post("/api/session", json={"user": name, "passphrase": passphrase})
    assert signed.status_code == 200, signed.text
    return str(signed.json()["csrf_token"])


def _routes(client: TestClient, csrf: str, item: str, record: str) -> dict[str, int]:
    form = {"csrf_token": csrf}
    upload = client.post(
        "/evidence",
        data={**form, "record": record},
        files={"file": ("n.txt", b"synthetic upload", "text/plain")},
        follow_redirects=False,
    )
    answers = {
        "GET /evidence": client.get("/evidence"),
        "GET /evidence/{item_id}": client.get(f"/evidence/{item}"),
        "GET /api/evidence": client.get("/api/evidence"),
        "POST /evidence/{item_id}/working-copy": client.post(
            f"/evidence/{item}/working-copy", data=form
        ),
        "POST /evidence/{item_id}/export original": client.post(
            f"/evidence/{item}/export", data={**form, "package_copy": "original"}
        ),
        "POST /evidence/{item_id}/export working": client.post(
            f"/evidence/{item}/export", data={**form, "package_copy": "working"}
        ),
        "POST /evidence/{item_id}/hand-over": client.post(
            f"/evidence/{item}/hand-over",
            data={**form, "recipient": "Synthetic Court"},
            follow_redirects=False,
        ),
    }
    for name, response in answers.items():
        if response.status_code != 200 or "/evidence/{" not in name:
            assert not response.headers.get("content-type", "").startswith(
                ("image/", "application/zip")
            ), name
    codes = {name: response.status_code for name, response in answers.items()}
    codes["POST /evidence"] = 200 if upload.status_code == 303 else upload.status_code
    return codes


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_evidence_of_granted_cases_only(
    app_client: TestClient, vault: tuple[RoleVault, str, str], role: Role
) -> None:
    built, granted_id, hidden_id = vault
    csrf = _sign_in(app_client, role)
    granted = _routes(app_client, csrf, granted_id, built.record_id)
    listing = {"GET /evidence": 200, "GET /evidence/{item_id}": 200, "GET /api/evidence": 200}

    def by_role(allowed: set[Role]) -> int:
        return 200 if role in allowed else 403

    assert granted == {
        **listing,
        "POST /evidence/{item_id}/working-copy": by_role(MAY_COPY),
        "POST /evidence/{item_id}/export original": by_role(MAY_EXPORT),
        "POST /evidence/{item_id}/export working": by_role(MAY_EXPORT),
        "POST /evidence/{item_id}/hand-over": 303 if role in MAY_EXPORT else 403,
        "POST /evidence": by_role(MAY_ADD),
    }
    hidden_record = _hidden_record(built)
    ungranted = _routes(app_client, csrf, hidden_id, hidden_record)
    if role is Role.ADMIN:  # the admin created case-b and holds its key
        assert ungranted == granted
        return
    assert ungranted == {
        **listing,
        "POST /evidence/{item_id}/working-copy": 403,
        "POST /evidence/{item_id}/export original": 403,
        "POST /evidence/{item_id}/export working": 403,
        "POST /evidence/{item_id}/hand-over": 403,
        "POST /evidence": 403,
    }


def _hidden_record(built: RoleVault) -> str:
    admin_name, admin_pass = ROLE_USERS[Role.ADMIN]
    with vaults.unlock(built.path, admin_name, admin_pass) as admin:
        hidden = [
            view.record_id
            for view in records.list_records(admin)
            if view.identity == {"name": "Hidden"}
        ]
    return hidden[0]


def test_a_lawyer_without_the_grant_cannot_export_the_photo_or_read_its_gps(
    vault: tuple[RoleVault, str, str], tmp_path: Path
) -> None:
    built, _, photo_id = vault
    name, passphrase = ROLE_USERS[Role.LEGAL]
    with vaults.unlock(built.path, name, passphrase) as lawyer:
        before = evidence.custody_chain(lawyer, photo_id)
        with pytest.raises(AccessDenied):
            evidence.export_evidence(lawyer, photo_id, tmp_path / "p.zip")
        with pytest.raises(AccessDenied):
            evidence.evidence_metadata(lawyer, photo_id)
        with pytest.raises(AccessDenied):
            list(evidence.open_evidence(lawyer, photo_id))
        chain = evidence.custody_chain(lawyer, photo_id)
    assert not (tmp_path / "p.zip").exists()
    assert chain == before  # nothing refused was recorded as custody
    admin_name, admin_pass = ROLE_USERS[Role.ADMIN]
    with vaults.unlock(built.path, admin_name, admin_pass) as admin:
        assert "GPS" in " ".join(evidence.evidence_metadata(admin, photo_id))
