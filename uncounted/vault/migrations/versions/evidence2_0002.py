"""The column mapping an import used, kept per source for the next list from it.

Revision ID: evidence2_0002
Revises: admin2_0001

- ``import_mappings``: one row per source and column header: which record field the column
  held (or ``ignore``). The header is kept only as a keyed BLAKE2b digest of its normal form
  (a subkey of the vault key): a header is a column's title, not a person, but a list saved
  without a header row has its first person where the headers should be, and a digest is all
  a later list from the source needs to find its columns again. The field codes are plain.

Downgrading drops the table: the next list from each source starts from the guessed mapping.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "evidence2_0002"
down_revision = "admin2_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mappings",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("header_digest", sa.BLOB(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("source", "header_digest"),
    )


def downgrade() -> None:
    op.drop_table("import_mappings")
