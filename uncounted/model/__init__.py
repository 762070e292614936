"""uncounted.model."""
