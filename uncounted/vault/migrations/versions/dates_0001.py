"""How each source writes dates like 05/03/1990, kept for the next list from it.

Revision ID: dates_0001
Revises: admin3_0001

- ``import_date_orders``: one row per source whose last import (on the web's mapping step)
  said how its dates written with slashes read: ``day-first`` (05/03/1990 is 5 March) or
  ``month-first`` (3 May). The order names no one; the source name is kept as
  ``import_mappings`` keeps it. A source without a row has its order asked again.

Downgrading drops the table: the next list from each source asks the order again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "dates_0001"
down_revision = "admin3_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_date_orders",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("date_order", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("source"),
    )


def downgrade() -> None:
    op.drop_table("import_date_orders")
