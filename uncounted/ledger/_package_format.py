"""The evidence package: what is inside, in which member, encoded how.

A package (format v2) is a zip archive with exactly these members::

    evidence/item-<ID>.<ext>  the original file (or its stripped working copy), stored
                              uncompressed so a verifier never inflates anything large
    commitment.json           item id, entry kind, media type, size, SHA-256, salt,
                              commitment and leaf index of the file's ledger entry
    item.tlog-proof           c2sp.org/tlog-proof: the entry's index, its RFC 9162 inclusion
                              path and the log's signed checkpoint (c2sp.org/tlog-checkpoint)
    custody.json              every custody action on the item, each with its own salt,
                              commitment and inclusion proof into the same checkpoint; each
                              event names the commitment of the one before ("previous")
    log_public_key.txt        the log's public key (64 hex digits), its fingerprint, its vkey
    README.txt                how to check all of the above, in plain language

and, for each earlier checkpoint holding the item that witnesses cosigned (the latest one each
named witness cosigned, 16 at most), both of::

    witnessed-<size>.checkpoint   that checkpoint with the witnesses' cosignatures
    witnessed-<size>.consistency  the RFC 9162 consistency proof from it to the package's
                                  checkpoint, one base64 hash per line

A package whose committed file is a manifest (a published report, a journalist's package of
several files) carries, instead of ``evidence/item-<ID>.<ext>``::

    manifest.json             the committed file: a JSON object whose "files" maps each other
                              file's name to its "sha256" and "size"
    <each file it lists>      at the top level (or one folder down), readable as they are

so the committed manifest's hash covers every listed file, and a listed file that is missing,
changed or joined by an unlisted one fails verification.

Packages of format v1 (``inclusion_proof.json`` and ``signed_head.json``, a legacy binary head)
are still verified; they are no longer written.

and an archive comment ``uncounted-package-seal sha256:<64 hex>`` holding the SHA-256 of
every byte of the archive before those 64 digits, so that a change to *any* byte, even to a
zip header field or the README that no other check covers, is detected. The seal is a damage
check, not a signature: the signature over the tree head is what an adversary cannot forge.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from uncounted.errors import InputError
from uncounted.ledger._checkpoint import SignedCheckpoint, TlogProof
from uncounted.ledger._commitment import Commitment
from uncounted.ledger._heads import LogPublicKey
from uncounted.ledger._note import b64encode
from uncounted.messages import N_

PACKAGE_FORMAT = "uncounted-evidence-package-v2"
LEGACY_FORMAT = "uncounted-evidence-package-v1"
COMMITMENT_MEMBER = "commitment.json"
TLOG_PROOF_MEMBER = "item.tlog-proof"
CUSTODY_MEMBER = "custody.json"
KEY_MEMBER = "log_public_key.txt"
README_MEMBER = "README.txt"
WITNESSED_MEMBER = re.compile(r"witnessed-(0|[1-9][0-9]{0,18})\.(checkpoint|consistency)")
MAX_WITNESSED = 16
LEGACY_PROOF_MEMBER = "inclusion_proof.json"
LEGACY_HEAD_MEMBER = "signed_head.json"
EVIDENCE_PREFIX = "evidence/"
MANIFEST_MEMBER = "manifest.json"
#: The media type of an evidence item that is a manifest of several files (see above).
MANIFEST_MEDIA_TYPE = "application/vnd.uncounted.manifest+json"
#: A file a manifest lists: a plain name, or one folder and a plain name (no "..", no "/" first).
LISTED_MEMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?")
DOCUMENT_MEMBERS = (COMMITMENT_MEMBER, TLOG_PROOF_MEMBER, CUSTODY_MEMBER, KEY_MEMBER)
LEGACY_MEMBERS = (COMMITMENT_MEMBER, LEGACY_PROOF_MEMBER, CUSTODY_MEMBER, LEGACY_HEAD_MEMBER)
NO_PREVIOUS = "none"
"""The "previous" of an item's first custody event."""
SEAL_PREFIX = b"uncounted-package-seal sha256:"
SEAL_DIGITS = 64

ORIGINAL_KIND = "evidence.original"
WORKING_COPY_KIND = "evidence.working-copy"
CUSTODY_KIND = "evidence.custody"

_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{0,63}")
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


class MalformedPackageError(InputError):
    """Raised when package contents handed to the writer are not of the documented form."""


@dataclass(frozen=True)
class ProvenEntry:
    """A ledger entry opened (its commitment) together with its inclusion proof."""

    commitment: Commitment
    leaf_index: int
    inclusion_path: tuple[bytes, ...]


@dataclass(frozen=True)
class CustodyRecord:
    """One custody action: the exact JSON text that was committed, and its proof."""

    event_json: str
    proven: ProvenEntry


@dataclass(frozen=True)
class WitnessedCheckpoint:
    """An earlier checkpoint cosigned by witnesses, and the proof the package's one extends it."""

    checkpoint: SignedCheckpoint
    consistency: tuple[bytes, ...]


@dataclass(frozen=True)
class PackageContents:
    """Everything the writer puts in a package besides the file bytes themselves."""

    item_id: str
    extension: str
    media_type: str
    size: int
    item: ProvenEntry
    custody: tuple[CustodyRecord, ...]
    checkpoint: SignedCheckpoint
    public_key: LogPublicKey
    witnessed: tuple[WitnessedCheckpoint, ...] = ()
    #: The committed file is a manifest (``manifest.json``) listing the package's other files.
    manifest: bool = False

    def __post_init__(self) -> None:
        if not _ITEM_ID.fullmatch(self.item_id) or not _EXTENSION.fullmatch(self.extension):
            raise MalformedPackageError(
                N_("an evidence id or file extension has unsafe characters")
            )

    @property
    def evidence_member(self) -> str:
        """Name of the evidence file inside the archive (no original file name: it may
        identify someone)."""
        if self.manifest:
            return MANIFEST_MEMBER
        return f"{EVIDENCE_PREFIX}item-{self.item_id}.{self.extension}"


def listed_files(manifest: bytes) -> dict[str, tuple[str, int]] | None:
    """The files a manifest lists, each with its SHA-256 (hex) and size; None when the bytes
    are not a manifest of that form or name a file that may not be a package member."""
    try:
        document = json.loads(manifest.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        return None
    listed: dict[str, tuple[str, int]] = {}
    reserved = {*DOCUMENT_MEMBERS, README_MEMBER, MANIFEST_MEMBER}
    for name, entry in files.items():
        if not isinstance(entry, dict) or not LISTED_MEMBER.fullmatch(name):
            return None
        digest, size = entry.get("sha256"), entry.get("size")
        if name in reserved or name.startswith(EVIDENCE_PREFIX) or WITNESSED_MEMBER.fullmatch(name):
            return None
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            return None
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size < 2**63:
            return None
        listed[name] = (digest, size)
    return listed


def custody_event_json(fields: dict[str, str]) -> str:
    """The canonical JSON text of a custody event: sorted keys, no spaces, UTF-8."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def commitment_document(contents: PackageContents) -> dict[str, Any]:
    """The content of ``commitment.json``."""
    item = contents.item.commitment
    return {
        "format": PACKAGE_FORMAT,
        "item_id": contents.item_id,
        "file": contents.evidence_member,
        "media_type": contents.media_type,
        "size": contents.size,
        "kind": item.kind,
        "sha256": item.content_hash.hex(),
        "salt": item.salt.hex(),
        "commitment": item.value.hex(),
        "leaf_index": contents.item.leaf_index,
    }


def tlog_proof(contents: PackageContents) -> str:
    """The content of ``item.tlog-proof``."""
    item = contents.item
    return TlogProof(item.leaf_index, item.inclusion_path, contents.checkpoint).encode()


def proof_document(entry: ProvenEntry, tree_size: int) -> dict[str, Any]:
    """The proof part of a custody event in ``custody.json``."""
    return {
        "leaf_index": entry.leaf_index,
        "tree_size": tree_size,
        "path": [node.hex() for node in entry.inclusion_path],
    }


def custody_document(contents: PackageContents) -> dict[str, Any]:
    """The content of ``custody.json``."""
    events = []
    for record in contents.custody:
        entry = record.proven.commitment
        events.append(
            {
                "event": record.event_json,
                "kind": entry.kind,
                "salt": entry.salt.hex(),
                "commitment": entry.value.hex(),
                **proof_document(record.proven, contents.checkpoint.checkpoint.tree_size),
            }
        )
    return {"events": events}


def key_document(key: LogPublicKey) -> str:
    """``log_public_key.txt``: the key on line 1, its fingerprint on line 2, its vkey on 3."""
    return f"{key.hex}\nfingerprint: {key.fingerprint}\nvkey: {key.vkey}\n"


def witnessed_members(witnessed: WitnessedCheckpoint) -> tuple[str, str]:
    """The two member names of a witnessed checkpoint and its consistency proof."""
    size = witnessed.checkpoint.checkpoint.tree_size
    return f"witnessed-{size}.checkpoint", f"witnessed-{size}.consistency"


def consistency_document(proof: tuple[bytes, ...]) -> str:
    """``witnessed-<size>.consistency``: one base64 hash per line."""
    return "".join(f"{b64encode(node)}\n" for node in proof)
