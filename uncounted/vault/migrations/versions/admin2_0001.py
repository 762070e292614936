"""Users can be removed: cut off for good, their last key destroyed, their name kept.

Revision ID: admin2_0001
Revises: revisions_0001

- ``users.removed_at``: NULL unless the user was removed. A removed user is also deactivated
  (``deactivated_at``: every case they held has a new key, their keys are off this device);
  besides, the copy of their private key sealed to the recovery key is overwritten, their
  drafts and sign-in code are deleted, and they cannot be reactivated. The row stays, because
  the audit trail and the custody chain name them.

Downgrading drops the column: a removed user then looks deactivated to the earlier code,
which may reactivate them under new keys (their old key stays destroyed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "admin2_0001"
down_revision = "revisions_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("removed_at", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "removed_at")
