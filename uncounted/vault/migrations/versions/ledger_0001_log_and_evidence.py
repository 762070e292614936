"""The verifiable ledger and the evidence store: log entries, signed heads, evidence items.

Revision ID: ledger_0001
Revises: vault_0001

- ``ledger_entries``: one row per log entry, in log order (``seq`` is the RFC 9162 leaf index):
  the salted commitment and what opens it, the tree root right after it (so ``ledger check``
  names the first altered entry), and, for custody events and audit entries, the committed
  payload (identity-free by contract).
- ``ledger_state``: the compact Merkle frontier, so appending costs O(log n).
- ``ledger_key``: the log's Ed25519 key, its seed wrapped under a subkey of the vault key.
- ``ledger_heads``: every tree head the log key has signed.
- ``evidence_items``: one row per evidence file: its SHA-256, per-item key wrapped under the
  vault, sealed metadata (original name, EXIF, GPS, PDF info) and the ledger positions of the
  original and working-copy commitments.
- ``evidence_custody``: which ledger entries are custody actions on which item.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0001"
down_revision = "vault_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("salt", sa.BLOB(), nullable=False),
        sa.Column("content_hash", sa.BLOB(), nullable=False),
        sa.Column("commitment", sa.BLOB(), nullable=False),
        sa.Column("root_after", sa.BLOB(), nullable=False),
        sa.Column("payload", sa.BLOB()),
        sa.Column("created_at", sa.Text(), nullable=False),
    )
    op.create_table(
        "ledger_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("frontier", sa.BLOB(), nullable=False),
    )
    op.create_table(
        "ledger_key",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("public_key", sa.BLOB(), nullable=False),
        sa.Column("wrapped_seed", sa.BLOB(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
    )
    op.create_table(
        "ledger_heads",
        sa.Column("tree_size", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("timestamp_ms", sa.Integer(), nullable=False),
        sa.Column("root_hash", sa.BLOB(), nullable=False),
        sa.Column("signature", sa.BLOB(), nullable=False),
    )
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("record_id", sa.Text(), sa.ForeignKey("records.id")),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("extension", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.BLOB(), nullable=False),
        sa.Column("wrapped_key", sa.BLOB(), nullable=False),
        sa.Column("sealed_metadata", sa.BLOB(), nullable=False),
        sa.Column("original_seq", sa.Integer(), nullable=False),
        sa.Column("working_size", sa.Integer()),
        sa.Column("working_sha256", sa.BLOB()),
        sa.Column("working_seq", sa.Integer()),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_table(
        "evidence_custody",
        sa.Column("item_id", sa.Text(), sa.ForeignKey("evidence_items.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("evidence_custody")
    op.drop_table("evidence_items")
    op.drop_table("ledger_heads")
    op.drop_table("ledger_key")
    op.drop_table("ledger_state")
    op.drop_table("ledger_entries")
