"""Fuzz targets: every reader of untrusted bytes, each given one input as ``bytes``.

A target returns normally when the reader either accepted the input or refused it the way a
user is meant to see (an :class:`~uncounted.errors.UncountedError`: a one-line message, exit 1);
any other exception is a crash, and an input that runs past libFuzzer's ``-timeout`` a hang.

Inputs that a mutation of raw bytes would almost never carry past a checksum are made
structure-aware: the first byte of the input chooses a *mode*, and the harness re-wraps the
rest so that it reaches the parser behind the checksum (an XLSX sheet or a package member
rezipped with a correct CRC; a backup header with its BLAKE2b checksum; a backup's tar stream
encrypted under the key of a real vault made at start-up). Each target names its modes.

Targets: ``csv``, ``xlsx``, ``json`` (the importers, :func:`uncounted.intake.read_records`),
``verify`` (:func:`uncounted.ledger.verify_package`, which only reads) and ``backup``
(:func:`uncounted.vault.restore_backup`). Run them with ``fuzz/run.py``.
"""

from __future__ import annotations

import atexit
import base64
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from hashlib import sha256
from pathlib import Path

from uncounted.errors import UncountedError

#: Where inputs are written for the readers that take a path: memory, not the disk.
SCRATCH = Path(tempfile.mkdtemp(prefix="uncounted-fuzz-", dir="/dev/shm"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
PASSPHRASE = "fuzz passphrase, synthetic vault"  # noqa: S105  # a throw-away vault made here
Target = Callable[[bytes], None]


def _write(name: str, data: bytes) -> Path:
    path = SCRATCH / name
    path.write_bytes(data)
    return path


def _rezip(template: bytes, member: str, content: bytes) -> bytes:
    """*template* (a zip) with *member*'s content replaced, written with correct CRCs."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = content if info.filename == member else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


# --- importers ------------------------------------------------------------------------------


def _import(name: str, data: bytes) -> None:
    from uncounted.intake import ImportLimits, ImportRejected, read_records

    # smaller than the defaults so that a mutation can reach every limit in a few bytes
    limits = ImportLimits(
        max_file_bytes=1 << 20,
        max_json_bytes=1 << 20,
        max_unpacked_bytes=4 << 20,
        max_rows=200,
        max_columns=50,
        max_line_bytes=64 << 10,
        max_problems=20,
    )
    try:
        read_records(_write(name, data), source="fuzz", limits=limits)
    except ImportRejected as rejected:
        assert rejected.errors, "a refusal without a problem"
        assert len(rejected.errors) <= limits.max_problems
        assert "\n" not in str(rejected), "a refusal of more than one line"


def fuzz_csv(data: bytes) -> None:
    """The CSV importer on the bytes as they are (encodings, delimiters, quotes, limits)."""
    _import("list.csv", data)


def fuzz_json(data: bytes) -> None:
    """The JSON importer on the bytes as they are."""
    _import("list.json", data)


@cache
def _workbook_template() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["record_id", "name", "birth_date", "event_type", "place"])
    sheet.append(["1", "Aslan Testov", "1990-05", "detention", "Argun"])
    sheet.append(["2", "Зара Примерова", "1994", "torture", "Грозный"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_MEMBERS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml")


def fuzz_xlsx_archive(data: bytes) -> None:
    """What the XLSX importer checks before openpyxl reads a workbook, on the bytes as a file:
    the ZIP magic, the central directory's entry count and size, every member's name, type,
    encryption flag and declared sizes, their total (:func:`check_workbook_archive`, the same
    function :func:`open_xlsx` calls). openpyxl itself is not reached: ``xlsx`` covers it."""
    from uncounted.intake import ImportLimits
    from uncounted.intake._tables import TableError, check_workbook_archive

    limits = ImportLimits(max_unpacked_bytes=4 << 20, max_members=64)
    path = _write("book.xlsx", data)
    with path.open("rb") as handle:
        try:
            check_workbook_archive(path, handle, limits)
        except TableError as refused:
            assert "\n" not in str(refused.reason), "a refusal of more than one line"
        else:
            assert handle.tell() == 0, "the importer would hand openpyxl a moved handle"


def fuzz_xlsx(data: bytes) -> None:
    """The XLSX importer. Mode 0: the bytes as a workbook file. Modes 1-3: the bytes as the
    sheet, the shared strings or the workbook XML of a real workbook, rezipped correctly."""
    mode, rest = (data[0] % 4, data[1:]) if data else (0, b"")
    if mode == 0:
        _import("list.xlsx", rest)
        return
    template = _workbook_template()
    names = zipfile.ZipFile(io.BytesIO(template)).namelist()
    member = XLSX_MEMBERS[mode - 1]
    if member not in names:  # openpyxl writes inline strings when there are none to share
        member = XLSX_MEMBERS[0]
    _import("list.xlsx", _rezip(template, member, rest))


# --- the package verifier -------------------------------------------------------------------


@cache
def _package_template() -> bytes:
    from uncounted.ledger import (
        CUSTODY_KIND,
        ORIGINAL_KIND,
        Commitment,
        CustodyRecord,
        LogSigningKey,
        MerkleTree,
        PackageContents,
        ProvenEntry,
        custody_event_json,
        write_package,
    )

    content = b"synthetic evidence for fuzzing\n" * 4
    key = LogSigningKey(bytes(range(32)))
    tree = MerkleTree()
    tree.append(Commitment.of_bytes("record.version", b"filler").value)
    item = Commitment.create(ORIGINAL_KIND, sha256(content).digest())
    item_index = tree.append(item.value)
    event = {"item": "ev-1", "action": "exported", "at": "2026-11-25T10:00Z", "previous": "none"}
    text = custody_event_json(event)
    custody = Commitment.of_bytes(CUSTODY_KIND, text.encode("utf-8"))
    custody_index = tree.append(custody.value)
    checkpoint = key.checkpoint(tree.size, tree.root(), 1_764_064_800)
    contents = PackageContents(
        item_id="ev-1",
        extension="bin",
        media_type="application/octet-stream",
        size=len(content),
        item=ProvenEntry(item, item_index, tuple(tree.inclusion_proof(item_index, tree.size))),
        custody=(
            CustodyRecord(
                text,
                ProvenEntry(
                    custody, custody_index, tuple(tree.inclusion_proof(custody_index, tree.size))
                ),
            ),
        ),
        checkpoint=checkpoint,
        public_key=key.public_key,
    )
    path = SCRATCH / "template.zip"
    write_package(path, contents, [content])
    return path.read_bytes()


def fuzz_verify(data: bytes) -> None:
    """The package verifier. Mode 0: the bytes as a package. Mode k: the bytes as the k-th
    member of a real package (its JSON documents, README, evidence file), rezipped correctly.
    It must return a report, whatever the package holds; it never raises."""
    from uncounted.ledger import verify_package

    mode, rest = (data[0], data[1:]) if data else (0, b"")
    template = _package_template()
    names = sorted(zipfile.ZipFile(io.BytesIO(template)).namelist())
    package = (
        rest
        if mode % (len(names) + 1) == 0
        else _rezip(template, names[mode % (len(names) + 1) - 1], rest)
    )
    report = verify_package(_write("package.zip", package))
    assert len(report.checks) > 0
    json.dumps(report.to_json())  # what `uncounted verify --json` prints must serialise


# --- the backup reader ----------------------------------------------------------------------


@cache
def _backup_template() -> tuple[bytes, bytes]:
    """A real backup of a small vault (fast, insecure KDF: fuzzing only) and its stream key."""
    from uncounted.services import backups, vaults
    from uncounted.vault import backup as backup_format
    from uncounted.vault import kdf, keys

    kdf.DEFAULT = kdf.INSECURE_FAST_FOR_TESTS  # this process makes throw-away vaults only
    folder = SCRATCH / "template-vault"
    vaults.init_vault(folder, "admin", PASSPHRASE)
    with vaults.unlock(folder, "admin", PASSPHRASE) as session:
        backups.backup_vault(session, SCRATCH / "template.backup")
        vault_key = session.vault_key
    raw = (SCRATCH / "template.backup").read_bytes()
    shutil.rmtree(folder)
    with (SCRATCH / "template.backup").open("rb") as handle:
        header = backup_format._read_header(handle, Path("template.backup"))
    return raw, keys.subkey(vault_key + header.salt, backup_format._PURPOSE)


def _restore(data: bytes) -> None:
    from uncounted.services import backups

    target = SCRATCH / "restored"
    try:
        backups.restore_vault(_write("fuzz.backup", data), target, "admin", PASSPHRASE)
    except UncountedError:
        pass
    finally:
        shutil.rmtree(target, ignore_errors=True)
        for left in SCRATCH.glob(".restored.restoring-*"):
            shutil.rmtree(left, ignore_errors=True)


def fuzz_backup(data: bytes) -> None:
    """The backup reader. Mode 0: the bytes as a backup file. Mode 1: the bytes as the header
    JSON, with a correct length and checksum. Mode 2: the bytes as the decrypted tar stream of
    a backup, encrypted under the real key so that they reach the tar reader and the checks
    of the rebuilt vault."""
    from uncounted.vault import backup as backup_format
    from uncounted.vault.evidence_blob import push_stream

    mode, rest = (data[0] % 3, data[1:]) if data else (0, b"")
    raw, key = _backup_template()
    if mode == 0:
        _restore(rest)
        return
    magic, length = backup_format.MAGIC, backup_format._LENGTH
    (size,) = length.unpack_from(raw, len(magic))
    prefix = raw[: len(magic) + length.size + size]
    body = raw[len(prefix) + backup_format._CHECKSUM_BYTES :]
    if mode == 1:
        forged = magic + length.pack(len(rest)) + rest
        _restore(forged + backup_format._checksum(forged) + body)
        return
    out = io.BytesIO()
    out.write(prefix + backup_format._checksum(prefix))
    push_stream(out, key, prefix, [rest])
    _restore(out.getvalue())


def _forged_header(header_json: bytes, body: bytes) -> bytes:
    """A backup file whose header is *header_json*, with a correct length and checksum."""
    from uncounted.vault import backup as backup_format

    forged = backup_format.MAGIC + backup_format._LENGTH.pack(len(header_json)) + header_json
    return forged + backup_format._checksum(forged) + body


@cache
def _full_target() -> Path:
    """A directory that already holds a file: a restore into it stops with "already exists"."""
    full = SCRATCH / "occupied"
    full.mkdir(exist_ok=True)
    (full / "vault.db").write_bytes(b"occupied")
    return full


def fuzz_backup_header(data: bytes) -> None:
    """The backup reader up to the key derivation: :func:`restore_backup` into a directory
    that is not empty, so it reads and checks the header (magic, length, checksum, the JSON,
    every keyring entry with its Argon2id costs and salt, the backup salt, the recovery file)
    exactly as a restore does, and stops at "already exists" just before it derives any key.
    Mode 0: the bytes as a backup file. Mode 1: the bytes as the header JSON, with a correct
    length and checksum. Refused as damaged, or accepted up to "already exists"; nothing else.
    """
    from uncounted.errors import InputError, IntegrityError
    from uncounted.vault import backup as backup_format
    from uncounted.vault.lifecycle import VaultExists

    mode, rest = (data[0] % 2, data[1:]) if data else (0, b"")
    backup = _write("header.backup", rest if mode == 0 else _forged_header(rest, bytes(64)))
    try:
        backup_format.restore_backup(backup, _full_target(), "admin", PASSPHRASE)
    except VaultExists:
        pass  # the header was read whole and accepted
    except (IntegrityError, InputError) as refused:
        assert isinstance(refused, backup_format.BackupDamaged | backup_format.OldBackupFormat)
        assert "\n" not in str(refused), "a refusal of more than one line"
    else:
        raise AssertionError("a restore into a directory that is not empty went ahead")


@cache
def _whole_key_template() -> tuple[bytes, bytes]:
    """The prefix (magic, length, header) of the template backup with its one keyring entry
    wrapped whole instead of split over 4,000 stripes, and its stream key. Wrapped whole is the
    form of every entry written before the key area, which a restore still accepts; unwrapping
    it costs microseconds, where merging 4,000 stripes costs about 0.1 s in instrumented
    Python (on a wrong passphrase too). The Argon2id cost is the template's, libsodium's least.
    """
    from uncounted.vault import backup as backup_format
    from uncounted.vault import kdf, keyring, keys

    raw, _ = _backup_template()
    magic, length = backup_format.MAGIC, backup_format._LENGTH
    (size,) = length.unpack_from(raw, len(magic))
    start = len(magic) + length.size
    header = json.loads(raw[start : start + size])
    ring = keyring.Keyring.from_bytes(header["keyring"].encode("utf-8"), "template")
    entry = ring.entries["admin"]
    secrets = entry.unwrap(PASSPHRASE)
    assert secrets is not None
    whole = keys.secret_wrap(
        kdf.derive_key(PASSPHRASE, entry.salt, entry.params),
        secrets.vault_key + secrets.private_key,
        keyring._label("admin"),
    )
    header["keyring"] = ring.with_entry(replace(entry, wrapped=whole)).to_bytes().decode()
    text = json.dumps(header).encode("utf-8")
    salt = base64.b64decode(header["salt"])
    key = keys.subkey(secrets.vault_key + salt, backup_format._PURPOSE)
    return magic + length.pack(len(text)) + text, key


def _encrypted_backup(prefix: bytes, key: bytes, stream: bytes) -> bytes:
    """A backup whose header is *prefix* and whose body is *stream*, encrypted under *key*."""
    from uncounted.vault import backup as backup_format
    from uncounted.vault.evidence_blob import push_stream

    out = io.BytesIO()
    out.write(prefix + backup_format._checksum(prefix))
    push_stream(out, key, prefix, [stream])
    return out.getvalue()


def fuzz_backup_stream(data: bytes) -> None:
    """The backup reader after the key derivation: the bytes as the decrypted tar stream of a
    backup, encrypted under the right key, restored by :func:`restore_backup` with the right
    passphrase: the secretstream, the tar reader and its member checks, the key area written,
    the rebuilt vault opened (SQLCipher) and its evidence files checked. The header is the
    template's with its keyring entry wrapped whole (:func:`_whole_key_template`)."""
    prefix, key = _whole_key_template()
    _restore(_encrypted_backup(prefix, key, data))


TARGETS: dict[str, Target] = {
    "csv": fuzz_csv,
    "xlsx": fuzz_xlsx,
    "json": fuzz_json,
    "verify": fuzz_verify,
    "backup": fuzz_backup,
    "backup-header": fuzz_backup_header,
    "backup-stream": fuzz_backup_stream,
    "xlsx-archive": fuzz_xlsx_archive,
}
