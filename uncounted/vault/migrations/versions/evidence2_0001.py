"""Evidence described where the work is: a kind, a sealed description, a sealed thumbnail.

Revision ID: evidence2_0001
Revises: events_0001

- ``evidence_items.kind``: the code of the file's kind in the ``evidence_kinds`` vocabulary
  (photograph, medical report, ...); a category, not identifying, so plain. NULL for items
  added before it existed.
- ``evidence_items.sealed_description``: what the caseworker wrote about the file, sealed
  (XChaCha20-Poly1305) under the item's own key, which is wrapped under its record's case key:
  readable by exactly those who may open the file. NULL for earlier items.
- ``evidence_items.thumbnail_size``: the size of the item's thumbnail blob
  (``evidence/<id>.thumbnail``, a secretstream blob under the item key like the original and
  the working copy); NULL when the item has none (not an image, or too large to read).

Downgrading drops the columns; the thumbnail blobs are then left unread on disk (ciphertext).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "evidence2_0001"
down_revision = "events_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evidence_items", sa.Column("kind", sa.Text(), nullable=True))
    op.add_column("evidence_items", sa.Column("sealed_description", sa.BLOB(), nullable=True))
    op.add_column("evidence_items", sa.Column("thumbnail_size", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("evidence_items", "thumbnail_size")
    op.drop_column("evidence_items", "sealed_description")
    op.drop_column("evidence_items", "kind")
