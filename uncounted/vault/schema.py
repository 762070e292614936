"""The database tables this code expects, declared once.

Alembic migrations create them (``migrations/versions``); a test checks the migrated head
against this declaration. The vault's queries are plain SQL on the SQLCipher connection (the
bulk import needs ``executemany`` speed); these declarations are the reference for both.
"""

from __future__ import annotations

from sqlalchemy import (
    BLOB,
    Column,
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

records = Table(
    "records",
    metadata,
    Column("id", Text, primary_key=True),
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
    Index("ix_records_case_id", "case_id"),
    # migration web_counts_0001: the dashboard's counts and the lists' filters
    Index("ix_records_event_type", "event_type"),
    Index("ix_records_event_month", "event_month"),
    Index("ix_records_district", "district"),
    Index("ix_records_source_id", "source_id"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("detail", Text, nullable=False),
)

# migration web_totp_0001: the optional second factor, sealed under the user's own key
user_totp = Table(
    "user_totp",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("sealed_secret", BLOB, nullable=False),
    Column("last_step", Integer, nullable=False),
    Column("enabled_at", Text, nullable=False),
)

OWN_TABLES = frozenset(metadata.tables)
