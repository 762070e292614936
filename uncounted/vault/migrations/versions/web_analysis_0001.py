"""Analysis kept in the vault: reviewers' link decisions and the latest estimates.

Revision ID: web_analysis_0001
Revises: web_claims_0001

- ``link_decisions``: one reviewer verdict per pair of records, each record named by its source
  and its record id within that source (the same keys linkage uses), pair stored in sorted
  order so a pair has one row; later linkage runs take these as must-link / cannot-link.
- ``analysis_results``: one row per estimate run: the method, how many records were linked
  and left out, the people found, the lists, the estimate's figures, its warnings and the
  posterior plot (an SVG built from numbers only). No identity is stored here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_analysis_0001"
down_revision = "web_claims_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_decisions",
        sa.Column("source_l", sa.Text(), nullable=False),
        sa.Column("record_id_l", sa.Text(), nullable=False),
        sa.Column("source_r", sa.Text(), nullable=False),
        sa.Column("record_id_r", sa.Text(), nullable=False),
        sa.Column("is_match", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.PrimaryKeyConstraint("source_l", "record_id_l", "source_r", "record_id_r"),
    )
    op.create_table(
        "analysis_results",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("linked_records", sa.Integer(), nullable=False),
        sa.Column("left_out", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("lists", sa.Text(), nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("point", sa.Float()),
        sa.Column("median", sa.Float()),
        sa.Column("q025", sa.Float()),
        sa.Column("q975", sa.Float()),
        sa.Column("warnings", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("posterior_svg", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("analysis_results")
    op.drop_table("link_decisions")
