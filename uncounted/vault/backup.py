"""One-file encrypted backups of a whole vault, evidence included, streamed both ways.

Layout of a backup file::

    MAGIC (16 bytes) | u32 header length | header (JSON) | BLAKE2b-256 of all before
    | secretstream header (24 bytes) | repeat: u32 length | message

The header holds only what is already safe at rest: the keyring (keys wrapped under Argon2id
passphrase keys), the recovery file (the vault key sealed to the recovery key) and a random
salt. Its unkeyed checksum tells accidental damage ("the backup is damaged") apart from a wrong
passphrase before any key is tried.

The body is a POSIX tar (pax) of ``vault.db``, ``access.db`` (the log of identity reads, when
the vault has one) and every evidence blob (``evidence/<id>.original``
and ``.working``), pushed through libsodium's secretstream (XChaCha20-Poly1305, the helpers of
:mod:`evidence_blob`) in 1 MiB messages under a BLAKE2b subkey of the vault key and the salt.
Every message carries MAGIC, length and header as associated data, so the header cannot be
swapped; the last message carries the final tag, so a backup cut short anywhere, or extended,
is refused. What goes into the tar is already ciphertext at rest (SQLCipher pages, evidence
blobs): neither writing nor restoring a backup ever puts plaintext on a disk, and only one
message is in memory at a time, so evidence of many gigabytes backs up in bounded memory.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import struct
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlcipher3

from uncounted.errors import InputError, IntegrityError, NotFound
from uncounted.messages import N_
from uncounted.vault import audit, files, keyring, keys
from uncounted.vault.access_log import open_access_log
from uncounted.vault.database import (
    BUSY,
    WRITE_WAIT_SECONDS,
    Connection,
    DatabaseLocked,
    VaultBusy,
    open_database,
    transaction,
)
from uncounted.vault.evidence_blob import CHUNK, BlobDamaged, pull_stream, push_stream
from uncounted.vault.evidence_store import blob_parts
from uncounted.vault.layout import VaultLayout
from uncounted.vault.lifecycle import VaultExists, WrongPassphrase, create_vault
from uncounted.vault.session import VaultSession

MAGIC = b"UNCOUNTED-BKP-2\n"
_OLD_MAGIC = b"UNCOUNTED-BKP-1\n"
_LENGTH = struct.Struct(">I")
_CHECKSUM_BYTES = 32
_SALT_BYTES = 16
_MAX_HEADER = 64 << 20  # a keyring of thousands of users is far below this
_PURPOSE = b"backup"
_DATABASE = "vault.db"
_EVIDENCE = "evidence"
_ACCESS_LOG = "access.db"
_MEMBER = re.compile(
    r"vault\.db|access\.db|evidence/ev-[0-9a-f]{12}\.(?:original|working|thumbnail)"
)
_BLOCK = tarfile.BLOCKSIZE

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) while a backup is written or restored."""


class BackupDamaged(IntegrityError):
    """Raised when a backup file is truncated, altered or not a backup at all."""


class BackupNotFound(NotFound):
    """Raised when the backup file to restore does not exist."""


class OldBackupFormat(InputError):
    """Raised when the backup was written in the first format, which held no evidence."""


class EvidenceFileMissing(IntegrityError):
    """Raised when the vault lists an evidence item whose encrypted file is not in the vault."""


class VaultChangedDuringBackup(IntegrityError):
    """Raised when a file of the vault shrank while it was being copied into a backup."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the user: its path, size, records and evidence items."""

    path: Path
    size: int
    records: int
    evidence_items: int = 0


def _damaged(backup: Path) -> BackupDamaged:
    return BackupDamaged(f"the backup {backup} is damaged or was altered; it cannot be restored")


def _checksum(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=_CHECKSUM_BYTES).digest()


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    """One file of the vault as it goes into the tar: its name there and where it is now."""

    arcname: str
    path: Path
    size: int


def write_backup(
    session: VaultSession, output: Path, progress: Progress | None = None
) -> BackupSummary:
    """Write an encrypted backup of the whole vault, evidence included, to *output*.

    The file appears under its name only once complete (written beside it, then renamed).
    """
    partial = output.with_name(f".{output.name}.partial")
    files.remove_leftovers([partial])  # what a killed backup to the same name left
    try:
        with files.create_private(partial) as handle:
            records, items = stream_backup(session, handle, output.name, progress)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(output, output.stat().st_size, records, items)


def stream_backup(
    session: VaultSession, handle: BinaryIO, name: str, progress: Progress | None = None
) -> tuple[int, int]:
    """Write an encrypted backup to *handle* (a file, or a download: nothing else is written
    anywhere), audited as ``vault.backup`` of *name*; returns (records, evidence items).

    Call it from one thread from start to end: the database is held still under a lock of
    this process while it is copied.
    """
    salt = os.urandom(_SALT_BYTES)
    header = json.dumps(
        {
            "format": 2,
            "keyring": _keyring_text(session),
            "recovery": session.layout.recovery.read_text("utf-8"),
            "salt": base64.b64encode(salt).decode("ascii"),
        }
    ).encode("utf-8")
    prefix = MAGIC + _LENGTH.pack(len(header)) + header
    with transaction(session.conn) as conn:
        records = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
        items = 0 if session.is_decoy else _evidence_count(session)
        detail = {"records": records, "evidence": items}
        audit.record(conn, audit.AuditEntry(session.user.name, "vault.backup", name, detail))
    key = keys.subkey(session.vault_key + salt, _PURPOSE)
    with closing(_body(session, progress)) as body:
        handle.write(prefix + _checksum(prefix))
        push_stream(handle, key, prefix, body)
    return records, items


def _keyring_text(session: VaultSession) -> str:
    if session.is_decoy:
        return keyring.Keyring().to_bytes().decode("utf-8")
    return keyring.load(session.layout.keyring).to_bytes().decode("utf-8")


def _evidence_count(session: VaultSession) -> int:
    return int(session.conn.execute("SELECT count(*) FROM evidence_items").fetchone()[0])


def _body(session: VaultSession, progress: Progress | None) -> Generator[bytes, None, None]:
    """The tar stream: the database copied under SQLite's reserved lock, then the evidence.

    While the lock is held no other writer can commit, so the copied file is one committed
    state, and the evidence files it names are listed in the same instant. Evidence blobs are
    written before the row naming them commits and never change afterwards, so they are read
    after the lock is released and other users can keep working during a long backup.
    """
    if session.is_decoy:
        yield _BLOCK * 2 * b"\0"
        return
    conn, access = session.conn, session.access_conn
    lock = _hold_database_still(conn, session.layout.database)
    try:
        # the access log too, so the anchors in vault.db and the log they fix are one state
        access_lock = _hold_database_still(access, session.layout.access_log)
        try:
            databases = [
                _member(_DATABASE, session.layout.database),
                _member(_ACCESS_LOG, session.layout.access_log),
            ]
            evidence = _evidence_members(session)
            total = sum(member.size for member in databases + evidence)
            done = [0]

            def counted(pieces: Iterable[bytes]) -> Iterator[bytes]:
                for piece in pieces:
                    done[0] += len(piece)
                    if progress is not None:
                        progress(done[0], total)
                    yield piece

            for database in databases:
                yield from counted(_tar_member(database))
        finally:
            access.execute("ROLLBACK")
            access_lock.release()
    finally:
        conn.execute("ROLLBACK")
        lock.release()
    for member in evidence:
        yield from counted(_tar_member(member))
    yield _BLOCK * 2 * b"\0"


def _hold_database_still(conn: Connection, path: Path) -> threading.RLock:
    """Make the database file at *path* alone hold every commit, and keep it so until released.

    In WAL mode recent commits live in ``vault.db-wal`` until a checkpoint copies them into
    ``vault.db``. This takes the write lock of this process's writers, checkpoints the WAL
    into the database and empties it, and then takes SQLite's write lock: with the WAL empty
    and no writer able to commit, the file copied next is the whole, current database. Returns
    the process lock, held; the caller ends the transaction and releases it.
    """
    lock: threading.RLock = conn.write_lock
    if not lock.acquire(timeout=WRITE_WAIT_SECONDS):
        raise VaultBusy(BUSY)
    wal = path.with_name(path.name + "-wal")
    for _ in range(50):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute("BEGIN IMMEDIATE")
        if not wal.exists() or wal.stat().st_size == 0:
            return lock
        conn.execute("ROLLBACK")  # another process committed in between: checkpoint again
        time.sleep(0.1)
    lock.release()
    raise VaultBusy(BUSY)


def _member(arcname: str, path: Path) -> _Member:
    return _Member(arcname, path, path.stat().st_size)


def _evidence_members(session: VaultSession) -> list[_Member]:
    """Every blob the database names, in a stable order; refused if one is not on disk."""
    directory = session.layout.root / _EVIDENCE
    members = []
    for item_id, parts in _evidence_parts(session.conn):
        for part in parts:
            path = directory / f"{item_id}.{part}"
            if not path.is_file():
                raise EvidenceFileMissing(
                    N_(
                        "the encrypted {part} of evidence item {item} is missing from this"
                        " vault; no backup was written"
                    ),
                    part=part,
                    item=item_id,
                )
            members.append(_member(f"{_EVIDENCE}/{item_id}.{part}", path))
    return members


def _evidence_parts(conn: Connection) -> list[tuple[str, tuple[str, ...]]]:
    """Each evidence item's id and the blobs it has, in id order.

    A database from before evidence2_0001 (a restored older backup) has no thumbnails.
    """
    columns = {str(row[1]) for row in conn.execute("PRAGMA table_info(evidence_items)")}
    thumbnail = "thumbnail_size IS NOT NULL" if "thumbnail_size" in columns else "0"
    rows = conn.execute(
        f"SELECT id, working_seq IS NOT NULL, {thumbnail} FROM evidence_items ORDER BY id"  # noqa: S608  # a fixed column test, no input
    ).fetchall()
    return [(str(item), blob_parts(bool(working), bool(thumb))) for item, working, thumb in rows]


def _tar_member(member: _Member) -> Iterator[bytes]:
    """One regular file as tar blocks: its header, its bytes, zero padding to a block."""
    info = tarfile.TarInfo(member.arcname)
    info.size, info.mode, info.mtime = member.size, 0o600, 0
    yield info.tobuf(format=tarfile.PAX_FORMAT)
    left = member.size
    with member.path.open("rb") as handle:
        while left:
            piece = handle.read(min(CHUNK, left))
            if not piece:
                raise VaultChangedDuringBackup(
                    N_("{file} changed while it was backed up; no backup was written"),
                    file=member.arcname,
                )
            left -= len(piece)
            yield piece
    yield b"\0" * (-member.size % _BLOCK)


# --- restoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    prefix: bytes
    keyring: keyring.Keyring
    recovery: bytes
    salt: bytes


def _read_header(handle: BinaryIO, backup: Path) -> _Header:
    """The header of an open backup, checked against its checksum before anything is trusted."""
    magic = handle.read(len(MAGIC))
    if magic == _OLD_MAGIC:
        raise OldBackupFormat(
            N_(
                "the backup {backup} was written by an older uncounted in a format without"
                " evidence; restore it with that version"
            ),
            backup=backup,
        )
    size = os.fstat(handle.fileno()).st_size
    length_bytes = handle.read(_LENGTH.size)
    if magic != MAGIC or len(length_bytes) != _LENGTH.size:
        raise _damaged(backup)
    (length,) = _LENGTH.unpack(length_bytes)
    if length > min(_MAX_HEADER, size):
        raise _damaged(backup)
    header = handle.read(length)
    prefix = magic + length_bytes + header
    if handle.read(_CHECKSUM_BYTES) != _checksum(prefix):
        raise _damaged(backup)
    try:
        data = json.loads(header.decode("utf-8"))
        ring = keyring.Keyring.from_bytes(data["keyring"].encode("utf-8"), str(backup))
        salt = base64.b64decode(data["salt"], validate=True)
        if len(salt) != _SALT_BYTES:  # found by the fuzzer: a longer one made the key
            raise ValueError("salt")  # derivation fail in libsodium, a traceback
        recovery = data["recovery"].encode("utf-8")
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        IntegrityError,
    ) as error:
        # RecursionError: JSON nested deeper than the interpreter follows (the checksum is
        # unkeyed, so a forged header can carry a correct one)
        raise _damaged(backup) from error
    return _Header(prefix, ring, recovery, salt)


def restore_backup(
    backup: Path,
    target: Path,
    user: str | None,
    passphrase: str,
    progress: Progress | None = None,
) -> int:
    """Rebuild a working vault, evidence included, in *target* from *backup*; return its records.

    *user* (default: the backup's only user) and *passphrase* are those valid when the backup
    was made. The vault is rebuilt in a private directory beside *target* while the backup is
    read once, message by message; it appears in *target* in one rename only after the whole
    backup authenticated to its final message. Otherwise nothing is left behind.
    """
    if not backup.is_file():
        raise BackupNotFound(N_("there is no backup file {backup}"), backup=backup)
    with backup.open("rb") as handle:
        header = _read_header(handle, backup)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise VaultExists(
                N_("{path} already exists and is not empty; restore into a new directory"),
                path=target,
            )
        if user is None:
            names = sorted(header.keyring.entries)
            if len(names) != 1:
                raise InputError(
                    N_("the backup {backup} has {count} users; name one with --user"),
                    backup=backup,
                    count=len(names),
                )
            user = names[0]
        entry = header.keyring.entries.get(user)
        secrets = None if entry is None else entry.unwrap(passphrase)
        # checked on every attempt, as at sign-in, so that the time taken tells nothing
        is_duress = entry is not None and entry.is_duress(passphrase)
        if secrets is None and is_duress and entry is not None:
            return _decoy_restore(target, entry, passphrase)
        if secrets is None:
            raise WrongPassphrase(
                N_("wrong passphrase for user {user!r} of backup {backup}"),
                user=user,
                backup=backup,
            )
        key = keys.subkey(secrets.vault_key + header.salt, _PURPOSE)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        files.remove_leftovers(VaultLayout(target).leftovers())
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
        held = files.hold(staging)  # not a leftover while this restore fills it
        try:
            total = os.fstat(handle.fileno()).st_size

            def report() -> None:
                if progress is not None:
                    progress(handle.tell(), total)

            plain = pull_stream(handle, key, header.prefix, backup.name)
            try:
                _extract(_StreamReader(plain, report), staging, backup)
                for _ in plain:  # the tar's end: what remains must still reach the final tag
                    pass
            except BlobDamaged:
                raise _damaged(backup) from None
            if handle.read(1):
                raise _damaged(backup)
            keyring.save(VaultLayout(staging).keyring, header.keyring)
            _write_private(staging / "recovery.json", header.recovery)
            records = _check_restored(staging, secrets.vault_key, backup)
            if target.exists():
                target.rmdir()
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            os.close(held)
    return records


def _decoy_restore(target: Path, entry: keyring.KeyringEntry, passphrase: str) -> int:
    """What restoring with the duress passphrase gives: a new, empty vault in *target* whose
    only user is *entry*'s, opened by that passphrase, and "0 records restored", as a duress
    sign-in gives an empty vault; nothing says the backup held more. The backup itself is
    left as it is (a copy elsewhere would survive anything done to this one; docs/security.md).
    """
    create_vault(target, entry.user, passphrase, entry.params)
    return 0


class _StreamReader(io.RawIOBase):
    """A read-only file over decrypted chunks, so :mod:`tarfile` can read them as a stream."""

    def __init__(self, chunks: Iterator[bytes], report: Callable[[], None]) -> None:
        self._chunks = chunks
        self._report = report
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]  # RawIOBase's buffer
        if not self._pending:
            chunk = next(self._chunks, b"")
            self._report()
            self._pending = memoryview(chunk)
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count


def _extract(reader: _StreamReader, staging: Path, backup: Path) -> None:
    """Write each expected member of the tar stream into *staging*; anything else is damage."""
    seen: set[str] = set()
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            for member in tar:
                name = member.name
                if not member.isreg() or not _MEMBER.fullmatch(name) or name in seen:
                    raise _damaged(backup)
                seen.add(name)
                source = tar.extractfile(member)
                if source is None:
                    raise _damaged(backup)
                path = staging / name
                path.parent.mkdir(mode=0o700, exist_ok=True)
                with source, _open_private(path) as out:
                    while piece := source.read(CHUNK):
                        out.write(piece)
                    out.flush()
                    os.fsync(out.fileno())
    except tarfile.TarError:
        raise _damaged(backup) from None
    if _DATABASE not in seen:
        raise _damaged(backup)


def _open_private(path: Path) -> BinaryIO:
    """A new file readable by its owner only (refusing to overwrite one)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _write_private(path: Path, content: bytes) -> None:
    with _open_private(path) as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def _check_restored(staging: Path, vault_key: bytes, backup: Path) -> int:
    """Open the rebuilt database; every evidence file it names must have come back too."""
    try:
        conn = open_database(staging / _DATABASE, vault_key)
    except DatabaseLocked:  # authenticated, yet not this vault's database
        raise _damaged(backup) from None
    try:
        records = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
        rows = _evidence_parts(conn)
    except sqlcipher3.DatabaseError:
        # found by the fuzzer: an empty vault.db opens as a new, empty database, and the
        # query then failed with "no such table", a traceback instead of "damaged"
        raise _damaged(backup) from None
    finally:
        conn.close()
    for item_id, parts in rows:
        for part in parts:
            if not (staging / _EVIDENCE / f"{item_id}.{part}").is_file():
                raise _damaged(backup)
    if (staging / _ACCESS_LOG).exists():  # backups made before the access log have none
        open_access_log(staging / _ACCESS_LOG, vault_key).close()
    return records
