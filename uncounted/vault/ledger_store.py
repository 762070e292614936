"""Placeholder: the ledger issue puts the vault's Merkle-log storage here.

The vault calls :func:`append_entry` for every audited action; until the ledger lands it does
nothing, and the vault's own audit table is the only record.
"""

from __future__ import annotations

from typing import Any


def append_entry(conn: Any, kind: str, payload: bytes) -> None:
    """Commit *payload* (already free of identities) to the ledger; a no-op until it exists."""
