"""Evidence packages made without a vault: a log, a key, a file, its custody events."""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path

from uncounted.ledger import (
    CUSTODY_KIND,
    NO_PREVIOUS,
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

SEED = bytes(range(32))
"""A fixed log key seed for tests (a synthetic log, never a real one)."""
SIGNED_AT = 1_764_064_800
"""The organisation's timestamp of test checkpoints (2025-11-25T10:00:00Z)."""


def build_package(
    target: Path,
    content: bytes,
    *,
    filler: int = 5,
    key: LogSigningKey | None = None,
    extra_entries: int = 0,
    timestamp: int = SIGNED_AT,
    events: tuple[str, ...] = ("added", "exported"),
) -> Path:
    """Commit *content* and custody events into a fresh log and export a package."""
    key = key or LogSigningKey(SEED)
    tree = MerkleTree()
    for i in range(filler):
        tree.append(Commitment.of_bytes("record.version", f"filler {i}".encode()).value)
    item = Commitment.create(ORIGINAL_KIND, sha256(content).digest())
    item_index = tree.append(item.value)
    made = []
    previous = NO_PREVIOUS
    for action in events:
        fields = {"item": "ev-1", "action": action, "at": "2026-11-25T10:00Z"}
        text = custody_event_json({**fields, "previous": previous})
        commitment = Commitment.of_bytes(CUSTODY_KIND, text.encode("utf-8"))
        made.append((text, commitment, tree.append(commitment.value)))
        previous = commitment.value.hex()
    for i in range(extra_entries):
        tree.append(Commitment.of_bytes("record.version", f"later {i}".encode()).value)
    size = tree.size
    checkpoint = key.checkpoint(size, tree.root(), timestamp)
    contents = PackageContents(
        item_id="ev-1",
        extension="bin",
        media_type="application/octet-stream",
        size=len(content),
        item=ProvenEntry(item, item_index, tuple(tree.inclusion_proof(item_index, size))),
        custody=tuple(
            CustodyRecord(text, ProvenEntry(c, i, tuple(tree.inclusion_proof(i, size))))
            for text, c, i in made
        ),
        checkpoint=checkpoint,
        public_key=key.public_key,
    )
    chunks = (content[i : i + 1000] for i in range(0, len(content), 1000))
    write_package(target, contents, chunks)
    return target
