"""Evidence actions: add a file, export a package, record a handover, list and inspect.

Each function is one user action and records its custody event; the CLI and the web app call
these and nothing below them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.ledger import (
    MANIFEST_MEDIA_TYPE,
    PackageContents,
    write_package,
    write_package_into,
)
from uncounted.messages import N_
from uncounted.model import vocabulary
from uncounted.vault import (
    Action,
    CustodyEvent,
    DescribedItem,
    Description,
    EvidenceItem,
    Progress,
    VaultSession,
    allowed,
)

__all__ = [
    "MANIFEST_MEDIA_TYPE",
    "CustodyEvent",
    "DescribedItem",
    "Description",
    "EvidenceItem",
    "ExportSummary",
    "add_evidence",
    "add_evidence_upload",
    "check_new_output",
    "custody_chain",
    "describe",
    "described_evidence",
    "evidence_item",
    "evidence_metadata",
    "evidence_thumbnail",
    "export_evidence",
    "export_evidence_into",
    "hand_over",
    "list_evidence",
    "open_evidence",
    "open_working_copy",
]


#: The longest description of an evidence file, in characters.
MAX_DESCRIPTION = 2000


class BadDescription(InputError):
    """Raised when an evidence file's kind is not in the vocabulary or its description is
    longer than :data:`MAX_DESCRIPTION`."""


def describe(kind: str, text: str) -> Description:
    """The kind and description typed for a file, checked: *kind* a code of
    ``evidence_kinds`` (or empty), *text* at most :data:`MAX_DESCRIPTION` characters."""
    kind = kind.strip()
    if kind and kind not in vocabulary.load("evidence_kinds"):
        raise BadDescription(N_("choose the kind of the file from the list"))
    text = text.strip()
    if len(text) > MAX_DESCRIPTION:
        raise BadDescription(
            N_("a file's description is longer than {limit} characters"), limit=MAX_DESCRIPTION
        )
    return Description(kind or None, text)


class OutputExists(InputError):
    """Raised when an export would overwrite an existing file or write into a missing folder."""


def check_new_output(output: Path, refusal: type[OutputExists] = OutputExists) -> None:
    """The one rule for a file the system writes for someone to carry away (an evidence
    package, a report, a witness request): a new file in a folder that exists. Never written
    over (a package already handed out stays as it was), never a folder made on the way (a
    mistyped path would scatter sealed files); *refusal* (nothing written) otherwise."""
    if output.exists() or not output.parent.is_dir():
        raise refusal(
            N_("{path} already exists or its folder does not; choose another path"), path=output
        )


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, for the shell to report."""

    item_id: str
    package: Path
    working_copy: bool
    size: int
    tree_size: int
    key_fingerprint: str


def _not_withdrawn(vault: VaultSession, record_id: str | None) -> None:
    """Refuse evidence for a record whose consent was withdrawn: its identity is gone, and a
    file attached now would identify the person again."""
    if record_id is None:
        return
    try:
        withdrawn = store.get_record(vault, record_id, reveal=False).withdrawn_at
    except store.RecordNotFound:
        return  # the store says so in its own words
    if withdrawn is not None:
        raise store.RecordWithdrawn.of(record_id, withdrawn)


def add_evidence(
    vault: VaultSession,
    path: Path,
    record_id: str | None = None,
    progress: Progress | None = None,
    description: Description | None = None,
) -> EvidenceItem:
    """Hash, encrypt and commit the file at *path*, optionally tied to record *record_id*."""
    vault.require(Action.EVIDENCE_ADD)
    _not_withdrawn(vault, record_id)
    return store.add_evidence_file(vault, path, record_id, progress, description)


def export_evidence(
    vault: VaultSession, item_id: str, output: Path, working_copy: bool = False
) -> ExportSummary:
    """Write a self-contained, verifiable package of the item (original or working copy)."""
    vault.require(Action.EVIDENCE_EXPORT)
    check_new_output(output)
    return _export(vault, item_id, working_copy, output, partial(write_package, output))


def export_evidence_into(
    vault: VaultSession, item_id: str, handle: BinaryIO, working_copy: bool = False
) -> ExportSummary:
    """The same package written into *handle* (an empty file open for reading and writing).

    The web app passes anonymous memory, so a package it hands out never touches a disk; the
    summary names the package by the file name a download should get.
    """
    vault.require(Action.EVIDENCE_EXPORT)
    name = Path(f"{item_id}-package.zip")
    return _export(vault, item_id, working_copy, name, partial(write_package_into, handle))


def _export(
    vault: VaultSession,
    item_id: str,
    working_copy: bool,
    package: Path,
    write: Callable[[PackageContents, Iterable[bytes]], None],
) -> ExportSummary:
    item = store.get_evidence(vault, item_id)
    store.require_grant(vault, item.id)  # before the export is recorded as custody
    if working_copy:
        item = store.ensure_working_copy(vault, item)
    copy = "working" if working_copy else "original"
    store.record_custody(vault, item.id, "exported", {"copy": copy})
    contents = store.package_contents(vault, item, working_copy)
    write(contents, store.read_evidence(vault, item, working_copy))
    return ExportSummary(
        item.id,
        package,
        working_copy,
        contents.size,
        contents.checkpoint.checkpoint.tree_size,
        contents.public_key.fingerprint,
    )


def hand_over(vault: VaultSession, item_id: str, recipient: str) -> int:
    """Record that the item was handed to *recipient*; return the ledger entry's index."""
    vault.require(Action.EVIDENCE_EXPORT)
    return store.hand_over(vault, item_id, recipient)


def open_evidence(vault: VaultSession, item_id: str, working_copy: bool = False) -> Iterator[bytes]:
    """The decrypted bytes of the item for a person to look at; recorded as "viewed"."""
    _require_viewing(vault)
    return store.view_evidence(vault, item_id, working_copy)


def list_evidence(vault: VaultSession) -> list[EvidenceItem]:
    """Every evidence item of the vault."""
    vault.require(Action.RECORDS_LIST)
    return store.list_evidence(vault)


def evidence_metadata(vault: VaultSession, item_id: str) -> dict[str, str]:
    """The item's sealed metadata (original file name, EXIF, GPS, PDF info): an audited read."""
    vault.require(Action.IDENTITY_READ)
    return store.read_evidence_metadata(vault, item_id)


def add_evidence_upload(
    vault: VaultSession,
    chunks: Iterable[bytes],
    original_name: str,
    record_id: str | None = None,
    description: Description | None = None,
) -> EvidenceItem:
    """Hash, encrypt and commit an uploaded file held in memory (never written in the clear)."""
    vault.require(Action.EVIDENCE_ADD)
    _not_withdrawn(vault, record_id)
    return store.add_evidence_chunks(
        vault, chunks, original_name, record_id, description=description
    )


def described_evidence(
    vault: VaultSession,
    *,
    records: Iterable[str] = (),
    case: str | None = None,
    event: str | None = None,
) -> list[DescribedItem]:
    """The evidence of *records*, of *case*'s records and of *event*'s records, with kinds and
    descriptions, for a page that shows them: only items of cases this user holds, and
    nothing at all for a role that may not read identities."""
    vault.require(Action.RECORDS_LIST)
    if not allowed(vault.user.role, Action.IDENTITY_READ):
        return []
    return store.described_items(vault, records=records, case=case, event=event)


def evidence_thumbnail(vault: VaultSession, item_id: str) -> bytes | None:
    """The item's thumbnail (a small JPEG without metadata), for those who may see its
    description; None when it has none. Refused without a grant of the item's case."""
    vault.require(Action.IDENTITY_READ)
    return store.read_evidence_thumbnail(vault, item_id)


def custody_chain(vault: VaultSession, item_id: str) -> list[CustodyEvent]:
    """The item's custody events, oldest first, as committed to the ledger."""
    vault.require(Action.RECORDS_LIST)
    return store.custody_chain(vault, item_id)


def open_working_copy(vault: VaultSession, item_id: str) -> Iterator[bytes]:
    """The item's stripped working copy (made now if it has none), recorded as "viewed"."""
    _require_viewing(vault)
    store.ensure_working_copy(vault, store.get_evidence(vault, item_id))
    return store.view_evidence(vault, item_id, working=True)


def _require_viewing(vault: VaultSession) -> None:
    """Looking at an item needs the right to add evidence or to export it."""
    if not allowed(vault.user.role, Action.EVIDENCE_ADD):
        vault.require(Action.EVIDENCE_EXPORT)  # raises, naming the missing permission


def evidence_item(vault: VaultSession, item_id: str) -> EvidenceItem:
    """The item *item_id* (no content, no metadata); NotFound when there is none."""
    vault.require(Action.RECORDS_LIST)
    return store.get_evidence(vault, item_id)
