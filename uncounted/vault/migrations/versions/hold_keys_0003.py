"""Users can be deactivated: cut off with their keys, kept in the history.

Revision ID: hold_keys_0003
Revises: people_0002

- ``users.deactivated_at``: NULL for an active user; when set, the user's grants are gone
  (every case they held was given a new key), their keys are off every device that
  deactivated them, and unlocking as them is refused even with a keyring entry restored from
  an old backup. The row stays: the audit trail and custody chain name them.

Downgrading drops the column: deactivated users would then look active to the earlier code
(they hold no grant and, on the device that cut them off, no keys).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "hold_keys_0003"
down_revision = "people_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("deactivated_at", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "deactivated_at")
