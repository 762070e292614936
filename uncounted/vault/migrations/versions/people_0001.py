"""The person register: linked people with their records and the history of every change.

Revision ID: people_0001
Revises: hold_keys_0002

- ``people``: one row per person ever made (stable id ``P-…``), its state (``linked``,
  ``confirmed``, ``retired``), when and by whom it was made, when it was replaced.
- ``person_records``: which active person holds each record (a record is in at most one).
- ``person_changes``: every change (a linkage run, a reviewer's merge, split, confirmation or
  undo): who, when, why, and the people before and after with their records and states.
- ``person_change_people``: which people each change touched, to read one person's history.

A vault of an earlier schema gets empty tables: its records count as one person each until
the first linkage run places them (``uncounted.vault.register``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "people_0001"
down_revision = "hold_keys_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("retired_at", sa.Text()),
    )
    op.create_index("ix_people_state", "people", ["state"])
    op.create_table(
        "person_records",
        sa.Column("record_id", sa.Text(), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("person_id", sa.Text(), sa.ForeignKey("people.id"), nullable=False),
    )
    op.create_index("ix_person_records_person_id", "person_records", ["person_id"])
    op.create_table(
        "person_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("undoes", sa.Integer()),
    )
    op.create_index("ix_person_changes_undoes", "person_changes", ["undoes"])
    op.create_table(
        "person_change_people",
        sa.Column("change_id", sa.Integer(), sa.ForeignKey("person_changes.id"), nullable=False),
        sa.Column("person_id", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("change_id", "person_id"),
    )
    op.create_index("ix_person_change_people_person_id", "person_change_people", ["person_id"])


def downgrade() -> None:
    op.drop_table("person_change_people")
    op.drop_table("person_changes")
    op.drop_table("person_records")
    op.drop_table("people")
