"""Alembic migrations of the vault database (linear chain; see ``versions/``)."""
