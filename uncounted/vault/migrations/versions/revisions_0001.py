"""Revisions of records, never overwrites; withdrawal of consent leaves a tombstone.

Revision ID: revisions_0001
Revises: evidence2_0001

- ``records.revision``: which revision the row is (1 for every record stored before);
- ``records.withdrawn_at``: when consent was withdrawn (NULL for every record stored before);
- ``record_revisions``: the earlier revisions of an edited record, each as it was stored
  (its data key wrapped under the case key, its identity sealed), who made it and when.

Nothing already stored changes. Downgrading drops the table and the columns: the earlier
code knows only the current revision of each record (it then sees tombstones as records
whose identity does not open).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "revisions_0001"
down_revision = "evidence2_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN: a batch (copy and rename) would drop the table's key triggers
    op.add_column(
        "records", sa.Column("revision", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("records", sa.Column("withdrawn_at", sa.Text(), nullable=True))
    op.create_table(
        "record_revisions",
        sa.Column("record_id", sa.Text(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("source_record_id", sa.Text(), nullable=True),
        sa.Column("event_type", sa.Text(), nullable=True),
        sa.Column("event_month", sa.Text(), nullable=True),
        sa.Column("district", sa.Text(), nullable=True),
        sa.Column("analytic", sa.Text(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("wrapped_data_key", sa.BLOB(), nullable=False),
        sa.Column("sealed_identity", sa.BLOB(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("record_id", "number"),
    )


def downgrade() -> None:
    op.drop_table("record_revisions")
    # SQLite's own DROP COLUMN (3.35+), for the same reason as above
    op.execute("ALTER TABLE records DROP COLUMN withdrawn_at")
    op.execute("ALTER TABLE records DROP COLUMN revision")
