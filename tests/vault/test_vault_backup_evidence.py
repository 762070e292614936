"""Backups carry the evidence: restored items export and verify; a cut-short backup is refused.

The evidence here is synthetic: a generated image and random bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from PIL import Image
from vault_helpers import ADMIN, ADMIN_ENV, Vault, add_record

from uncounted.services import evidence
from uncounted.vault.backup import MAGIC

_SECRETSTREAM_HEADER = 24
_CHECKSUM = 32


def _image(path: Path) -> Path:
    image = Image.new("RGB", (40, 30), (30, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _random_file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@pytest.fixture
def with_evidence(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> tuple[Vault, Path, dict[str, Path]]:
    """A vault with records, an image that has a working copy and a 2.5 MiB file; its backup."""
    sources = {}
    with vault.unlock() as session:
        record = add_record(session, "case-1", "Evidencename Testova")
        photo = evidence.add_evidence(session, _image(tmp_path / "photo.jpg"), record)
        evidence.export_evidence(session, photo.id, tmp_path / "first.zip", working_copy=True)
        recording = evidence.add_evidence(session, _random_file(tmp_path / "call.bin", 5 << 19))
        sources = {photo.id: tmp_path / "photo.jpg", recording.id: tmp_path / "call.bin"}
    backup = tmp_path / "vault.backup"
    result = cli("backup", vault.path, "-o", backup, env=ADMIN_ENV)
    assert result.code == 0, result.err
    return vault, backup, sources


def test_evidence_comes_back_and_exports_verifiable(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    vault, backup, sources = with_evidence
    restored = tmp_path / "restored"
    result = cli("restore", backup, restored, env=ADMIN_ENV)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (restored / "evidence").iterdir()) == sorted(
        p.name for p in (vault.path / "evidence").iterdir()
    )
    photo = next(iter(sources))
    assert (restored / "evidence" / f"{photo}.thumbnail").is_file()  # the sealed thumbnail too
    with Vault(restored, vault.recovery_secret).unlock() as session:
        thumbnail = evidence.evidence_thumbnail(session, photo)
    assert thumbnail is not None and thumbnail.startswith(b"\xff\xd8\xff")
    head = cli("ledger", "head", restored, "--json", env=ADMIN_ENV)
    assert head.code == 0, head.err
    key = json.loads(head.out)["vkey"]  # the restored log key, as the organisation publishes it
    for item_id, source in sources.items():
        package = tmp_path / f"{item_id}.zip"
        exported = cli("evidence", "export", restored, item_id, "-o", package, env=ADMIN_ENV)
        assert exported.code == 0, exported.err
        verified = cli("verify", package, "--json", "--public-key", key)
        assert verified.code == 0, verified.out + verified.err
        with Vault(restored, vault.recovery_secret).unlock() as session:
            content = b"".join(evidence.open_evidence(session, item_id))
        assert hashlib.sha256(content).hexdigest() == _digest(source)
    photo = next(iter(sources))
    package = tmp_path / "working.zip"
    exported = cli(
        "evidence", "export", restored, photo, "--working-copy", "-o", package, env=ADMIN_ENV
    )
    assert exported.code == 0, exported.err
    assert cli("verify", package, "--public-key", key).code == 0


def _frames(content: bytes) -> list[int]:
    """Where each secretstream message of a backup starts (its u32 length prefix)."""
    (length,) = struct.unpack_from(">I", content, len(MAGIC))
    at = len(MAGIC) + 4 + length + _CHECKSUM + _SECRETSTREAM_HEADER
    starts = []
    while at < len(content):
        starts.append(at)
        (size,) = struct.unpack_from(">I", content, at)
        at += 4 + size
    assert at == len(content)
    return starts


def _truncation_points(content: bytes) -> dict[str, int]:
    frames = _frames(content)
    assert len(frames) >= 3  # the 2.5 MiB file alone spans several 1 MiB messages
    header_end = frames[0] - _SECRETSTREAM_HEADER
    return {
        "inside the magic": 5,
        "inside the header": len(MAGIC) + 40,
        "before the header checksum ends": header_end - 1,
        "right after the header": header_end,
        "right after the stream header": frames[0],
        "inside the first message": frames[0] + 1000,
        "at a message boundary": frames[1],
        "right before the final message": frames[-1],
        "inside the final message": frames[-1] + 10,
        "one byte short": len(content) - 1,
    }


def test_a_truncated_backup_is_refused_wherever_it_is_cut(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    _, backup, _ = with_evidence
    content = backup.read_bytes()
    for where, length in _truncation_points(content).items():
        cut = tmp_path / "cut.backup"
        cut.write_bytes(content[:length])
        restored = tmp_path / "restored"
        result = cli("restore", cut, restored, "--user", ADMIN, env=ADMIN_ENV)
        assert result.code == 1, where
        assert result.err.strip().splitlines() == [
            f"error: the backup {cut} is damaged or was altered; it cannot be restored"
        ], where
        assert not restored.exists(), where
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".restored")] == []


def test_an_extended_backup_is_refused(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    _, backup, _ = with_evidence
    longer = tmp_path / "longer.backup"
    longer.write_bytes(backup.read_bytes() + b"\0")
    result = cli("restore", longer, tmp_path / "restored", env=ADMIN_ENV)
    assert result.code == 1 and "is damaged or was altered" in result.err
    assert not (tmp_path / "restored").exists()


def test_a_backup_of_a_vault_missing_an_evidence_file_is_refused_and_not_written(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    vault, _, sources = with_evidence
    recording = list(sources)[1]
    (vault.path / "evidence" / f"{recording}.original").unlink()
    second = tmp_path / "second.backup"
    result = cli("backup", vault.path, "-o", second, env=ADMIN_ENV)
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"error: the encrypted original of evidence item {recording} is missing from this"
        " vault; no backup was written"
    ]
    assert not second.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".second")] == []


def test_a_decoy_session_backs_up_nothing(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    vault, backup, _ = with_evidence
    set_duress = cli(
        "duress", vault.path, env={**ADMIN_ENV, "UNCOUNTED_DURESS_PASSPHRASE": "please help me"}
    )
    assert set_duress.code == 0, set_duress.err
    decoy = tmp_path / "decoy.backup"
    made = cli("backup", vault.path, "-o", decoy, env={"UNCOUNTED_PASSPHRASE": "please help me"})
    assert made.code == 0, made.err
    assert decoy.stat().st_size < 16 << 10 < backup.stat().st_size
    restored = cli("restore", decoy, tmp_path / "r", env={"UNCOUNTED_PASSPHRASE": "please help me"})
    assert restored.code == 1 and "has 0 users" in restored.err


def test_a_first_format_backup_is_refused_in_words(cli: CliRunner, tmp_path: Path) -> None:
    old = tmp_path / "old.backup"
    old.write_bytes(b"UNCOUNTED-BKP-1\n" + bytes(200))
    result = cli("restore", old, tmp_path / "r", env=ADMIN_ENV)
    assert result.code == 1
    assert "older uncounted" in result.err and len(result.err.strip().splitlines()) == 1


def test_the_header_cannot_be_swapped_between_backups(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    """A second backup has a new salt; its header on the first one's stream is refused."""
    vault, backup, _ = with_evidence
    second = tmp_path / "second.backup"
    assert cli("backup", vault.path, "-o", second, env=ADMIN_ENV).code == 0
    first, other = backup.read_bytes(), second.read_bytes()
    split_first = _frames(first)[0] - _SECRETSTREAM_HEADER
    split_other = _frames(other)[0] - _SECRETSTREAM_HEADER
    mixed = tmp_path / "mixed.backup"
    mixed.write_bytes(other[:split_other] + first[split_first:])
    result = cli("restore", mixed, tmp_path / "r", env=ADMIN_ENV)
    assert result.code == 1 and "is damaged or was altered" in result.err


def test_a_rewritten_header_with_a_matching_checksum_is_refused(
    with_evidence: tuple[Vault, Path, dict[str, Path]], cli: CliRunner, tmp_path: Path
) -> None:
    """The header is associated data of every message: re-checksumming it does not help."""
    _, backup, _ = with_evidence
    content = backup.read_bytes()
    split = _frames(content)[0] - _SECRETSTREAM_HEADER
    header = json.loads(content[len(MAGIC) + 4 : split - _CHECKSUM])
    assert set(header) == {"format", "keyring", "recovery", "salt"}
    header["format"] = 3
    text = json.dumps(header).encode("utf-8")
    prefix = MAGIC + struct.pack(">I", len(text)) + text
    forged = tmp_path / "forged.backup"
    forged.write_bytes(prefix + hashlib.blake2b(prefix, digest_size=32).digest() + content[split:])
    result = cli("restore", forged, tmp_path / "r", env=ADMIN_ENV)
    assert result.code == 1 and "is damaged or was altered" in result.err
    assert not (tmp_path / "r").exists()
