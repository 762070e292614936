"""Files imported, so that the same bytes are never imported twice (issue 11).

Revision ID: people_0003
Revises: hold_keys_0003

- ``imports``: one row per imported file: the SHA-256 of its bytes (unique), the source it
  was imported as, when, by whom, how many rows. Files imported before this revision are
  not known: their rows are still found by (source, record id) when a file names them again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "people_0003"
down_revision = "hold_keys_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.BLOB(), nullable=False, unique=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("imports")
