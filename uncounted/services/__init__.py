"""uncounted.services."""
