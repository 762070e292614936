"""Evidence through the command line: add, working copy, handover, export, verify offline."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter

from uncounted.services import evidence, vaults

PASSPHRASE = "synthetic test passphrase"
SECRET_PLACE = "Synthetic-Village-Nowhere"


def _jpeg_with_gps(path: Path) -> Path:
    image = Image.new("RGB", (64, 48), (120, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SyntheticCam"  # Make
    exif[0x010E] = SECRET_PLACE  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (43.0, 18.0, 0.0)
    gps[3] = "E"
    gps[4] = (45.0, 42.0, 0.0)
    image.save(path, format="JPEG", exif=exif)
    return path


def _pdf_with_author(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": SECRET_PLACE, "/Title": "synthetic report"})
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _add(cli: CliRunner, vault: Path, file: Path) -> str:
    result = cli("evidence", "add", vault, file)
    assert result.code == 0, result.err
    return str(result.out.strip())


def _published_key(cli: CliRunner, vault: Path) -> str:
    return str(json.loads(cli("ledger", "head", vault, "--json").out)["public_key"])


def _member(package: Path) -> bytes:
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in archive.namelist() if n.startswith("evidence/"))
        return archive.read(name)


def test_an_original_goes_in_and_comes_out_verifiable_and_unchanged(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    photo = _jpeg_with_gps(tmp_path / f"{SECRET_PLACE}.jpg")
    original = photo.read_bytes()
    item = _add(cli, vault, photo)
    assert cli("evidence", "handover", vault, item, "--to", "Synthetic court").code == 0
    package = tmp_path / "package.zip"
    exported = cli("evidence", "export", vault, item, "-o", package)
    assert exported.code == 0, exported.err
    assert photo.read_bytes() == original
    assert _member(package) == original
    key = _published_key(cli, vault)
    result = cli("verify", package, "--public-key", key, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["ok"] is True and report["first_failure"] is None
    summary = report["summary"]
    assert summary["media_type"] == "image/jpeg"
    assert [step["action"] for step in summary["custody"]] == ["added", "handed-over", "exported"]
    assert summary["custody"][1]["to"] == "Synthetic court"
    plain = cli("verify", package, "--public-key", key)
    assert plain.code == 0 and "Result: VERIFIED" in plain.out
    untrusted = cli("verify", package)
    assert untrusted.code == 1 and "Result: VERIFIED" not in untrusted.out
    assert "AUTHENTICITY NOT CHECKED" in untrusted.out


def test_identifying_metadata_is_sealed_and_absent_from_the_working_copy(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    photo = _jpeg_with_gps(tmp_path / f"{SECRET_PLACE}.jpg")
    item = _add(cli, vault, photo)
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        metadata = evidence.evidence_metadata(session, item)
    assert metadata["original_name"] == photo.name
    assert metadata["exif.ImageDescription"] == SECRET_PLACE
    assert "gps.GPSLatitude" in metadata
    stored = b"".join(path.read_bytes() for path in vault.rglob("*") if path.is_file())
    assert SECRET_PLACE.encode() not in stored
    package = tmp_path / "working.zip"
    assert cli("evidence", "export", vault, item, "-o", package, "--working-copy").code == 0
    copy = Image.open(io.BytesIO(_member(package)))
    assert copy.size == (64, 48)
    assert len(copy.getexif()) == 0
    assert SECRET_PLACE.encode() not in _member(package)
    result = cli("verify", package, "--json", "--public-key", _published_key(cli, vault))
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["summary"]["kind"] == "evidence.working-copy"
    actions = [step["action"] for step in report["summary"]["custody"]]
    assert actions == ["added", "working-copy-made", "exported"]


def test_a_pdf_working_copy_loses_its_document_information(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    item = _add(cli, vault, _pdf_with_author(tmp_path / "report.pdf"))
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        assert evidence.evidence_metadata(session, item)["pdf.Author"] == SECRET_PLACE
    package = tmp_path / "pdf.zip"
    assert cli("evidence", "export", vault, item, "-o", package, "--working-copy").code == 0
    reader = PdfReader(io.BytesIO(_member(package)))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")
    assert SECRET_PLACE.encode() not in _member(package)


def test_a_working_copy_of_an_unknown_type_is_refused_in_words(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    blob = tmp_path / "data.bin"
    blob.write_bytes(b"\x01\x02 synthetic bytes of no known type")
    item = _add(cli, vault, blob)
    result = cli("evidence", "export", vault, item, "-o", tmp_path / "x.zip", "--working-copy")
    assert result.code == 1
    assert "strip metadata only from JPEG, PNG, WebP and PDF" in result.err


def test_an_altered_package_fails_verify_and_names_the_check(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "statement.bin"
    file.write_bytes(b"synthetic statement " * 200)
    item = _add(cli, vault, file)
    package = tmp_path / "package.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    data = bytearray(package.read_bytes())
    data[data.index(b"synthetic statement") + 3] ^= 0x20
    package.write_bytes(bytes(data))
    result = cli("verify", package)
    assert result.code == 1
    assert "failed the file_hash check" in result.err
    assert "NOT VERIFIED" in result.out


def test_verify_refuses_the_wrong_public_key_and_a_missing_package(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"synthetic")
    package = tmp_path / "p.zip"
    assert cli("evidence", "export", vault, _add(cli, vault, file), "-o", package).code == 0
    key_file = tmp_path / "key.txt"
    key_file.write_text("ab" * 32 + "\n")
    wrong = cli("verify", package, "--public-key", key_file)
    assert wrong.code == 1 and "failed the public_key check" in wrong.err
    garbage = cli("verify", package, "--public-key", "not-a-key")
    assert garbage.code == 1 and "hex digits" in garbage.err
    missing = cli("verify", tmp_path / "nothing.zip")
    assert missing.code == 1 and "is not a file" in missing.err


def test_a_stored_blob_altered_on_disk_is_refused_at_export(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"synthetic" * 1000)
    item = _add(cli, vault, file)
    blob = vault / "evidence" / f"{item}.original"
    data = bytearray(blob.read_bytes())
    data[100] ^= 1
    blob.write_bytes(bytes(data))
    package = tmp_path / "p.zip"
    result = cli("evidence", "export", vault, item, "-o", package)
    assert result.code == 1 and "was altered" in result.err
    assert not package.exists()
    assert not list(tmp_path.glob(".p.zip*"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("evidence", "export", "{vault}", "ev-000000000000", "-o", "{tmp}/x.zip"), "no evidence"),
        (("evidence", "add", "{vault}", "{tmp}/absent.bin"), "is not a readable file"),
        (("evidence", "add", "{vault}", "{tmp}/a.bin", "--record", "nope"), "no record nope"),
        (("evidence", "handover", "{vault}", "ev-000000000000", "--to", "x"), "no evidence"),
    ],
)
def test_bad_requests_are_refused_in_words(
    vault: Path, cli: CliRunner, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "a.bin").write_bytes(b"synthetic")
    filled = [arg.format(vault=vault, tmp=tmp_path) for arg in args]
    result = cli(*filled)
    assert result.code == 1, result.err
    assert message in result.err and "Traceback" not in result.err


def test_viewing_an_item_is_a_custody_event_in_the_next_package(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"synthetic viewed bytes")
    item = _add(cli, vault, file)
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        assert b"".join(evidence.open_evidence(session, item)) == file.read_bytes()
    package = tmp_path / "p.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    report = json.loads(cli("verify", package, "--json").out)
    assert [step["action"] for step in report["summary"]["custody"]] == [
        "added",
        "viewed",
        "exported",
    ]


def test_the_command_line_adds_a_kind_and_a_sealed_description(
    cli: CliRunner, vault: Path, tmp_path: Path
) -> None:
    photo = _jpeg_with_gps(tmp_path / "p.jpg")
    added = cli("evidence", "add", vault, photo, "--kind", "photo", "--description", "Синяки")
    assert added.code == 0, added.err
    item_id = added.out.strip()
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        item = evidence.evidence_item(session, item_id)
        assert item.kind == "photo" and item.thumbnail_size is not None
        thumbnail = evidence.evidence_thumbnail(session, item_id)
    assert thumbnail is not None and b"Exif" not in thumbnail
    refused = cli("evidence", "add", vault, photo, "--kind", "selfie")
    assert refused.code == 1
    assert "choose the kind of the file from the list" in refused.err
