"""Evidence items: the unchanging original, its stripped working copy, and its custody.

Following the Berkeley Protocol's idea of preservation: the original is hashed (SHA-256) in
the same single pass that first reads it, stored encrypted and never modified; a separate
working copy, with identifying metadata removed, is what may be shared; and every hand the
item passes through (added, viewed, working copy made, exported, handed over) is a custody
event committed to the ledger.

Keys: each item has its own random key, wrapped (XChaCha20-Poly1305, bound to the item id)
under a subkey of the vault key, as the vault wraps its record keys. The original and the
working copy are secretstream blobs under that key in ``<vault>/evidence/``; the metadata
extracted from the original (its file name, EXIF with GPS, PDF information) is sealed with the
vault's field sealing under the same key. Custody events name users by role and number only.
"""

from __future__ import annotations

import io
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from uncounted.errors import InputError, NotFound
from uncounted.ledger import (
    CUSTODY_KIND,
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
from uncounted.vault.clock import now
from uncounted.vault.database import transaction
from uncounted.vault.evidence_blob import CHUNK, read_blob, write_blob
from uncounted.vault.session import VaultSession

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


def evidence_dir(session: VaultSession) -> Path:
    """Where this vault keeps its encrypted evidence blobs."""
    return session.layout.root / "evidence"


def _blob(session: VaultSession, item_id: str, part: str) -> Path:
    return evidence_dir(session) / f"{item_id}.{part}"


def _label(item_id: str, part: str) -> bytes:
    return f"uncounted/evidence/{item_id}/{part}".encode()


def _wrapping_key(session: VaultSession) -> bytes:
    return keys.subkey(session.vault_key, _KEY_PURPOSE)


def add_file(
    session: VaultSession, source: Path, record_id: str | None, progress: Progress | None = None
) -> EvidenceItem:
    """Hash, encrypt, describe and commit the file at *source*; the original is only read."""
    from uncounted.vault.evidence_metadata import extract_metadata, media_type

    if not source.is_file():
        raise UnreadableEvidenceFile(N_("{file} is not a readable file"), file=source)
    if record_id is not None and not _record_exists(session, record_id):
        raise NotFound(N_("there is no record {record} in this vault"), record=record_id)
    item_id = f"ev-{secrets.token_hex(6)}"
    item_key = keys.random_key()
    evidence_dir(session).mkdir(mode=0o700, exist_ok=True)
    blob = _blob(session, item_id, "original")
    digest, head, total = sha256(), bytearray(), source.stat().st_size
    counted = [0]

    def first_read() -> Iterator[bytes]:
        try:
            with source.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)  # the hash is taken in the very pass that reads it
                    if len(head) < 8192:
                        head.extend(chunk[: 8192 - len(head)])
                    counted[0] += len(chunk)
                    if progress is not None:
                        progress(counted[0], total)
                    yield chunk
        except OSError:
            raise UnreadableEvidenceFile(
                N_("{file} could not be read to the end"), file=source
            ) from None

    try:
        write_blob(blob, item_key, _label(item_id, "original"), first_read())
        kind = media_type(bytes(head))
        metadata = {"original_name": source.name, **extract_metadata(source, kind)}
        item = _store_item(
            session, item_id, item_key, record_id, kind, counted[0], digest.digest(), metadata
        )
    except BaseException:
        blob.unlink(missing_ok=True)
        raise
    return item


def _record_exists(session: VaultSession, record_id: str) -> bool:
    row = session.conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone()
    return row is not None


def _store_item(
    session: VaultSession,
    item_id: str,
    item_key: bytes,
    record_id: str | None,
    kind: MediaType,
    size: int,
    file_hash: bytes,
    metadata: dict[str, str],
) -> EvidenceItem:
    conn = session.conn
    wrapped = keys.secret_wrap(_wrapping_key(session), item_key, _label(item_id, "key"))
    sealed = sealing.seal_fields(item_key, f"evidence:{item_id}", metadata)
    with transaction(conn):
        seq = ledger_store.append_commitment(
            conn, Commitment.create(ORIGINAL_KIND, file_hash), None
        )
        conn.execute(
            "INSERT INTO evidence_items (id, record_id, media_type, extension, size, sha256,"
            " wrapped_key, sealed_metadata, original_seq, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ),
        )
        record_custody(session, item_id, "added", {"sha256": file_hash.hex()})
        detail = {"media_type": kind.mime, "size": str(size), "record": record_id or ""}
        audit.record(conn, audit.AuditEntry(session.user.name, "evidence.add", item_id, detail))
    return get_item(session, item_id)


def record_custody(
    session: VaultSession, item_id: str, action: str, extra: dict[str, str] | None = None
) -> int:
    """Commit one custody action on *item_id* to the ledger; return its leaf index."""
    event = {
        "item": item_id,
        "action": action,
        "at": now(),
        "by": f"{session.user.role.value} #{session.user.id}",
        **(extra or {}),
    }
    text = custody_event_json(event).encode("utf-8")
    with transaction(session.conn):
        seq = ledger_store.append_commitment(
            session.conn, Commitment.of_bytes(CUSTODY_KIND, text), text
        )
        session.conn.execute(
            "INSERT INTO evidence_custody (item_id, seq) VALUES (?, ?)", (item_id, seq)
        )
    return seq


_SELECT_ITEMS = (
    "SELECT id, record_id, media_type, extension, size, sha256, original_seq, working_size,"
    " working_sha256, working_seq, created_at FROM evidence_items"
)


def _item(row: tuple[object, ...]) -> EvidenceItem:
    (item_id, record, mime, ext, size, digest, seq, w_size, w_digest, w_seq, at) = row
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
    row = session.conn.execute(
        "SELECT wrapped_key FROM evidence_items WHERE id = ?", (item_id,)
    ).fetchone()
    try:
        return keys.secret_unwrap(_wrapping_key(session), bytes(row[0]), _label(item_id, "key"))
    except keys.UnwrapFailed:
        raise sealing.SealBroken(
            N_("the key of evidence item {item} does not open"), item=item_id
        ) from None


def read_content(session: VaultSession, item: EvidenceItem, working: bool) -> Iterator[bytes]:
    """Decrypted chunks of the original (or the working copy), without recording a view."""
    part = "working" if working else "original"
    return read_blob(
        _blob(session, item.id, part), _item_key(session, item.id), _label(item.id, part)
    )


def view(session: VaultSession, item_id: str, working: bool = False) -> Iterator[bytes]:
    """Open an item for a person to look at: a custody event, then its decrypted chunks."""
    item = get_item(session, item_id)
    record_custody(session, item.id, "viewed", {"copy": "working" if working else "original"})
    return read_content(session, item, working)


def read_metadata(session: VaultSession, item_id: str) -> dict[str, str]:
    """The sealed metadata of an item (original name, EXIF, GPS, PDF info); an audited read."""
    get_item(session, item_id)
    row = session.conn.execute(
        "SELECT sealed_metadata FROM evidence_items WHERE id = ?", (item_id,)
    ).fetchone()
    fields = sealing.open_fields(_item_key(session, item_id), f"evidence:{item_id}", bytes(row[0]))
    with transaction(session.conn):
        audit.record(
            session.conn, audit.AuditEntry(session.user.name, "evidence.metadata.read", item_id)
        )
    return fields


def ensure_working_copy(session: VaultSession, item: EvidenceItem) -> EvidenceItem:
    """The item with a stripped working copy, made (and committed) now if it has none."""
    from uncounted.vault.evidence_metadata import MediaType, make_working_copy

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
    digest = sha256(copy).digest()
    key = _item_key(session, item.id)
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


def hand_over(session: VaultSession, item_id: str, recipient: str) -> int:
    """Record that the item was handed to *recipient* (a court, a lawyer, a journalist)."""
    if not _RECIPIENT.fullmatch(recipient.strip()):
        raise InputError(N_("--to must name the recipient in 1 to 200 printable characters"))
    item = get_item(session, item_id)
    return record_custody(session, item.id, "handed-over", {"to": recipient.strip()})


def package_contents(session: VaultSession, item: EvidenceItem, working: bool) -> PackageContents:
    """Everything an evidence package needs, proven against a freshly signed head."""
    conn = session.conn
    head = ledger_store.sign_head(session)
    public_key = ledger_store.log_public_key(conn)
    tree = ledger_store.tree(conn)
    size = head.head.tree_size
    if public_key is None or tree.size < size or tree.root(size) != head.head.root_hash:
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
        head=head,
        public_key=public_key,
    )


# --- Added for the web app's evidence page (uploads held in memory, custody chain shown) ---


class EmptyEvidence(InputError):
    """Raised when an uploaded evidence file has no content."""


def add_chunks(
    session: VaultSession, chunks: Iterable[bytes], original_name: str, record_id: str | None
) -> EvidenceItem:
    """Like :func:`add_file`, for bytes that never were a file on disk (a web upload).

    The hash is taken in the pass that encrypts; the metadata is read back from the
    encrypted blob into memory (images and PDFs up to the working-copy limit).
    """
    from uncounted.vault.evidence_metadata import extract_metadata, media_type

    if record_id is not None and not _record_exists(session, record_id):
        raise NotFound(N_("there is no record {record} in this vault"), record=record_id)
    item_id = f"ev-{secrets.token_hex(6)}"
    item_key = keys.random_key()
    evidence_dir(session).mkdir(mode=0o700, exist_ok=True)
    blob = _blob(session, item_id, "original")
    digest, head, counted = sha256(), bytearray(), [0]

    def first_read() -> Iterator[bytes]:
        for chunk in chunks:
            digest.update(chunk)
            if len(head) < 8192:
                head.extend(chunk[: 8192 - len(head)])
            counted[0] += len(chunk)
            yield chunk

    try:
        write_blob(blob, item_key, _label(item_id, "original"), first_read())
        if counted[0] == 0:
            raise EmptyEvidence(N_("the evidence file is empty; choose the file again"))
        kind = media_type(bytes(head))
        metadata = {"original_name": original_name}
        if counted[0] <= _MAX_WORKING_SOURCE and (
            kind.mime.startswith("image/") or kind.mime == "application/pdf"
        ):
            plain = b"".join(read_blob(blob, item_key, _label(item_id, "original")))
            metadata.update(extract_metadata(io.BytesIO(plain), kind))
        item = _store_item(
            session, item_id, item_key, record_id, kind, counted[0], digest.digest(), metadata
        )
    except BaseException:
        blob.unlink(missing_ok=True)
        raise
    return item


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
        events.append(
            CustodyEvent(int(seq), action, at, by, {k: str(v) for k, v in fields.items()})
        )
    return events
