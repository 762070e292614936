"""The original name of an imported file, sealed per case.

Revision ID: admin3_0001
Revises: evidence2_0002

- ``import_names``: for each import and each case its records joined, the file's name as the
  person importing chose it (``rasul-family.csv``: a name can name a person), sealed
  (XChaCha20-Poly1305) under the case's current key, bound to the import, the case and the key
  version; re-sealed when the case gets a new key. The audit trail names the file to readers
  holding one of those cases, and says "an imported file" to the others.

Imports before this revision kept no name (the web's showed as ``upload.csv``). Downgrading
drops the table: the names are lost, the imports themselves kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "admin3_0001"
down_revision = "evidence2_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_names",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("sealed_name", sa.BLOB(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("import_id", "case_id"),
    )


def downgrade() -> None:
    op.drop_table("import_names")
