"""Evidence items: the unchanging original, its stripped working copy, and its custody.

Following the Berkeley Protocol's idea of preservation: the original is hashed (SHA-256) in
the same single pass that first reads it, stored encrypted and never modified; a separate
working copy, with identifying metadata removed, is what may be shared; and every hand the
item passes through (added, viewed, working copy made, exported, handed over) is a custody
event committed to the ledger.

Keys: each item has its own random key, wrapped (XChaCha20-Poly1305, bound to the item id).
An item attached to a record is under the same grants as the record's identity: its key is
wrapped under the record's case key (bound to the case key's version, re-wrapped when the
case key is replaced), so only users granted the case can open its original, working copy,
metadata or package; roles decide what one may do with evidence, grants which items. An item
attached to no record, and an item of an earlier vault until it is sealed to its case (see
:func:`seal_to_cases`), is wrapped under a subkey of the vault key. The original and the
working copy are secretstream blobs under that key in ``<vault>/evidence/``; the metadata
extracted from the original (its file name, EXIF with GPS, PDF information) is sealed with the
vault's field sealing under the same key. Custody events name users by role and number only.
"""

from __future__ import annotations

import io
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from uncounted.errors import InputError, NotFound
from uncounted.ledger import (
    CUSTODY_KIND,
    MANIFEST_MEDIA_TYPE,
    NO_PREVIOUS,
    ORIGINAL_KIND,
    WORKING_COPY_KIND,
    Commitment,
    CustodyRecord,
    PackageContents,
    ProvenEntry,
    custody_event_json,
)
from uncounted.messages import N_
from uncounted.vault import audit, keys, ledger_store, sealing
from uncounted.vault.case_keys import NotGranted, held_key, held_keys
from uncounted.vault.clock import now
from uncounted.vault.database import transaction
from uncounted.vault.evidence_blob import CHUNK, read_blob, write_blob
from uncounted.vault.files import overwrite_and_remove
from uncounted.vault.session import CaseKey, VaultSession

if TYPE_CHECKING:  # imported in the functions that use it: it loads Pillow and pypdf, which
    # the command line would otherwise load at every start, whatever the command
    from uncounted.vault.evidence_metadata import MediaType


Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) while a large file streams."""

_KEY_PURPOSE = b"evidence-items"
_MAX_WORKING_SOURCE = 512 << 20
_RECIPIENT = re.compile(r"[^\x00-\x1f\x7f]{1,200}")
_ITEM_ID = re.compile(r"ev-[0-9a-f]{12}")


class EvidenceNotFound(NotFound):
    """Raised when an evidence id names no item of this vault."""


class UnreadableEvidenceFile(InputError):
    """Raised when the file given to ``evidence add`` cannot be read as a regular file."""


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence item as stored (no plaintext metadata: that is sealed)."""

    id: str
    record_id: str | None
    media_type: str
    extension: str
    size: int
    sha256: bytes
    original_seq: int
    working_size: int | None
    working_sha256: bytes | None
    working_seq: int | None
    created_at: str
    #: The file's kind, a code of the ``evidence_kinds`` vocabulary (None: added without one).
    kind: str | None = None
    #: Bytes of the item's sealed thumbnail (None: it has none).
    thumbnail_size: int | None = None
    #: Sentences for the person who just added the item (what was skipped, and why); not stored.
    notes: tuple[str, ...] = ()


def evidence_dir(session: VaultSession) -> Path:
    """Where this vault keeps its encrypted evidence blobs."""
    return session.layout.root / "evidence"


def _blob(session: VaultSession, item_id: str, part: str) -> Path:
    return evidence_dir(session) / f"{item_id}.{part}"


def _label(item_id: str, part: str) -> bytes:
    return f"uncounted/evidence/{item_id}/{part}".encode()


def _wrapping_key(session: VaultSession) -> bytes:
    return keys.subkey(session.vault_key, _KEY_PURPOSE)


@dataclass(frozen=True)
class Description:
    """What the person adding a file says of it: its kind (a vocabulary code) and free text.

    The text is sealed under the item's key (it may name or describe someone); the kind is a
    category and stored plain.
    """

    kind: str | None = None
    text: str = ""


def add_file(
    session: VaultSession,
    source: Path,
    record_id: str | None,
    progress: Progress | None = None,
    description: Description | None = None,
) -> EvidenceItem:
    """Hash, encrypt, describe and commit the file at *source*; the original is only read."""
    from uncounted.vault.evidence_metadata import extract_metadata, media_type

    if not source.is_file():
        raise UnreadableEvidenceFile(N_("{file} is not a readable file"), file=source)
    incoming = _Incoming(session, record_id)

    def chunks() -> Iterator[bytes]:
        try:
            with source.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
        except OSError:
            raise UnreadableEvidenceFile(
                N_("{file} could not be read to the end"), file=source
            ) from None

    with incoming.removed_on_failure():
        incoming.write(chunks(), progress, source.stat().st_size)
        kind = media_type(bytes(incoming.head))
        metadata = {"original_name": source.name, **extract_metadata(source, kind)}
        thumbnail = _write_thumbnail(
            session, incoming.item_id, incoming.item_key, source, kind, incoming.size
        )
        return incoming.store(kind, metadata, description, thumbnail)


class _Incoming:
    """A file on its way into the store (:func:`add_file`, :func:`add_chunks`), read once.

    Its new id and key, where its encrypted blob goes, and what the one pass that encrypts it
    learns: the SHA-256, the first bytes (for the media type) and the size. The record's grant
    is checked before anything is written.
    """

    def __init__(self, session: VaultSession, record_id: str | None) -> None:
        _case_of_record(session, record_id)
        self.session, self.record_id = session, record_id
        self.item_id = f"ev-{secrets.token_hex(6)}"
        self.item_key = keys.random_key()
        evidence_dir(session).mkdir(mode=0o700, exist_ok=True)
        self.blob = _blob(session, self.item_id, "original")
        self.digest, self.head, self.size = sha256(), bytearray(), 0

    def write(
        self, chunks: Iterable[bytes], progress: Progress | None = None, total: int = 0
    ) -> None:
        """Encrypt *chunks* into the blob; the hash is taken in the very pass that reads them."""
        label = _label(self.item_id, "original")
        write_blob(self.blob, self.item_key, label, self._counted(chunks, progress, total))

    def _counted(
        self, chunks: Iterable[bytes], progress: Progress | None, total: int
    ) -> Iterator[bytes]:
        for chunk in chunks:
            self.digest.update(chunk)
            if len(self.head) < 8192:
                self.head.extend(chunk[: 8192 - len(self.head)])
            self.size += len(chunk)
            if progress is not None:
                progress(self.size, total)
            yield chunk

    @contextmanager
    def removed_on_failure(self) -> Iterator[None]:
        """On any failure in the block (an interrupt too), the blob and thumbnail are removed."""
        try:
            yield
        except BaseException:
            self.blob.unlink(missing_ok=True)
            _blob(self.session, self.item_id, "thumbnail").unlink(missing_ok=True)
            raise

    def store(
        self,
        kind: MediaType,
        metadata: dict[str, str],
        description: Description | None,
        thumbnail: int | None,
    ) -> EvidenceItem:
        """Commit the item (row, custody, ledger); its notes say what metadata was skipped."""
        from uncounted.vault.evidence_metadata import SKIPPED

        new = _NewItem(
            self.item_id, self.item_key, self.record_id, kind, self.size, self.digest.digest()
        )
        item = _store_item(self.session, new, metadata, description or Description(), thumbnail)
        return replace(item, notes=tuple(v for k, v in metadata.items() if k == SKIPPED))


def _case_of_record(session: VaultSession, record_id: str | None) -> CaseKey | None:
    """The key of *record_id*'s case (None for no record); refused without a grant of it."""
    if record_id is None:
        return None
    row = session.conn.execute("SELECT case_id FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise NotFound(N_("there is no record {record} in this vault"), record=record_id)
    held = held_key(session, int(row[0]))
    if held is None:
        raise NotGranted(
            N_("evidence of record {record} is sealed to a case you are not granted"),
            record=record_id,
        )
    return held


def _key_label(item_id: str, case: CaseKey | None) -> bytes:
    """What a wrapped item key is bound to: the item, and the case key version it is under."""
    if case is None:
        return _label(item_id, "key")
    return _label(item_id, f"key/case-{case.case_id}/v{case.version}")


def _wrap_item_key(
    session: VaultSession, item_id: str, item_key: bytes, case: CaseKey | None
) -> bytes:
    wrapping = _wrapping_key(session) if case is None else case.key
    return keys.secret_wrap(wrapping, item_key, _key_label(item_id, case))


def _unwrap_item_key(wrapping: bytes, wrapped: bytes, label: bytes, item_id: str) -> bytes:
    try:
        return keys.secret_unwrap(wrapping, wrapped, label)
    except keys.UnwrapFailed:
        raise sealing.SealBroken(
            N_("the key of evidence item {item} does not open"), item=item_id
        ) from None


def _write_thumbnail(
    session: VaultSession,
    item_id: str,
    item_key: bytes,
    source: Path | io.BytesIO,
    kind: MediaType,
    size: int,
) -> int | None:
    """Make the item's thumbnail and write it sealed beside the original; its size, or None.

    Only images the working-copy limit allows are read (their pixels are bounded again by the
    decompression-bomb limit inside :func:`make_thumbnail`).
    """
    from uncounted.vault.evidence_metadata import make_thumbnail

    if size > _MAX_WORKING_SOURCE or not kind.mime.startswith("image/"):
        return None
    thumbnail = make_thumbnail(source, kind)
    if thumbnail is None:
        return None
    label = _label(item_id, "thumbnail")
    write_blob(_blob(session, item_id, "thumbnail"), item_key, label, [thumbnail])
    return len(thumbnail)


def _description_label(item_id: str) -> str:
    return f"evidence-description:{item_id}"


@dataclass(frozen=True)
class _NewItem:
    item_id: str
    item_key: bytes
    record_id: str | None
    media: MediaType
    size: int
    file_hash: bytes


def _store_item(
    session: VaultSession,
    new: _NewItem,
    metadata: dict[str, str],
    description: Description,
    thumbnail_size: int | None,
) -> EvidenceItem:
    conn = session.conn
    item_id, item_key, record_id = new.item_id, new.item_key, new.record_id
    kind, size, file_hash = new.media, new.size, new.file_hash
    sealed = sealing.seal_fields(item_key, f"evidence:{item_id}", metadata)
    described = sealing.seal_fields(
        item_key, _description_label(item_id), {"description": description.text}
    )
    with transaction(conn):
        case = _case_of_record(session, record_id)  # afresh, inside the writing transaction
        wrapped = _wrap_item_key(session, item_id, item_key, case)
        seq = ledger_store.append_commitment(
            conn, Commitment.create(ORIGINAL_KIND, file_hash), None
        )
        conn.execute(
            "INSERT INTO evidence_items (id, record_id, media_type, extension, size, sha256,"
            " wrapped_key, sealed_metadata, original_seq, created_at, created_by, key_version,"
            " kind, sealed_description, thumbnail_size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                record_id,
                kind.mime,
                kind.extension,
                size,
                file_hash,
                wrapped,
                sealed,
                seq,
                now(),
                session.user.id,
                None if case is None else case.version,
                description.kind,
                described,
                thumbnail_size,
            ),
        )
        record_custody(session, item_id, "added", {"sha256": file_hash.hex()})
        detail = {"media_type": kind.mime, "size": str(size), "record": record_id or ""}
        audit.record(conn, audit.AuditEntry(session.user.name, "evidence.add", item_id, detail))
    return get_item(session, item_id)


def record_custody(
    session: VaultSession, item_id: str, action: str, extra: dict[str, str] | None = None
) -> int:
    """Commit one custody action on *item_id* to the ledger; return its leaf index.

    Each event names the commitment of the item's event before it ("previous", ``none`` for
    the first), so a package that leaves one out no longer verifies.
    """
    with transaction(session.conn):
        event = {
            "item": item_id,
            "action": action,
            "at": now(),
            "by": f"{session.user.role.value} #{session.user.id}",
            **(extra or {}),
            "previous": _last_custody(session, item_id),
        }
        text = custody_event_json(event).encode("utf-8")
        seq = ledger_store.append_commitment(
            session.conn, Commitment.of_bytes(CUSTODY_KIND, text), text
        )
        session.conn.execute(
            "INSERT INTO evidence_custody (item_id, seq) VALUES (?, ?)", (item_id, seq)
        )
    return seq


def _last_custody(session: VaultSession, item_id: str) -> str:
    row = session.conn.execute(
        "SELECT e.commitment FROM evidence_custody c JOIN ledger_entries e ON e.seq = c.seq"
        " WHERE c.item_id = ? ORDER BY c.seq DESC LIMIT 1",
        (item_id,),
    ).fetchone()
    return NO_PREVIOUS if row is None else bytes(row[0]).hex()


_SELECT_ITEMS = (
    "SELECT id, record_id, media_type, extension, size, sha256, original_seq, working_size,"
    " working_sha256, working_seq, created_at, kind, thumbnail_size FROM evidence_items"
)


def _item(row: tuple[object, ...]) -> EvidenceItem:
    (item_id, record, mime, ext, size, digest, seq, w_size, w_digest, w_seq, at, kind, thumb) = row
    return EvidenceItem(
        str(item_id),
        None if record is None else str(record),
        str(mime),
        str(ext),
        int(size),  # type: ignore[call-overload]  # INTEGER column
        bytes(digest),  # type: ignore[call-overload]  # BLOB column
        int(seq),  # type: ignore[call-overload]
        None if w_size is None else int(w_size),  # type: ignore[call-overload]
        None if w_digest is None else bytes(w_digest),  # type: ignore[call-overload]
        None if w_seq is None else int(w_seq),  # type: ignore[call-overload]
        str(at),
        None if kind is None else str(kind),
        None if thumb is None else int(thumb),  # type: ignore[call-overload]
    )


def get_item(session: VaultSession, item_id: str) -> EvidenceItem:
    """The item *item_id*; :class:`EvidenceNotFound` if there is none."""
    row = session.conn.execute(_SELECT_ITEMS + " WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        shown = item_id if _ITEM_ID.fullmatch(item_id) else "with that id"
        raise EvidenceNotFound(N_("there is no evidence item {item} in this vault"), item=shown)
    return _item(row)


def list_items(session: VaultSession) -> list[EvidenceItem]:
    """Every evidence item, oldest first."""
    rows = session.conn.execute(_SELECT_ITEMS + " ORDER BY created_at, id")
    return [_item(row) for row in rows]


def _item_key(session: VaultSession, item_id: str) -> bytes:
    """The key of item *item_id*; :class:`NotGranted` when it is sealed to a case not held.

    An item attached to a record but still under the vault-wide wrapping (an earlier vault) is
    checked against the grant all the same, then sealed to its case on the way.
    """
    row = session.conn.execute(
        "SELECT e.wrapped_key, e.key_version, r.case_id FROM evidence_items e"
        " LEFT JOIN records r ON r.id = e.record_id WHERE e.id = ?",
        (item_id,),
    ).fetchone()
    if row is None:
        get_item(session, item_id)  # raises EvidenceNotFound
    wrapped, version, case_id = bytes(row[0]), row[1], row[2]
    if case_id is None:
        return _unwrap_item_key(_wrapping_key(session), wrapped, _label(item_id, "key"), item_id)
    case = held_key(session, int(case_id))
    if case is None:
        raise NotGranted(
            N_("evidence {item} is sealed to a case you are not granted; ask an admin"),
            item=item_id,
        )
    if version is None:
        item_key = _unwrap_item_key(
            _wrapping_key(session), wrapped, _label(item_id, "key"), item_id
        )
        _seal_to_case(session, item_id, item_key, case)
        return item_key
    return _unwrap_item_key(case.key, wrapped, _key_label(item_id, case), item_id)


def require_grant(session: VaultSession, item_id: str) -> None:
    """Raise :class:`NotGranted` unless this user may open item *item_id* (see :func:`_item_key`).

    For callers that record something (an export's custody event) before they read.
    """
    _item_key(session, item_id)


def _seal_to_case(session: VaultSession, item_id: str, item_key: bytes, case: CaseKey) -> None:
    with transaction(session.conn):
        session.conn.execute(
            "UPDATE evidence_items SET wrapped_key = ?, key_version = ? WHERE id = ?",
            (_wrap_item_key(session, item_id, item_key, case), case.version, item_id),
        )


def seal_to_cases(session: VaultSession) -> int:
    """Seal to their cases the items of cases this user holds that an earlier vault left under
    the vault-wide wrapping (run at unlock; one query when there are none). Returns how many."""
    rows = session.conn.execute(
        "SELECT e.id, r.case_id FROM evidence_items e JOIN records r ON r.id = e.record_id"
        " WHERE e.key_version IS NULL"
    ).fetchall()
    sealed = 0
    for item_id, _case_id in rows:
        try:
            _item_key(session, str(item_id))
        except NotGranted:
            continue
        sealed += 1
    return sealed


def rewrap_for_case(session: VaultSession, old: CaseKey, new: CaseKey) -> int:
    """Wrap the keys of case *old*'s items under its replacement *new* (revoke); how many.

    The item keys and blobs stay: a revoked user who kept an item key in memory still opens
    that item's blobs (as they could have kept its plaintext); every item added afterwards,
    and every wrapping, is out of their reach.
    """
    rows = session.conn.execute(
        "SELECT e.id, e.wrapped_key, e.key_version FROM evidence_items e"
        " JOIN records r ON r.id = e.record_id WHERE r.case_id = ?",
        (old.case_id,),
    ).fetchall()
    updates = []
    for item_id, wrapped, version in rows:
        item_id = str(item_id)
        if version is None:
            wrapping, label = _wrapping_key(session), _label(item_id, "key")
        elif int(version) == old.version:
            wrapping, label = old.key, _key_label(item_id, old)
        else:
            continue  # under no key anyone holds (cannot happen since hold_keys_0001)
        item_key = _unwrap_item_key(wrapping, bytes(wrapped), label, item_id)
        updates.append((_wrap_item_key(session, item_id, item_key, new), new.version, item_id))
    session.conn.executemany(
        "UPDATE evidence_items SET wrapped_key = ?, key_version = ? WHERE id = ?", updates
    )
    return len(updates)


def read_content(session: VaultSession, item: EvidenceItem, working: bool) -> Iterator[bytes]:
    """Decrypted chunks of the original (or the working copy), without recording a view."""
    part = "working" if working else "original"
    return read_blob(
        _blob(session, item.id, part), _item_key(session, item.id), _label(item.id, part)
    )


def view(session: VaultSession, item_id: str, working: bool = False) -> Iterator[bytes]:
    """Open an item for a person to look at: a custody event, then its decrypted chunks."""
    item = get_item(session, item_id)
    _item_key(session, item.id)  # refused before anything is recorded without the grant
    record_custody(session, item.id, "viewed", {"copy": "working" if working else "original"})
    return read_content(session, item, working)


def read_metadata(
    session: VaultSession, item_id: str, recorded_as: audit.AuditEntry | None = None
) -> dict[str, str]:
    """The sealed metadata of an item (original name, EXIF, GPS, PDF info); an audited read,
    recorded as *recorded_as* when the read is one step of something the reader does (a
    draft report reads the last report's sealed figures: "made a draft report"), else as
    "looked at an evidence file's metadata"."""
    fields = read_metadata_recorded_by_caller(session, item_id)
    entry = recorded_as or audit.AuditEntry(session.user.name, "evidence.metadata.read", item_id)
    with transaction(session.conn):
        audit.record(session.conn, entry)
    return fields


def read_metadata_recorded_by_caller(session: VaultSession, item_id: str) -> dict[str, str]:
    """The sealed metadata of an item, for a caller that records the read as what it does,
    committed before it uses what it read (a report's draft or publication reads the last
    report's sealed figures: "made a draft report", "began publishing a report";
    ``services.reports``). Walking the Audit page (reportux4), every draft and publication
    read as "looked at an evidence file's metadata"."""
    get_item(session, item_id)
    item_key = _item_key(session, item_id)
    row = session.conn.execute(
        "SELECT sealed_metadata FROM evidence_items WHERE id = ?", (item_id,)
    ).fetchone()
    return sealing.open_fields(item_key, f"evidence:{item_id}", bytes(row[0]))


def ensure_working_copy(session: VaultSession, item: EvidenceItem) -> EvidenceItem:
    """The item with a stripped working copy, made (and committed) now if it has none."""
    from uncounted.vault.evidence_metadata import MediaType, make_working_copy

    _item_key(session, item.id)  # the grant, even when the copy exists
    if item.working_seq is not None:
        return item
    if item.size > _MAX_WORKING_SOURCE:
        raise InputError(
            N_(
                "evidence {item} is larger than {mib} MiB; uncounted makes"
                " working copies only of smaller images and PDFs"
            ),
            item=item.id,
            mib=_MAX_WORKING_SOURCE >> 20,
        )
    original = io.BytesIO(b"".join(read_content(session, item, working=False)))
    copy = make_working_copy(original, MediaType(item.media_type, item.extension))
    return _keep_working_copy(session, item, copy)


def _keep_working_copy(session: VaultSession, item: EvidenceItem, copy: bytes) -> EvidenceItem:
    """Keep *copy* as *item*'s working copy: encrypted under the item's key, committed to the
    ledger and recorded in its custody chain ('working-copy-made' with the copy's SHA-256)."""
    key = _item_key(session, item.id)
    digest = sha256(copy).digest()
    write_blob(_blob(session, item.id, "working"), key, _label(item.id, "working"), [copy])
    conn = session.conn
    with transaction(conn):
        seq = ledger_store.append_commitment(
            conn, Commitment.create(WORKING_COPY_KIND, digest), None
        )
        conn.execute(
            "UPDATE evidence_items SET working_size = ?, working_sha256 = ?, working_seq = ?"
            " WHERE id = ?",
            (len(copy), digest, seq, item.id),
        )
        record_custody(session, item.id, "working-copy-made", {"sha256": digest.hex()})
    return get_item(session, item.id)


def checked_recipient(recipient: str) -> str:
    """*recipient* stripped; :class:`InputError` unless 1 to 200 printable characters."""
    if not _RECIPIENT.fullmatch(recipient.strip()):
        raise InputError(N_("--to must name the recipient in 1 to 200 printable characters"))
    return recipient.strip()


def hand_over(session: VaultSession, item_id: str, recipient: str) -> int:
    """Record that the item was handed to *recipient* (a court, a lawyer, a journalist)."""
    to = checked_recipient(recipient)
    item = get_item(session, item_id)
    _item_key(session, item.id)  # one hands over only what one may open
    return record_custody(session, item.id, "handed-over", {"to": to})


def package_contents(session: VaultSession, item: EvidenceItem, working: bool) -> PackageContents:
    """Everything an evidence package needs, proven against a freshly signed checkpoint."""
    _item_key(session, item.id)
    conn = session.conn
    head = ledger_store.sign_head(session)
    public_key = ledger_store.log_public_key(conn)
    tree = ledger_store.tree(conn)
    size = head.checkpoint.tree_size
    if public_key is None or tree.size < size or tree.root(size) != head.checkpoint.root_hash:
        raise ledger_store.LogKeyUnavailable(
            N_("the ledger does not match its signed head; run `uncounted ledger check`")
        )

    def proven(seq: int) -> tuple[ProvenEntry, bytes | None]:
        stored = ledger_store.entry(conn, seq)
        opened = Commitment(stored.kind, stored.salt, stored.content_hash, stored.commitment)
        return ProvenEntry(opened, seq, tuple(tree.inclusion_proof(seq, size))), stored.payload

    item_seq = item.working_seq if working else item.original_seq
    if item_seq is None:
        raise InputError(N_("evidence {item} has no working copy yet"), item=item.id)
    custody = []
    for (seq,) in conn.execute(
        "SELECT seq FROM evidence_custody WHERE item_id = ? ORDER BY seq", (item.id,)
    ).fetchall():
        entry, payload = proven(seq)
        custody.append(CustodyRecord((payload or b"").decode("utf-8"), entry))
    return PackageContents(
        item_id=item.id,
        extension=item.extension,
        media_type=item.media_type,
        size=(item.working_size or 0) if working else item.size,
        item=proven(item_seq)[0],
        custody=tuple(custody),
        checkpoint=head,
        public_key=public_key,
        witnessed=ledger_store.witnessed_before(conn, tree, size, item_seq),
        manifest=item.media_type == MANIFEST_MEDIA_TYPE and not working,
    )


# --- Added for the web app's evidence page (uploads held in memory, custody chain shown) ---


class EmptyEvidence(InputError):
    """Raised when an uploaded evidence file has no content."""


def keep_listed_files(session: VaultSession, item: EvidenceItem, bundle: bytes) -> EvidenceItem:
    """Keep the files a manifest item lists (a published report's PDFs, HTML and tables, as
    one zip *bundle*) as the item's working copy: encrypted under the item's key, backed up
    with it and committed to the ledger, so that the same package can be handed out again."""
    if item.media_type != MANIFEST_MEDIA_TYPE or item.working_seq is not None:
        raise InputError(N_("evidence {item} already has its copy"), item=item.id)
    return _keep_working_copy(session, item, bundle)


def added_by(session: VaultSession, item_id: str) -> str:
    """The name of the user who added an item (who published it, for a report)."""
    row = session.conn.execute(
        "SELECT u.name FROM evidence_items e JOIN users u ON u.id = e.created_by WHERE e.id = ?",
        (item_id,),
    ).fetchone()
    return "" if row is None else str(row[0])


def add_chunks(
    session: VaultSession,
    chunks: Iterable[bytes],
    original_name: str,
    record_id: str | None,
    sealed: Mapping[str, str] | None = None,
    manifest: bool = False,
    description: Description | None = None,
) -> EvidenceItem:
    """Like :func:`add_file`, for bytes that never were a file on disk (a web upload).

    *sealed* adds fields to the item's sealed metadata (a published report keeps there the
    secret its records' salted commitments are made with). *manifest* marks the bytes as a
    manifest of several files (a published report's), packaged with the files it lists.

    The hash is taken in the pass that encrypts; the metadata is read back from the
    encrypted blob into memory (images and PDFs up to the working-copy limit).
    """
    from uncounted.vault.evidence_metadata import MediaType, extract_metadata, media_type

    incoming = _Incoming(session, record_id)
    with incoming.removed_on_failure():
        incoming.write(chunks)
        if incoming.size == 0:
            raise EmptyEvidence(N_("the evidence file is empty; choose the file again"))
        kind = (
            MediaType(MANIFEST_MEDIA_TYPE, "json") if manifest else media_type(bytes(incoming.head))
        )
        metadata = {"original_name": original_name, **(sealed or {})}
        thumbnail = None
        if incoming.size <= _MAX_WORKING_SOURCE and (
            kind.mime.startswith("image/") or kind.mime == "application/pdf"
        ):
            label = _label(incoming.item_id, "original")
            plain = b"".join(read_blob(incoming.blob, incoming.item_key, label))
            metadata.update(extract_metadata(io.BytesIO(plain), kind))
            thumbnail = _write_thumbnail(
                session, incoming.item_id, incoming.item_key, io.BytesIO(plain), kind, incoming.size
            )
        return incoming.store(kind, metadata, description, thumbnail)


@dataclass(frozen=True)
class CustodyEvent:
    """One custody event of an item as committed to the ledger (users by role and number)."""

    seq: int
    action: str
    at: str
    by: str
    detail: dict[str, str]


def custody_chain(session: VaultSession, item_id: str) -> list[CustodyEvent]:
    """Every custody event of *item_id*, oldest first, read back from the ledger."""
    get_item(session, item_id)
    events = []
    for (seq,) in session.conn.execute(
        "SELECT seq FROM evidence_custody WHERE item_id = ? ORDER BY seq", (item_id,)
    ).fetchall():
        stored = ledger_store.entry(session.conn, int(seq))
        fields = json.loads((stored.payload or b"{}").decode("utf-8"))
        action, at, by = (str(fields.pop(key, "")) for key in ("action", "at", "by"))
        fields.pop("item", None)
        fields.pop("previous", None)  # the chain link, a hash: for verifiers, not for people
        events.append(
            CustodyEvent(int(seq), action, at, by, {k: str(v) for k, v in fields.items()})
        )
    return events


# --- Evidence where the work is: listed on the pages of its record, person, event and case ---


@dataclass(frozen=True)
class DescribedItem:
    """An item as a page that shows its record lists it: with its opened description."""

    item: EvidenceItem
    description: str
    added_by: str


def blob_parts(has_working: bool, has_thumbnail: bool) -> tuple[str, ...]:
    """The blobs an item has on disk (``original`` always), for backups and their restore."""
    return (
        "original",
        *(("working",) if has_working else ()),
        *(("thumbnail",) if has_thumbnail else ()),
    )


def described_items(
    session: VaultSession,
    *,
    records: Iterable[str] = (),
    case: str | None = None,
    event: str | None = None,
) -> list[DescribedItem]:
    """The items of *records*, of every record of *case* and of every record of *event*,
    oldest first, each with its description: only those of cases this user holds; items of
    any other case are left out altogether (not even counted).
    """
    clauses, params = [], []
    wanted = sorted(set(records))
    if wanted:
        clauses.append(f"e.record_id IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    if case is not None:
        clauses.append("c.name = ?")
        params.append(case)
    if event is not None:
        clauses.append("json_extract(r.analytic, '$.event_id') = ?")
        params.append(event)
    if not clauses:
        return []
    where = " OR ".join(clauses)  # fixed clauses; every value is bound
    query = (
        "SELECT e.id, e.sealed_description, u.name, r.case_id FROM evidence_items e"  # noqa: S608
        " JOIN records r ON r.id = e.record_id JOIN cases c ON c.id = r.case_id"
        " JOIN users u ON u.id = e.created_by WHERE " + where + " ORDER BY e.original_seq"
    )
    rows = session.conn.execute(query, params).fetchall()
    keys_held = held_keys(session, {int(row[3]) for row in rows})
    held = {case_id for case_id, key in keys_held.items() if key is not None}
    shown = []
    for item_id, sealed, added_by, case_id in rows:
        if int(case_id) not in held:
            continue
        item_key = _item_key(session, str(item_id))
        text = ""
        if sealed is not None:
            label = _description_label(str(item_id))
            text = sealing.open_fields(item_key, label, bytes(sealed)).get("description", "")
        shown.append(DescribedItem(get_item(session, str(item_id)), text, str(added_by)))
    return shown


def read_thumbnail(session: VaultSession, item_id: str) -> bytes | None:
    """The item's decrypted thumbnail (None: it has none); :class:`NotGranted` without the case.

    Not a custody event: a thumbnail is made by uncounted from the original's pixels, is not
    evidence itself, and is shown on every page that lists the item.
    """
    item = get_item(session, item_id)
    key = _item_key(session, item.id)
    if item.thumbnail_size is None:
        return None
    blob = _blob(session, item.id, "thumbnail")
    return b"".join(read_blob(blob, key, _label(item.id, "thumbnail")))


def items_of_record(session: VaultSession, record_id: str) -> list[str]:
    """The ids of the evidence items attached to *record_id*, oldest first."""
    rows = session.conn.execute(
        "SELECT id FROM evidence_items WHERE record_id = ? ORDER BY created_at, id", (record_id,)
    ).fetchall()
    return [str(row[0]) for row in rows]


def destroy_items(session: VaultSession, item_ids: list[str]) -> None:
    """Destroy the items *item_ids*: their rows (wrapped key, sealed metadata, custody) in the
    caller's transaction, then (:func:`remove_blobs`, after it commits) their blobs.

    Their ledger leaves stay: the log is append-only, and a leaf holds a salted commitment to
    the file's hash, never the file. A package exported earlier still verifies offline.
    """
    for item_id in item_ids:
        session.conn.execute("DELETE FROM evidence_custody WHERE item_id = ?", (item_id,))
        session.conn.execute("DELETE FROM evidence_items WHERE id = ?", (item_id,))


def remove_blobs(session: VaultSession, item_ids: list[str]) -> None:
    """Overwrite with random bytes and unlink every blob of each item (original, working copy,
    thumbnail)."""
    for item_id in item_ids:
        for part in ("original", "working", "thumbnail"):
            overwrite_and_remove(_blob(session, item_id, part))
