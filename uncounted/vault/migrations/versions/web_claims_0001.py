"""Official claims (denials, acknowledgements...) to set against the documented events.

Revision ID: web_claims_0001
Revises: ledger_0001

- ``claims``: one row per public statement: its type, speaker and office, date (``YYYY``,
  ``YYYY-MM`` or ``YYYY-MM-DD``), the statement, a reference, and the event types it is about
  (comma-separated codes). Public statements by officials are not identity-bearing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_claims_0001"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("claim_type", sa.Text(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("speaker_office", sa.Text()),
        sa.Column("date", sa.Text(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text()),
        sa.Column("event_types", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("claims")
