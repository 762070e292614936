"""Every table of the vault's two databases, declared once.

- :data:`metadata`: ``vault.db``. Alembic migrations create its tables (``migrations/versions``,
  written with ``alembic revision --autogenerate`` against this metadata or by hand); a test
  checks that the migrated head equals this declaration, every table, with no exception.
- :data:`access_metadata`: ``access.db``, the access log (``access_log.py``): an audit table and
  a Merkle log laid out like the vault's, declared by the same functions. It has no Alembic
  chain: ``access_log`` creates it with DDL compiled from this metadata and pasted as literal
  SQL, so that the first read does not import SQLAlchemy (about a second); a test fails when
  the two differ.

The vault's queries are plain SQL on the SQLCipher connection (the bulk import needs
``executemany`` speed); these declarations are the reference for both. A new table is added
here, then a migration made for it (see docs/design.md).
"""

from __future__ import annotations

from sqlalchemy import (
    BLOB,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()

settings = Table(
    "vault_settings",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", BLOB, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("public_key", BLOB, nullable=False),
    Column("recovery_wrapped_private_key", BLOB, nullable=False),
    Column("created_at", Text, nullable=False),
    # migration hold_keys_0003: when the user was cut off (NULL while active)
    Column("deactivated_at", Text),
    # migration admin2_0001: when the user was removed for good (NULL otherwise)
    Column("removed_at", Text),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("key_version", Integer, nullable=False),
    Column("recovery_wrapped_key", BLOB, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("needs", Text, nullable=False, server_default=""),
    Column("status", Text, nullable=False, server_default="request"),
    Column("opened", Text),
    Column("follow_up", Text),
    Column("sealed_summary", BLOB),
    Column("updated_at", Text),
)

case_keys = Table(
    "case_keys",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("key_version", Integer, nullable=False),
    Column("wrapped_key", BLOB, nullable=False),
    Column("granted_at", Text, nullable=False),
    PrimaryKeyConstraint("case_id", "user_id"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
)


def _record_columns() -> list[Column[object]]:
    """A record's stored columns, shared by ``records`` (the current revision) and
    ``record_revisions`` (the earlier ones), in the order both tables declare them.

    A new column of a record's content goes here, so that the two tables cannot drift; a column
    of one table alone (``records.revision``, ``record_revisions.number``) stays in that table.
    Fresh ``Column`` objects on each call: SQLAlchemy binds a column to one table.
    """
    return [
        Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
        Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
        Column("source_record_id", Text),
        Column("event_type", Text),
        Column("event_month", Text),
        Column("district", Text),
        Column("analytic", Text, nullable=False),
        Column("key_version", Integer, nullable=False),
        Column("wrapped_data_key", BLOB, nullable=False),
        Column("sealed_identity", BLOB, nullable=False),
        Column("created_at", Text, nullable=False),
        Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    ]


records = Table(
    "records",
    metadata,
    Column("id", Text, primary_key=True),
    *_record_columns(),
    # migration revisions_0001: the number of the revision this row is (1: as first stored;
    # the earlier ones are in record_revisions), and when consent was withdrawn (a tombstone:
    # wrapped_data_key and sealed_identity then empty, the identity destroyed)
    Column("revision", Integer, nullable=False, server_default="1"),
    Column("withdrawn_at", Text),
    Index("ix_records_case_id", "case_id"),
    # migration web_counts_0001: the dashboard's counts and the lists' filters
    Index("ix_records_event_type", "event_type"),
    Index("ix_records_event_month", "event_month"),
    Index("ix_records_district", "district"),
    Index("ix_records_source_id", "source_id"),
)


def _audit(into: MetaData, *, sqlite_autoincrement: bool = False) -> Table:
    """The audit trail (the vault's, and the access log's identity reads)."""
    return Table(
        "audit",
        into,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", Text, nullable=False),
        Column("user_name", Text, nullable=False),
        Column("action", Text, nullable=False),
        Column("target", Text, nullable=False),
        Column("detail", Text, nullable=False),
        sqlite_autoincrement=sqlite_autoincrement,
    )


def _ledger(into: MetaData) -> tuple[Table, Table, Table, Table]:
    """The Merkle log's tables (``ledger_store``): entries, frontier, signing key, signed heads."""
    entries = Table(
        "ledger_entries",
        into,
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("kind", Text, nullable=False),
        Column("salt", BLOB, nullable=False),
        Column("content_hash", BLOB, nullable=False),
        Column("commitment", BLOB, nullable=False),
        Column("root_after", BLOB, nullable=False),
        Column("payload", BLOB),
        Column("created_at", Text, nullable=False),
    )
    state = Table(
        "ledger_state",
        into,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("size", Integer, nullable=False),
        Column("frontier", BLOB, nullable=False),
    )
    key = Table(
        "ledger_key",
        into,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("public_key", BLOB, nullable=False),
        Column("wrapped_seed", BLOB, nullable=False),
        Column("created_at", Text, nullable=False),
    )
    heads = Table(
        "ledger_heads",
        into,
        Column("tree_size", Integer, primary_key=True, autoincrement=False),
        Column("timestamp_ms", Integer, nullable=False),
        Column("root_hash", BLOB, nullable=False),
        Column("signature", BLOB, nullable=False),
    )
    return entries, state, key, heads


audit = _audit(metadata)

# migration web_totp_0001: the optional second factor, sealed under the user's own key
user_totp = Table(
    "user_totp",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("sealed_secret", BLOB, nullable=False),
    Column("last_step", Integer, nullable=False),
    Column("enabled_at", Text, nullable=False),
)

# migration ledger_0001: the vault's Merkle log and the evidence store
ledger_entries, ledger_state, ledger_key, ledger_heads = _ledger(metadata)

# migration ledger_0002: C2SP checkpoints (whole signed notes) and the witnesses named
ledger_checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("tree_size", Integer, primary_key=True, autoincrement=False),
    Column("note", Text, nullable=False),
    Column("signed_at", Integer, nullable=False),
)
ledger_witnesses = Table(
    "ledger_witnesses",
    metadata,
    Column("name", Text, primary_key=True),
    Column("vkey", Text, nullable=False, unique=True),
    Column("cosigned_size", Integer, nullable=False),
    Column("requested_size", Integer),
    Column("added_at", Text, nullable=False),
)

evidence_items = Table(
    "evidence_items",
    metadata,
    Column("id", Text, primary_key=True),
    Column("record_id", Text, ForeignKey("records.id")),
    Column("media_type", Text, nullable=False),
    Column("extension", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", BLOB, nullable=False),
    Column("wrapped_key", BLOB, nullable=False),
    Column("sealed_metadata", BLOB, nullable=False),
    Column("original_seq", Integer, nullable=False),
    Column("working_size", Integer),
    Column("working_sha256", BLOB),
    Column("working_seq", Integer),
    Column("created_at", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    # migration hold_keys_0002: the case key version the item key is wrapped under (NULL:
    # under the vault-wide evidence subkey; see uncounted/vault/evidence_store.py)
    Column("key_version", Integer),
    # migration evidence2_0001: the kind (a vocabulary code), what the caseworker wrote about
    # the file (sealed under the item key) and the size of its sealed thumbnail blob
    Column("kind", Text),
    Column("sealed_description", BLOB),
    Column("thumbnail_size", Integer),
)

evidence_custody = Table(
    "evidence_custody",
    metadata,
    Column("item_id", Text, ForeignKey("evidence_items.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    PrimaryKeyConstraint("item_id", "seq"),
)

# migration web_claims_0001: officials' public statements (not identity-bearing)
claims = Table(
    "claims",
    metadata,
    Column("id", Text, primary_key=True),
    Column("claim_type", Text, nullable=False),
    Column("speaker", Text, nullable=False),
    Column("speaker_office", Text),
    Column("date", Text, nullable=False),
    Column("statement", Text, nullable=False),
    Column("reference", Text),
    Column("event_types", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
)

# migration web_analysis_0001: reviewers' link decisions and the saved estimate runs
link_decisions = Table(
    "link_decisions",
    metadata,
    Column("source_l", Text, nullable=False),
    Column("record_id_l", Text, nullable=False),
    Column("source_r", Text, nullable=False),
    Column("record_id_r", Text, nullable=False),
    Column("is_match", Integer, nullable=False),
    Column("decided_at", Text, nullable=False),
    Column("decided_by", Integer, ForeignKey("users.id"), nullable=False),
    PrimaryKeyConstraint("source_l", "record_id_l", "source_r", "record_id_r"),
)

analysis_results = Table(
    "analysis_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("method", Text, nullable=False),
    Column("linked_records", Integer, nullable=False),
    Column("left_out", Integer, nullable=False),
    Column("people", Integer, nullable=False),
    Column("lists", Text, nullable=False),
    Column("observed", Integer, nullable=False),
    Column("point", Float),
    Column("median", Float),
    Column("q025", Float),
    Column("q975", Float),
    Column("warnings", Text, nullable=False, server_default="[]"),
    Column("posterior_svg", Text, nullable=False, server_default=""),
    # migration people_0002: every run kept with its settings and scope (issue 11)
    Column("settings", Text, nullable=False, server_default="{}"),
    Column("scope", Text, nullable=False, server_default="{}"),
    Column("partial", Integer, nullable=False, server_default="0"),
    Column("sensitivity", Text, nullable=False, server_default="[]"),
)

# migration people_0002: which run is the headline estimate, who chose it and when
estimate_headlines = Table(
    "estimate_headlines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("result_id", Integer, ForeignKey("analysis_results.id"), nullable=False),
    Column("chosen_at", Text, nullable=False),
    Column("chosen_by", Integer, ForeignKey("users.id"), nullable=False),
)

#: ``access.db``: identity reads, in a Merkle log anchored in the vault's (``access_log.py``).
#: Its ``audit`` ids are never reused (SQLite ``AUTOINCREMENT``), unlike the vault's.
access_metadata = MetaData()
_audit(access_metadata, sqlite_autoincrement=True)
_ledger(access_metadata)  # ledger_key stays empty: heads are signed through anchors

# migration people_0001: the person register (uncounted/vault/register.py)
people = Table(
    "people",
    metadata,
    Column("id", Text, primary_key=True),
    Column("state", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("retired_at", Text),
    Index("ix_people_state", "state"),
)

person_records = Table(
    "person_records",
    metadata,
    Column("record_id", Text, ForeignKey("records.id"), primary_key=True),
    Column("person_id", Text, ForeignKey("people.id"), nullable=False),
    Index("ix_person_records_person_id", "person_id"),
)

person_changes = Table(
    "person_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("action", Text, nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("undoes", Integer),
    Index("ix_person_changes_undoes", "undoes"),
)

person_change_people = Table(
    "person_change_people",
    metadata,
    Column("change_id", Integer, ForeignKey("person_changes.id"), nullable=False),
    Column("person_id", Text, nullable=False),
    PrimaryKeyConstraint("change_id", "person_id"),
    Index("ix_person_change_people_person_id", "person_id"),
)

# migration people_0003: files imported, known by the SHA-256 of their bytes
imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", BLOB, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("imported_at", Text, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("rows", Integer, nullable=False),
)

# migration admin3_0001: the original name of an imported file (a name can name a person),
# sealed under the current key of each case its records joined, re-sealed when a case gets a
# new key; shown in the audit trail only to readers holding one of those cases
import_names = Table(
    "import_names",
    metadata,
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("key_version", Integer, nullable=False),
    Column("sealed_name", BLOB, nullable=False),
    PrimaryKeyConstraint("import_id", "case_id"),
)

# migration caseworker_0001: a form being typed, sealed under its user's own key (one per
# user and form), so that a time-out, a sign-in, a language switch or a crash loses nothing
drafts = Table(
    "drafts",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("form", Text, nullable=False),
    Column("sealed", BLOB, nullable=False),
    Column("saved_at", Text, nullable=False),
    PrimaryKeyConstraint("user_id", "form"),
)

# migration revisions_0001: every earlier revision of a record, as it was stored (its own data
# key wrapped under the case key, its identity sealed under it, bound to the record id), with
# who made it and when, and why (the reason sealed with the identity; see
# ``uncounted/vault/revisions.py``)
record_revisions = Table(
    "record_revisions",
    metadata,
    Column("record_id", Text, ForeignKey("records.id"), nullable=False),
    Column("number", Integer, nullable=False),
    *_record_columns(),
    PrimaryKeyConstraint("record_id", "number"),
)

# migration evidence2_0002: the column mapping of each source's last import (headers digested)
import_mappings = Table(
    "import_mappings",
    metadata,
    Column("source", Text, nullable=False),
    Column("header_digest", BLOB, nullable=False),
    Column("field", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
    PrimaryKeyConstraint("source", "header_digest"),
)

# migration dates_0001: how each source's last import read dates like 05/03/1990
import_date_orders = Table(
    "import_date_orders",
    metadata,
    Column("source", Text, nullable=False),
    Column("date_order", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
    PrimaryKeyConstraint("source"),
)
