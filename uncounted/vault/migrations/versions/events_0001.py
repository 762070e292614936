"""Several acts per victim: a record's analytic ``act_type`` becomes ``act_types``.

Revision ID: events_0001
Revises: caseworker_0001

A testimony used to record one act per person, kept in the record's analytic fields (JSON,
inside the encrypted database) as ``act_type``. A person may now have suffered several acts in
one event, kept as ``act_types``: codes separated by ``|`` (``arrest|beating``), which counting
reads (docs/counting.md). Upgrading renames the key of every record that has one; the code
stays as it was (one act is a list of one). Nothing sealed is touched: the new sealed fields
(detention dates and place, status history, interventions) are simply absent from old records.

Downgrading keeps the first act of each record under ``act_type`` (the earlier code knows one
act per person) and leaves the new analytic codes (status, kind of place, kinds of help) where
they are: the earlier code ignores analytic fields it does not know.
"""

from __future__ import annotations

from alembic import op

revision = "events_0001"
down_revision = "caseworker_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE records SET analytic = json_set(json_remove(analytic, '$.act_type'),"
        " '$.act_types', json_extract(analytic, '$.act_type'))"
        " WHERE json_extract(analytic, '$.act_type') IS NOT NULL"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE records SET analytic = json_set(json_remove(analytic, '$.act_types'),"
        " '$.act_type', substr(json_extract(analytic, '$.act_types'), 1,"
        " instr(json_extract(analytic, '$.act_types') || '|', '|') - 1))"
        " WHERE json_extract(analytic, '$.act_types') IS NOT NULL"
    )
