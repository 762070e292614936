"""The vault's tables: settings, users, cases (assistance and access) and their keys, sources,
records, audit.

Revision ID: vault_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "vault_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault_settings",
        sa.Column("name", sa.Text(), primary_key=True),
        sa.Column("value", sa.BLOB(), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("public_key", sa.BLOB(), nullable=False),
        sa.Column("recovery_wrapped_private_key", sa.BLOB(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("recovery_wrapped_key", sa.BLOB(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.Text(), nullable=False, server_default="request"),
        sa.Column("opened", sa.Text()),
        sa.Column("follow_up", sa.Text()),
        sa.Column("sealed_summary", sa.BLOB()),
        sa.Column("updated_at", sa.Text()),
    )
    op.create_table(
        "case_keys",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", sa.BLOB(), nullable=False),
        sa.Column("granted_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "user_id"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("source_record_id", sa.Text()),
        sa.Column("event_type", sa.Text()),
        sa.Column("event_month", sa.Text()),
        sa.Column("district", sa.Text()),
        sa.Column("analytic", sa.Text(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("wrapped_data_key", sa.BLOB(), nullable=False),
        sa.Column("sealed_identity", sa.BLOB(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_index("ix_records_case_id", "records", ["case_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_index("ix_records_case_id", "records")
    op.drop_table("records")
    op.drop_table("sources")
    op.drop_table("case_keys")
    op.drop_table("cases")
    op.drop_table("users")
    op.drop_table("vault_settings")
