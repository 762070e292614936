"""The optional second factor (TOTP) of each user.

Revision ID: web_totp_0001
Revises: web_counts_0001

- ``user_totp``: one row per user whose sign-in asks for a code: the TOTP secret sealed under
  a subkey of the user's own private key (``uncounted/vault/totp.py``), the last time step a
  code was accepted for (replay protection), and when it was turned on.

Downgrading drops the table: every user then signs in with the passphrase alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_totp_0001"
down_revision = "web_counts_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_totp",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("sealed_secret", sa.BLOB(), nullable=False),
        sa.Column("last_step", sa.Integer(), nullable=False),
        sa.Column("enabled_at", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("user_totp")
