"""``uncounted evidence package``: a case's evidence for one journalist, described, verifiable.

Real vault, real files, real ``uncounted verify``: the package verifies, a changed byte
fails, the recipient is in the custody chain of the package and of every file in it, the
summary page says each file's kind and description in both languages, and a user not
granted the case exports nothing (nothing written, no custody recorded).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import CliResult, CliRunner
from PIL import Image
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault, add_record

from uncounted.services import audit, evidence, users

RECIPIENT = "Synthetic Daily, investigations desk"
PHOTOGRAPHER = "Synthetic Photographer"
LEGAL, LEGAL_PASS = "lev", "lev passphrase for tests"  # a legal user, granted nothing

#: ``package(selector, value, out, to=..., user=..., passphrase=..., as_json=False)``
Packager = Callable[..., CliResult]


@pytest.fixture
def package(vault: Vault, cli: CliRunner) -> Packager:
    """The vault with a legal user added, and ``uncounted evidence package`` run on it:
    *selector* ``--case`` or ``--record`` with *value*, written to *out* for *to*, as *user*."""
    with vault.unlock() as admin:
        users.add_user(admin, LEGAL, "legal", LEGAL_PASS, admin_set=False)

    def run(
        selector: str,
        value: str,
        out: Path,
        *,
        to: str = RECIPIENT,
        user: str = ADMIN,
        passphrase: str = ADMIN_PASSPHRASE,
        as_json: bool = False,
    ) -> CliResult:
        args: list[str | Path] = ["evidence", "package", vault.path, selector, value]
        args += ["--to", to, "-o", out, "-u", user] + (["--json"] if as_json else [])
        return cli(*args, env={"UNCOUNTED_PASSPHRASE": passphrase})

    return run


def _photo() -> bytes:
    """A JPEG whose EXIF names a photographer and a GPS position (all invented)."""
    image = Image.new("RGB", (64, 48), (150, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = PHOTOGRAPHER
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 18.0, 0.0), 3: "E", 4: (45.0, 41.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _add(session: object, tmp_path: Path, record: str, body: bytes, kind: str, text: str) -> str:
    source = tmp_path / f"{kind}.bin"
    source.write_bytes(body)
    item = evidence.add_evidence(
        session,  # type: ignore[arg-type]
        source,
        record,
        description=evidence.describe(kind, text),
    )
    source.unlink()
    return item.id


def test_a_case_package_verifies_and_records_who_received_it(
    vault: Vault, tmp_path: Path, cli: CliRunner, package: Packager
) -> None:
    with vault.unlock() as admin:
        first = add_record(admin, "case-pkg", "Packageperson Testova")
        second = add_record(admin, "case-pkg", "Otherperson Testov", event_type="torture")
        photo = _add(
            admin,
            tmp_path,
            first,
            _photo(),
            "photo",
            "Bruises on the left arm, photographed on release",
        )
        letter = _add(
            admin,
            tmp_path,
            second,
            b"synthetic letter\n" * 10,
            "document",
            "Letter from the district police",
        )
    packaged = tmp_path / "for-press.zip"
    done = package("--case", "case-pkg", packaged, as_json=True)
    assert done.code == 0, done.err
    answer = json.loads(done.out)
    assert sorted(answer["items"]) == sorted([photo, letter])
    fingerprint = answer["key_fingerprint"].replace(" ", "")
    checked = cli("verify", packaged, "--fingerprint", fingerprint)
    assert checked.code == 0, checked.out + checked.err
    assert f"exported, by admin #1, kind package, to {RECIPIENT}" in checked.out  # custody
    with zipfile.ZipFile(packaged) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        summary_en = archive.read("summary-en.html").decode()
        summary_ru = archive.read("summary-ru.html").decode()
    assert {n.split("/")[1].split(".")[0] for n in names if n.startswith("files/")} == {
        f"{photo}-working",
        letter,
    }
    with zipfile.ZipFile(packaged) as archive:
        photo_bytes = archive.read(f"files/{photo}-working.jpg")
    assert PHOTOGRAPHER.encode() not in photo_bytes and b"GPS" not in photo_bytes
    copies = {entry["item_id"]: entry["copy"] for entry in manifest["items"]}
    assert copies == {photo: "working", letter: "original"}
    assert manifest["to"] == RECIPIENT
    assert "Bruises on the left arm" in summary_en and "Photograph" in summary_en
    assert "Фотография" in summary_ru and "Пакет доказательств" in summary_ru
    assert "<script" not in summary_en and "http" not in summary_en.replace("http-equiv", "")
    with vault.unlock() as admin:
        for item in (photo, letter):
            steps = evidence.custody_chain(admin, item)
            assert steps[-1].action == "exported" and steps[-1].detail["to"] == RECIPIENT
        exports = audit.audit_trail(admin, 50, 0, action="evidence.export")
    # the export is in the audit trail: who, to whom, how many files (issue 15's "exports recorded")
    assert [(e.user, dict(e.detail)) for e in exports] == [(ADMIN, {"to": RECIPIENT, "items": "2"})]
    # a second package holds the same two files, not the first package's manifest
    again = package("--case", "case-pkg", tmp_path / "court.zip", to="Court", as_json=True)
    assert sorted(json.loads(again.out)["items"]) == sorted([photo, letter])
    # any changed byte fails
    body = packaged.read_bytes()
    rng = random.Random(5)
    for attempt in range(12):
        changed = bytearray(body)
        changed[rng.randrange(len(changed))] ^= 1 << rng.randrange(8)
        target = tmp_path / f"changed-{attempt}.zip"
        target.write_bytes(bytes(changed))
        assert cli("verify", target, "--fingerprint", fingerprint).code != 0


def test_a_user_not_granted_the_case_exports_nothing(
    vault: Vault, tmp_path: Path, package: Packager
) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-closed", "Closedperson Testova")
        item = _add(admin, tmp_path, record, b"synthetic scan\n" * 20, "document", "A scan")
        before = len(evidence.custody_chain(admin, item))
    refused_zip = tmp_path / "refused.zip"
    done = package("--case", "case-closed", refused_zip, user=LEGAL, passphrase=LEGAL_PASS)
    assert done.code == 1 and "no evidence you may open" in done.err
    viewer = package("--record", record, refused_zip)
    assert viewer.code == 0  # the admin holds it: the refusal above was the grant's
    refused_zip.unlink()
    with vault.unlock() as admin:
        users.add_user(admin, "vera", "viewer", "vera passphrase for tests", admin_set=False)
    refused = package(
        "--case", "case-closed", refused_zip, user="vera", passphrase="vera passphrase for tests"
    )
    assert refused.code == 1 and not refused_zip.exists()
    with vault.unlock() as admin:
        assert len(evidence.custody_chain(admin, item)) == before + 1  # only the admin's export
        exports = audit.audit_trail(admin, 50, 0, action="evidence.export")
    assert [e.user for e in exports] == [ADMIN]  # the refused exports left no entry
