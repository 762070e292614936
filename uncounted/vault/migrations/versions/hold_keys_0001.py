"""Records are written only under their case's current key, by a user who holds it.

Revision ID: hold_keys_0001
Revises: web_totp_0001

Two triggers make a write with a stale case key impossible, whatever session, thread or
process attempts it (issue 18: a revoked user's open session kept writing under the old key,
and its records then opened for nobody and broke every later revoke):

- ``records_current_key_insert``: a new record's ``key_version`` must be its case's current
  one, and its writer (``created_by``) must hold that version's wrapping in ``case_keys``;
- ``records_current_key_update``: a record re-sealed or moved (its key version, wrapped data
  key or case changed) must end at its case's current key version.

Nothing in the tables changes, so a vault made by an earlier version is carried forward as it
is (records it already holds under a stale key are left alone; revoke counts them). Downgrading
drops the triggers.
"""

from __future__ import annotations

from alembic import op

revision = "hold_keys_0001"
down_revision = "web_totp_0001"
branch_labels = None
depends_on = None

INSERT_TRIGGER = """
CREATE TRIGGER records_current_key_insert BEFORE INSERT ON records
WHEN NEW.key_version IS NOT (SELECT key_version FROM cases WHERE id = NEW.case_id)
  OR NOT EXISTS (
    SELECT 1 FROM case_keys
    WHERE case_id = NEW.case_id AND user_id = NEW.created_by AND key_version = NEW.key_version
  )
BEGIN
  SELECT RAISE(ABORT, 'stale case key');
END
"""

UPDATE_TRIGGER = """
CREATE TRIGGER records_current_key_update
BEFORE UPDATE OF key_version, wrapped_data_key, case_id ON records
WHEN NEW.key_version IS NOT (SELECT key_version FROM cases WHERE id = NEW.case_id)
BEGIN
  SELECT RAISE(ABORT, 'stale case key');
END
"""


def upgrade() -> None:
    op.execute(INSERT_TRIGGER)
    op.execute(UPDATE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS records_current_key_update")
    op.execute("DROP TRIGGER IF EXISTS records_current_key_insert")
