"""Indexes on the analytic columns of records, for the dashboard's counts and list filters.

Revision ID: web_counts_0001
Revises: web_analysis_0001

Counting records by month, event type, district or source then reads a small covering index
instead of every (encrypted, sealed-blob-bearing) row of the table: on 100,000 records the
dashboard's counts fall from about 2 s to about 50 ms (docs/benchmarks/web.md). The event type
and district indexes also serve the filters of the records and people lists.
"""

from __future__ import annotations

from alembic import op

revision = "web_counts_0001"
down_revision = "web_analysis_0001"
branch_labels = None
depends_on = None

COLUMNS = ("event_type", "event_month", "district", "source_id")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(f"ix_records_{column}", "records", [column])


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"ix_records_{column}", table_name="records")
