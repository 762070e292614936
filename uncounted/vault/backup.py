"""One-file encrypted backups and their restoration.

Layout of a backup file::

    MAGIC (16 bytes) | u32 header length | header (JSON) | sealed body | BLAKE2b-256 of all before

The header holds only what is already safe at rest: the keyring (keys wrapped under Argon2id
passphrase keys), the recovery file (the vault key sealed to the recovery key) and a random
salt. The body is a tar of the vault's files encrypted with XChaCha20-Poly1305 under a subkey of
the vault key, with MAGIC and header as associated data. The trailing checksum tells accidental
damage ("the file is damaged") apart from a wrong passphrase before any key is tried; the AEAD
catches deliberate alteration.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import struct
import tarfile
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.secret

from uncounted.errors import InputError, IntegrityError, NotFound
from uncounted.vault import audit, keyring, keys
from uncounted.vault.database import open_database, transaction
from uncounted.vault.lifecycle import VaultExists, WrongPassphrase
from uncounted.vault.permissions import Action
from uncounted.vault.session import VaultSession

MAGIC = b"UNCOUNTED-BKP-1\n"
_LENGTH = struct.Struct(">I")
_CHECKSUM_BYTES = 32
_PURPOSE = b"backup"


class BackupDamaged(IntegrityError):
    """Raised when a backup file is truncated, altered or not a backup at all."""


class BackupNotFound(NotFound):
    """Raised when the backup file to restore does not exist."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the user: its path, size and number of records."""

    path: Path
    size: int
    records: int


def _checksum(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=_CHECKSUM_BYTES).digest()


def write_backup(session: VaultSession, output: Path) -> BackupSummary:
    """Write an encrypted backup of the whole vault to *output*."""
    session.require(Action.BACKUP_CREATE)
    layout = session.layout
    salt = os.urandom(16)
    header = json.dumps(
        {
            "keyring": _keyring_text(session),
            "recovery": layout.recovery.read_text("utf-8"),
            "salt": base64.b64encode(salt).decode("ascii"),
        }
    ).encode("utf-8")
    with transaction(session.conn) as conn:
        records = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
        audit.record(
            conn,
            audit.AuditEntry(session.user.name, "vault.backup", output.name, {"records": records}),
        )
    archive = _tar_of_nothing() if session.is_decoy else _tar_of(session)
    key = keys.subkey(session.vault_key + salt, _PURPOSE)
    body = bytes(nacl.secret.Aead(key).encrypt(archive, MAGIC + header))
    content = MAGIC + _LENGTH.pack(len(header)) + header + body
    output.write_bytes(content + _checksum(content))
    return BackupSummary(output, output.stat().st_size, records)


def _keyring_text(session: VaultSession) -> str:
    if session.is_decoy:
        return keyring.Keyring().to_bytes().decode("utf-8")
    return session.layout.keyring.read_bytes().decode("utf-8")


def _tar_of(session: VaultSession) -> bytes:
    """The database and recovery file as a tar, copied while no other writer can commit."""
    layout = session.layout
    buffer = io.BytesIO()
    session.conn.execute("BEGIN IMMEDIATE")
    try:
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for path in (layout.database, layout.recovery):
                tar.add(path, arcname=path.name)
    finally:
        session.conn.execute("ROLLBACK")
    return buffer.getvalue()


def _tar_of_nothing() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w"):
        pass
    return buffer.getvalue()


@dataclass(frozen=True)
class _Parsed:
    header: bytes
    body: bytes
    keyring: keyring.Keyring
    recovery: bytes
    salt: bytes


def _parse(backup: Path) -> _Parsed:
    if not backup.is_file():
        raise BackupNotFound(f"there is no backup file {backup}")
    content = backup.read_bytes()
    damaged = BackupDamaged(f"the backup {backup} is damaged or was altered; it cannot be restored")
    if len(content) < len(MAGIC) + _LENGTH.size + _CHECKSUM_BYTES or not content.startswith(MAGIC):
        raise damaged
    payload, checksum = content[:-_CHECKSUM_BYTES], content[-_CHECKSUM_BYTES:]
    if _checksum(payload) != checksum:
        raise damaged
    (length,) = _LENGTH.unpack_from(payload, len(MAGIC))
    start = len(MAGIC) + _LENGTH.size
    header = payload[start : start + length]
    try:
        data = json.loads(header.decode("utf-8"))
        ring = keyring.Keyring.from_bytes(data["keyring"].encode("utf-8"), str(backup))
        salt = base64.b64decode(data["salt"])
        recovery = data["recovery"].encode("utf-8")
    except (ValueError, KeyError, TypeError, IntegrityError) as error:
        raise damaged from error
    return _Parsed(header, payload[start + length :], ring, recovery, salt)


def restore_backup(backup: Path, target: Path, user: str | None, passphrase: str) -> int:
    """Rebuild a working vault in *target* from *backup*; return its number of records.

    *user* (default: the backup's only user) and *passphrase* are those valid when the backup
    was made. Nothing is written
    unless the whole backup verifies; the vault appears in *target* in one rename.
    """
    parsed = _parse(backup)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise VaultExists(f"{target} already exists and is not empty; restore into a new directory")
    if user is None:
        names = sorted(parsed.keyring.entries)
        if len(names) != 1:
            raise InputError(f"the backup {backup} has {len(names)} users; name one with --user")
        user = names[0]
    entry = parsed.keyring.entries.get(user)
    secrets = None if entry is None else entry.unwrap(passphrase)
    if secrets is None:
        raise WrongPassphrase(f"wrong passphrase for user {user!r} of backup {backup}")
    key = keys.subkey(secrets.vault_key + parsed.salt, _PURPOSE)
    try:
        archive = bytes(nacl.secret.Aead(key).decrypt(parsed.body, MAGIC + parsed.header))
    except nacl.exceptions.CryptoError:
        raise BackupDamaged(
            f"the backup {backup} is damaged or was altered; it cannot be restored"
        ) from None
    staging = target.with_name(f".{target.name}.restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700, parents=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r") as tar:
            tar.extractall(staging, filter="data")
        (staging / "keyring.json").write_bytes(parsed.keyring.to_bytes())
        conn = open_database(staging / "vault.db", secrets.vault_key)
        try:
            records = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
        finally:
            conn.close()
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return records
