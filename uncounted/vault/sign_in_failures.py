"""Failed sign-ins kept on disk, sealed, until the next unlock puts them into the audit trail.

Why a file of its own: the audit trail is in ``access.db``, encrypted under a key derived from
the vault key, and a failed sign-in has no vault key to write with. Until 2026-12-05 the web
application held failures in memory until the next successful sign-in, so a restart lost
them, and a failed ``uncounted`` command was not recorded at all.

How: ``signin-failures.bin`` beside the vault starts with a public X25519 key whose private
half is derived from the vault key (:data:`KEY_PURPOSE`), so every user who unlocks the vault
can read the file and nobody else can. Each failure is one record appended to it: a
``SealedBox`` (libsodium, anonymous sender) of ``{"at", "user", "action", "via"}`` padded to
:data:`PLAINTEXT_BYTES`, so every record has the same size and the file shows only how many
failures wait. A typed name that is no user of the vault is not written, not even sealed: the
record then says only that an unknown name was tried (it may be a passphrase typed into the
name field). Every unlock (:func:`merge`) opens the records, writes them into the access log
(one entry per run of failures of one name, with their count and the time of the last), and
empties the file.

What it does not promise: whoever can write to the vault's folder can delete or truncate the
file (as they could delete the whole vault); the entries are tamper-evident only once merged
into the access log. A crash between the merge's commit and the emptying of the file leaves
the merged runs in it, to be merged again (a duplicate, never a loss). At most
:data:`MAX_RECORDS` failures wait (a guessing attack must not fill the disk); later ones are
not kept, and the last kept one says so (the trail shows "more were not kept").
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from uncounted.vault import keyring, keys
from uncounted.vault.audit import AuditEntry, record
from uncounted.vault.clock import now
from uncounted.vault.database import transaction
from uncounted.vault.layout import VaultLayout
from uncounted.vault.session import VaultSession

_log = logging.getLogger(__name__)

#: The private key of the file is this subkey of the vault key (at most 16 bytes).
KEY_PURPOSE = b"signin-failures"
MAGIC = b"UNCOUNTED-SIGNIN-FAILURES-1\n"
_HEADER_BYTES = len(MAGIC) + keys.KEY_BYTES
#: Every sealed record opens to this many bytes (JSON, padded with spaces): a user name has at
#: most 64 characters (``users.MAX_NAME_LENGTH``), 256 bytes of UTF-8.
PLAINTEXT_BYTES = 512
_RECORD_BYTES = PLAINTEXT_BYTES + 48  # SealedBox: ephemeral public key and MAC
#: At most this many failures wait for an unlock (about 5.6 MB); see the module docstring.
MAX_RECORDS = 10_000

#: What a record may say happened (the audit trail's action codes).
ACTIONS = ("signin.failed", "signin.lockout")


def _path(layout: VaultLayout) -> Path:
    return layout.root / "signin-failures.bin"


def _key_pair(vault_key: bytes) -> tuple[bytes, bytes]:
    private = keys.subkey(vault_key, KEY_PURPOSE)
    return private, keys.public_from_private(private)


@contextmanager
def _locked(path: Path, flags: int) -> Iterator[int]:
    descriptor = os.open(path, flags, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)


def note(root: Path, typed_name: str, action: str, via: str) -> None:
    """Append one sealed record: *typed_name* failed to sign in (or was locked out) *via* the
    web or the command line. Never raises for a disk problem: the sign-in is refused anyway,
    and a refusal must not become an error page (the problem is logged, without the name)."""
    layout = VaultLayout(root)
    path = _path(layout)
    try:
        known = typed_name in keyring.holders(layout.keyring)
        body: dict[str, str | bool] = {
            "at": now(),
            "user": typed_name if known else "",
            "action": action,
            "via": via,
        }
        with _locked(path, os.O_RDWR) as descriptor:
            header = os.pread(descriptor, _HEADER_BYTES, 0)
            if not header.startswith(MAGIC) or len(header) < _HEADER_BYTES:
                return  # no unlock since this version: nothing to seal to
            size = os.fstat(descriptor).st_size
            waiting = max(0, (size - _HEADER_BYTES) // _RECORD_BYTES)
            if waiting >= MAX_RECORDS:
                return
            if waiting == MAX_RECORDS - 1:
                body["overflow"] = True
            plain = json.dumps(body, ensure_ascii=False).encode("utf-8")
            sealed = keys.sealed_wrap(header[len(MAGIC) :], plain.ljust(PLAINTEXT_BYTES))
            os.pwrite(descriptor, sealed, _HEADER_BYTES + waiting * _RECORD_BYTES)
            os.fsync(descriptor)
    except FileNotFoundError:
        return
    except (OSError, keyring.KeyringDamaged) as error:
        _log.warning("a failed sign-in was not kept for the audit: %s", type(error).__name__)


@dataclass(frozen=True)
class _Failure:
    at: str
    user: str
    action: str
    via: str
    overflow: bool


def _opened(private: bytes, data: bytes) -> list[_Failure]:
    failures = []
    for start in range(0, len(data) - _RECORD_BYTES + 1, _RECORD_BYTES):
        try:
            body = json.loads(keys.sealed_unwrap(private, data[start : start + _RECORD_BYTES]))
        except (keys.UnwrapFailed, ValueError):
            continue  # not sealed to this vault: written by no uncounted of this vault
        if body.get("action") in ACTIONS:
            failures.append(
                _Failure(
                    str(body["at"]),
                    str(body.get("user", "")),
                    str(body["action"]),
                    str(body.get("via", "")),
                    body.get("overflow") is True,
                )
            )
    return failures


def _entries(failures: list[_Failure]) -> list[AuditEntry]:
    """One entry per run of failures of one name, action and door, at the first's time."""
    runs: list[list[_Failure]] = []
    for failure in failures:
        last = runs[-1][-1] if runs else None
        if last and (last.user, last.action, last.via) == (
            failure.user,
            failure.action,
            failure.via,
        ):
            runs[-1].append(failure)
        else:
            runs.append([failure])
    entries = []
    for run in runs:
        first = run[0]
        detail: dict[str, str | int | bool | None] = {"count": len(run), "via": first.via}
        if len(run) > 1:
            detail["last"] = run[-1].at
        if not first.user:
            detail["unknown_name"] = True
        if any(failure.overflow for failure in run):
            detail["more_not_kept"] = True
        entries.append(AuditEntry(first.user, first.action, first.user, detail, first.at))
    return entries


def merge(session: VaultSession) -> int:
    """Put the failures waiting in the file into *session*'s access log, empty the file, and
    (re)write its header when missing or not this vault's; return how many were merged."""
    if session.is_decoy:
        return 0
    path = _path(session.layout)
    private, public = _key_pair(session.vault_key)
    header = MAGIC + public
    with _locked(path, os.O_RDWR | os.O_CREAT) as descriptor:
        os.fchmod(descriptor, 0o600)
        size = os.fstat(descriptor).st_size
        data = os.pread(descriptor, size, 0)
        failures = _opened(private, data[_HEADER_BYTES:]) if data[:_HEADER_BYTES] == header else []
        if failures:
            with transaction(session.access_conn):
                for entry in _entries(failures):
                    record(session.access_conn, entry)
        if data != header:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, header, 0)
            os.fsync(descriptor)
    return len(failures)
