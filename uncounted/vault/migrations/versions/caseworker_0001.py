"""Drafts of forms being typed, sealed under their user's own key.

Revision ID: caseworker_0001
Revises: people_0003

- ``drafts``: one row per user and form (``testimony``): the fields typed so far as one
  XChaCha20-Poly1305 message under a subkey of the user's private key, bound to the user and
  the form, and when it was saved. Nobody else can open it, not even an administrator.

Downgrading drops the table and the drafts in it (the earlier code has no use for them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "caseworker_0001"
down_revision = "people_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.Column("sealed", sa.BLOB(), nullable=False),
        sa.Column("saved_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id", "form"),
    )


def downgrade() -> None:
    op.drop_table("drafts")
