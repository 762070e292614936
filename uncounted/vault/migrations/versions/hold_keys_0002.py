"""Evidence attached to a record is sealed to its case's key, as the record's identity is.

Revision ID: hold_keys_0002
Revises: hold_keys_0001

- ``evidence_items.key_version``: NULL while an item's key is wrapped under the vault-wide
  evidence subkey (every item before this revision, and items attached to no record); the
  version of its case's key once the item key is wrapped under that case key.

An item of an earlier vault keeps its vault-wide wrapping until a user holding its case opens
the vault (``uncounted.vault.evidence_store.seal_to_cases``, run at every unlock), touches the
item, or the case's key is replaced (revoke): from the first of these it is sealed to the case.
Until then the vault refuses it to users not granted the case all the same (the grant is
checked before the key is unwrapped). Downgrading drops the column: items sealed to a case by
then open with the case key only, which the earlier code does not know how to use.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "hold_keys_0002"
down_revision = "hold_keys_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evidence_items", sa.Column("key_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("evidence_items", "key_version")
