"""Builders for evidence packages made without a vault: a log, a key, a file, its custody."""

from __future__ import annotations

from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

import pytest

from uncounted.ledger import (
    CUSTODY_KIND,
    ORIGINAL_KIND,
    Commitment,
    CustodyRecord,
    LogSigningKey,
    MerkleTree,
    PackageContents,
    ProvenEntry,
    TreeHead,
    custody_event_json,
    write_package,
)
from uncounted.services import vaults

SEED = bytes(range(32))
"""A fixed log key seed for tests (a synthetic log, never a real one)."""

PackageMaker = Callable[..., Path]


def build_package(
    target: Path,
    content: bytes,
    *,
    filler: int = 5,
    key: LogSigningKey | None = None,
    extra_entries: int = 0,
) -> Path:
    """Commit *content* and two custody events into a fresh log and export a package."""
    key = key or LogSigningKey(SEED)
    tree = MerkleTree()
    for i in range(filler):
        tree.append(Commitment.of_bytes("record.version", f"filler {i}".encode()).value)
    item = Commitment.create(ORIGINAL_KIND, sha256(content).digest())
    item_index = tree.append(item.value)
    events = []
    for action in ("added", "exported"):
        text = custody_event_json({"item": "ev-1", "action": action, "at": "2026-11-25T10:00Z"})
        commitment = Commitment.of_bytes(CUSTODY_KIND, text.encode("utf-8"))
        events.append((text, commitment, tree.append(commitment.value)))
    for i in range(extra_entries):
        tree.append(Commitment.of_bytes("record.version", f"later {i}".encode()).value)
    size = tree.size
    head = key.sign(TreeHead(size, 1_764_064_800_000, tree.root()))
    contents = PackageContents(
        item_id="ev-1",
        extension="bin",
        media_type="application/octet-stream",
        size=len(content),
        item=ProvenEntry(item, item_index, tuple(tree.inclusion_proof(item_index, size))),
        custody=tuple(
            CustodyRecord(text, ProvenEntry(c, i, tuple(tree.inclusion_proof(i, size))))
            for text, c, i in events
        ),
        head=head,
        public_key=key.public_key,
    )
    chunks = (content[i : i + 1000] for i in range(0, len(content), 1000))
    write_package(target, contents, chunks)
    return target


@pytest.fixture
def make_package(tmp_path: Path) -> PackageMaker:
    """Return a function building a package in tmp_path: make_package(content=..., ...)."""

    def make(content: bytes = b"synthetic photo bytes " * 50, **options: object) -> Path:
        return build_package(tmp_path / "package.zip", content, **options)  # type: ignore[arg-type]

    return make


# --- a real vault and the real CLI, for the vault-side tests ----------------------------------

PASSPHRASE = "synthetic test passphrase"


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNCOUNTED_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A fresh vault whose only user is the administrator ``ana``."""
    path = tmp_path / "vault"
    vaults.init_vault(path, "ana", PASSPHRASE)
    return path
