"""Evidence packages verify offline, and every alteration or hostile archive is refused."""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from uncounted.ledger import (
    CHECK_NAMES,
    LogPublicKey,
    LogSigningKey,
    TlogProof,
    VerificationReport,
    verify_package,
)

PackageMaker = Callable[..., Path]
SEED = bytes(range(32))  # the synthetic log key conftest.py signs with


def _failure(report: VerificationReport) -> tuple[str, str]:
    failure = report.first_failure
    assert failure is not None, "verification should have failed"
    return failure.name, failure.message


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy the members of *source* into a new zip, replacing or (None) dropping some."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                replacement = change[info.filename]
                if replacement is not None:
                    new.writestr(info.filename, replacement)
            else:
                new.writestr(info.filename, old.read(info))
        for name, data in change.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)
    return target


def test_a_fresh_package_passes_every_check(make_package: PackageMaker) -> None:
    package = make_package()
    report = verify_package(package, LogSigningKey(SEED).public_key)
    assert report.ok, report.checks
    assert [check.name for check in report.checks] == list(CHECK_NAMES)
    statuses = {check.name: check.status for check in report.checks}
    assert statuses.pop("witnesses") == "skipped"  # no witness was named
    assert set(statuses.values()) == {"passed"}
    assert report.verdict == "verified"
    summary = report.summary
    assert summary is not None
    assert [step.action for step in summary.custody] == ["added", "exported"]
    assert summary.tree_size == 8 and summary.leaf_index == 5
    with zipfile.ZipFile(package) as archive:
        readme = archive.read("README.txt").decode()
    assert "uncounted verify" in readme and summary.sha256 in readme


def test_without_a_trusted_key_the_verdict_is_integrity_only_and_says_what_to_compare(
    make_package: PackageMaker,
) -> None:
    report = verify_package(make_package())
    assert not report.ok and report.verdict == "unauthenticated"
    assert report.first_failure is None
    key_check = report.checks[CHECK_NAMES.index("public_key")]
    assert key_check.status == "not checked"
    assert LogSigningKey(SEED).public_key.fingerprint in key_check.message


def test_flipping_any_byte_of_the_package_fails_and_names_a_check(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    data = make_package(content=b"synthetic " * 20).read_bytes()
    tampered = tmp_path / "tampered.zip"
    named: set[str] = set()
    for position in range(len(data)):
        altered = bytearray(data)
        altered[position] ^= 1 << (position % 8)
        tampered.write_bytes(altered)
        name, message = _failure(verify_package(tampered))
        assert name in CHECK_NAMES and message
        named.add(name)
    assert {"archive", "file_hash", "seal"} <= named


def test_a_wrong_public_key_is_named(make_package: PackageMaker) -> None:
    other = LogSigningKey.generate().public_key
    report = verify_package(make_package(), other)
    name, message = _failure(report)
    assert name == "public_key"
    assert other.fingerprint in message


def test_a_head_signed_by_another_key_fails_the_signature(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    package = make_package(key=LogSigningKey.generate())
    with zipfile.ZipFile(package) as archive:
        key_text = archive.read("log_public_key.txt")
    honest = LogSigningKey(SEED).public_key.hex.encode() + b"\n"
    forged = _rewrite(package, tmp_path / "forged.zip", {"log_public_key.txt": honest})
    assert key_text != honest
    assert _failure(verify_package(forged))[0] == "signature"


def test_an_edited_evidence_file_fails_the_file_hash(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    package = make_package()
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in archive.namelist() if n.startswith("evidence/"))
    edited = _rewrite(package, tmp_path / "edited.zip", {name: b"a different photo"})
    assert _failure(verify_package(edited)) == (
        "file_hash",
        "the evidence file does not match its recorded SHA-256: it was altered",
    )


def test_a_proof_for_another_tree_size_is_refused(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    package = make_package()
    with zipfile.ZipFile(package) as archive:
        custody = json.loads(archive.read("custody.json"))
    custody["events"][0]["tree_size"] += 1
    other = _rewrite(
        package, tmp_path / "other.zip", {"custody.json": json.dumps(custody).encode()}
    )
    name, message = _failure(verify_package(other))
    assert name == "signed_head"
    assert "a log of 9 entries but the signed head covers 8" in message


def test_a_head_from_a_later_tree_does_not_match_the_proof(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    later = make_package(extra_entries=3)
    with zipfile.ZipFile(later) as archive:
        later_proof = TlogProof.parse(archive.read("item.tlog-proof"))
    assert later_proof.checkpoint.checkpoint.tree_size == 11
    earlier = make_package()
    with zipfile.ZipFile(earlier) as archive:
        proof = TlogProof.parse(archive.read("item.tlog-proof"))
    mixed_proof = TlogProof(proof.index, proof.path, later_proof.checkpoint)
    mixed = _rewrite(
        earlier, tmp_path / "mixed.zip", {"item.tlog-proof": mixed_proof.encode().encode()}
    )
    assert _failure(verify_package(mixed))[0] in ("signed_head", "inclusion_proof")


def test_a_truncated_package_is_refused_in_words(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    data = make_package().read_bytes()
    for length in (0, 10, len(data) // 2, len(data) - 30):
        truncated = tmp_path / f"cut-{length}.zip"
        truncated.write_bytes(data[:length])
        name, message = _failure(verify_package(truncated))
        assert name in ("archive", "seal")
        assert any(
            words in message for words in ("not a complete zip archive", "damaged", "no seal")
        )


@pytest.mark.parametrize("missing", ["README.txt", "custody.json", "item.tlog-proof"])
def test_a_missing_member_is_named(
    make_package: PackageMaker, tmp_path: Path, missing: str
) -> None:
    stripped = _rewrite(make_package(), tmp_path / "stripped.zip", {missing: None})
    name, message = _failure(verify_package(stripped))
    assert (name, message) == ("archive", f"the package lacks {missing}")


def test_an_unexpected_member_is_refused(make_package: PackageMaker, tmp_path: Path) -> None:
    extra = _rewrite(make_package(), tmp_path / "extra.zip", {"notes.txt": b"hello"})
    assert _failure(verify_package(extra)) == (
        "archive",
        "the package holds unexpected files: notes.txt",
    )


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("../../outside.txt", "is not a plain relative file name"),
        ("/etc/cron.d/job", "is not a plain relative file name"),
        ("evidence/../../x", "is not a plain relative file name"),
        ("C:/Windows/x", "is not a plain relative file name"),
        ("evidence\\..\\x", "is not a plain relative file name"),
    ],
)
def test_hostile_member_names_are_refused_before_reading(
    make_package: PackageMaker, tmp_path: Path, member: str, expected: str
) -> None:
    hostile = tmp_path / "hostile.zip"
    package = make_package()
    _rewrite(package, hostile, {})
    with zipfile.ZipFile(hostile, "a") as archive:
        info = zipfile.ZipInfo("placeholder")
        info.filename = member
        archive.writestr(info, b"payload")
    name, message = _failure(verify_package(hostile))
    assert name == "archive" and expected in message
    assert not (tmp_path.parent / "outside.txt").exists()


def test_a_symlink_member_is_refused(make_package: PackageMaker, tmp_path: Path) -> None:
    hostile = _rewrite(make_package(), tmp_path / "link.zip", {})
    with zipfile.ZipFile(hostile, "a") as archive:
        info = zipfile.ZipInfo("evidence/link")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, b"/etc/passwd")
    assert _failure(verify_package(hostile)) == (
        "archive",
        "member evidence/link is a symbolic link",
    )


def test_a_zip_bomb_is_refused_without_inflating_it(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("custody.json", b"\x00" * (20 << 20))
    name, message = _failure(verify_package(bomb))
    assert name == "archive" and "zip bomb" in message


def test_a_member_lying_about_its_size_is_refused(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    package = make_package()
    data = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("README.txt")
        directory = archive.start_dir
    declared = info.file_size.to_bytes(4, "little")
    smaller = (info.file_size // 2).to_bytes(4, "little")
    # patch the uncompressed size in the local header (offset 22) and the central directory
    local = info.header_offset
    assert data[local + 22 : local + 26] == declared
    data[local + 22 : local + 26] = smaller
    central = data.index(b"README.txt", directory) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    assert data[central + 24 : central + 28] == declared
    data[central + 24 : central + 28] = smaller
    liar = tmp_path / "liar.zip"
    liar.write_bytes(bytes(data))
    name, message = _failure(verify_package(liar))
    assert name == "archive" and "README.txt" in message


def test_a_damaged_checkpoint_proof_is_named(make_package: PackageMaker, tmp_path: Path) -> None:
    package = _rewrite(make_package(), tmp_path / "head.zip", {"item.tlog-proof": b"{]"})
    name, message = _failure(verify_package(package))
    assert name == "archive" and message.startswith("item.tlog-proof is malformed")


def test_a_key_in_a_foreign_format_is_refused() -> None:
    with pytest.raises(Exception, match="hex digits"):
        LogPublicKey.parse("not a key")


def test_an_archive_declaring_thousands_of_members_is_refused_before_parsing(
    tmp_path: Path,
) -> None:
    crowded = tmp_path / "crowded.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        for number in range(2000):
            archive.writestr(f"m{number}", b"")
    name, message = _failure(verify_package(crowded))
    assert name == "archive" and "declares 2000 members" in message


def test_a_zip64_directory_declaring_too_many_members_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("a", b"x")
    data = plain.read_bytes()
    eocd = data.rindex(b"PK\x05\x06")
    directory_size, directory_offset = struct.unpack_from("<LL", data, eocd + 12)
    zip64_at = eocd
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 5000, 5000, directory_size, directory_offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_at, 1)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, directory_size, 0xFFFFFFFF, 0
    )
    crafted = tmp_path / "zip64.zip"
    crafted.write_bytes(data[:eocd] + record + locator + end)
    name, message = _failure(verify_package(crafted))
    assert name == "archive" and "declares 5000 members" in message


@pytest.mark.parametrize("member", ["commitment.json", "custody.json"])
@pytest.mark.parametrize(
    "content",
    [b'{"leaf_index": ' + b"7" * 5000 + b"}", b"[" * 100_000 + b"]" * 100_000],
    ids=["5000-digit-integer", "nested-100000-deep"],
)
def test_a_number_too_long_or_nesting_too_deep_fails_a_check_cleanly(
    make_package: PackageMaker, tmp_path: Path, member: str, content: bytes
) -> None:
    # issue 18: both gave a traceback from `uncounted verify`
    package = _rewrite(make_package(), tmp_path / "forged.zip", {member: content})
    report = verify_package(package, LogSigningKey(SEED).public_key)
    name, message = _failure(report)
    assert name == "archive"
    assert message == f"{member} is not valid JSON"


def test_a_custody_event_with_a_5000_digit_number_fails_cleanly(
    make_package: PackageMaker, tmp_path: Path
) -> None:
    package = make_package()
    with zipfile.ZipFile(package) as archive:
        custody = json.loads(archive.read("custody.json"))
    custody["events"][0]["event"] = '{"at": ' + "9" * 5000 + "}"
    forged = _rewrite(package, tmp_path / "forged.zip", {"custody.json": json.dumps(custody)})
    assert _failure(verify_package(forged)) == (
        "archive",
        "custody.json holds an event that is not JSON",
    )
