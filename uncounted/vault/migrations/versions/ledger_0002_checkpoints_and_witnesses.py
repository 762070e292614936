"""C2SP checkpoints as the log's signed heads, and the witnesses the organisation names.

Revision ID: ledger_0002
Revises: people_0001

- ``ledger_checkpoints``: every checkpoint the log key signed (c2sp.org/tlog-checkpoint), as
  the whole signed note: the log's signature, the organisation's timestamped one and every
  witness cosignature taken back since; ``signed_at`` is the organisation's own timestamp.
- ``ledger_witnesses``: the witnesses by name and verifier key (vkey), the size of the last
  checkpoint each cosigned (what the next consistency proof starts from) and the size of the
  checkpoint last handed to it.

``ledger_heads`` (heads in the legacy binary format) is kept as it is: its signatures stay
checkable by ``uncounted ledger check``. The log key cannot sign inside a migration (it opens
only with the vault key), so each legacy head is re-signed as a checkpoint, with its own size,
root and time, the first time the log signs after this upgrade (``ledger_store.sign_head``).

Downgrading drops both tables; the legacy heads are still there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0002"
down_revision = "people_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_checkpoints",
        sa.Column("tree_size", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ledger_witnesses",
        sa.Column("name", sa.Text(), primary_key=True),
        sa.Column("vkey", sa.Text(), nullable=False, unique=True),
        sa.Column("cosigned_size", sa.Integer(), nullable=False),
        sa.Column("requested_size", sa.Integer()),
        sa.Column("added_at", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ledger_witnesses")
    op.drop_table("ledger_checkpoints")
