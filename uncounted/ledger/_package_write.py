"""Writing an evidence package: stream the file in, add the proofs and the README, seal it.

The file's bytes arrive as an iterable of chunks (decrypted from the vault on the fly), are
hashed while written, and must hash to the committed SHA-256 or nothing is left behind: a
package that would fail verification is never produced. The archive is written next to its
target under a temporary name and renamed into place only once sealed, or into an open file
(:func:`write_package_into`).
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import BinaryIO

from uncounted.errors import IntegrityError
from uncounted.ledger._package_format import (
    COMMITMENT_MEMBER,
    CUSTODY_MEMBER,
    KEY_MEMBER,
    README_MEMBER,
    SEAL_DIGITS,
    SEAL_PREFIX,
    TLOG_PROOF_MEMBER,
    PackageContents,
    commitment_document,
    consistency_document,
    custody_document,
    key_document,
    listed_files,
    tlog_proof,
    witnessed_members,
)
from uncounted.ledger._package_readme import readme_text
from uncounted.messages import N_

_CHUNK = 1 << 20


class ExportMismatchError(IntegrityError):
    """Raised when the file streamed into a package does not hash to its committed SHA-256."""


def write_package(
    target: Path,
    contents: PackageContents,
    chunks: Iterable[bytes],
    listed: Mapping[str, bytes] | None = None,
) -> None:
    """Write a sealed evidence package for *contents* with file bytes *chunks* to *target*
    (and, when the committed file is a manifest, the files it lists: *listed*)."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        # the owner's only (0600) whatever the umask: a package holds the file in the clear
        descriptor = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w+b") as handle:
            write_package_into(handle, contents, chunks, listed)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_package_into(
    handle: BinaryIO,
    contents: PackageContents,
    chunks: Iterable[bytes],
    listed: Mapping[str, bytes] | None = None,
) -> None:
    """Write the sealed package into *handle*, an empty file open for reading and writing.

    For a package that must never touch a disk: the web app writes it into anonymous memory.
    """
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = SEAL_PREFIX + b"0" * SEAL_DIGITS
        committed = _write_evidence(archive, contents, chunks)
        if contents.manifest:
            _write_listed(archive, contents, committed, listed or {})
        _write_documents(archive, contents)
    _seal(handle)


def _seal(handle: BinaryIO) -> None:
    digest = sha256()
    covered = handle.seek(0, os.SEEK_END) - SEAL_DIGITS
    handle.seek(0)
    left = covered
    while left > 0:
        chunk = handle.read(min(_CHUNK, left))
        digest.update(chunk)
        left -= len(chunk)
    handle.seek(covered)
    handle.write(digest.hexdigest().encode("ascii"))
    handle.flush()


def _member_info(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, datetime.now(UTC).timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o100644 << 16
    return info


def _write_evidence(
    archive: zipfile.ZipFile, contents: PackageContents, chunks: Iterable[bytes]
) -> bytes:
    """Stream the committed file in; return its bytes when it is a manifest (small)."""
    info = _member_info(contents.evidence_member, zipfile.ZIP_STORED)
    info.file_size = contents.size
    digest = sha256()
    written = 0
    kept = bytearray()
    with archive.open(info, "w") as member:
        for chunk in chunks:
            digest.update(chunk)
            written += len(chunk)
            member.write(chunk)
            if contents.manifest:
                kept += chunk
    if written != contents.size or digest.digest() != contents.item.commitment.content_hash:
        raise ExportMismatchError(
            N_("evidence {item} does not match its recorded hash; nothing was exported"),
            item=contents.item_id,
        )
    return bytes(kept)


def _write_listed(
    archive: zipfile.ZipFile,
    contents: PackageContents,
    manifest: bytes,
    listed: Mapping[str, bytes],
) -> None:
    """The files the committed manifest lists, each checked against it before it is written."""
    expected = listed_files(manifest)
    if expected is None or set(expected) != set(listed):
        raise ExportMismatchError(
            N_("the files of {item} do not match its manifest; nothing was exported"),
            item=contents.item_id,
        )
    for name, body in sorted(listed.items()):
        if expected[name] != (sha256(body).hexdigest(), len(body)):
            raise ExportMismatchError(
                N_("the files of {item} do not match its manifest; nothing was exported"),
                item=contents.item_id,
            )
        archive.writestr(_member_info(name, zipfile.ZIP_DEFLATED), body)


def _write_documents(archive: zipfile.ZipFile, contents: PackageContents) -> None:
    documents = {
        COMMITMENT_MEMBER: _json(commitment_document(contents)),
        TLOG_PROOF_MEMBER: tlog_proof(contents),
        CUSTODY_MEMBER: _json(custody_document(contents)),
        KEY_MEMBER: key_document(contents.public_key),
        README_MEMBER: readme_text(contents),
    }
    for witnessed in contents.witnessed:
        checkpoint_member, proof_member = witnessed_members(witnessed)
        documents[checkpoint_member] = witnessed.checkpoint.encode()
        documents[proof_member] = consistency_document(witnessed.consistency)
    for name, text in documents.items():
        archive.writestr(_member_info(name, zipfile.ZIP_DEFLATED), text.encode("utf-8"))


def _json(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
