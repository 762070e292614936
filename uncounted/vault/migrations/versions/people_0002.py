"""Estimates as saved runs with one headline (issue 11).

Revision ID: people_0002
Revises: ledger_0002

- ``analysis_results`` gains ``settings`` (the method's options, the linkage threshold, the
  histories' origin), ``scope`` (lists used and in the vault, records left out for lack of
  grants, links not yet reviewed), ``partial`` and ``sensitivity`` (the estimate at other
  linkage thresholds). Runs of an earlier vault are marked partial when they left records out
  (what they knew of their scope), so they can be published only if they covered everything.
- ``estimate_headlines``: each time a user allowed to publish chose the headline run, who and
  when; the latest row is the headline the dashboard shows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "people_0002"
down_revision = "ledger_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analysis_results") as table:
        table.add_column(sa.Column("settings", sa.Text(), nullable=False, server_default="{}"))
        table.add_column(sa.Column("scope", sa.Text(), nullable=False, server_default="{}"))
        table.add_column(sa.Column("partial", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("sensitivity", sa.Text(), nullable=False, server_default="[]"))
    op.execute("UPDATE analysis_results SET partial = (left_out > 0)")
    op.create_table(
        "estimate_headlines",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("result_id", sa.Integer(), sa.ForeignKey("analysis_results.id"), nullable=False),
        sa.Column("chosen_at", sa.Text(), nullable=False),
        sa.Column("chosen_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("estimate_headlines")
    with op.batch_alter_table("analysis_results") as table:
        table.drop_column("sensitivity")
        table.drop_column("partial")
        table.drop_column("scope")
        table.drop_column("settings")
