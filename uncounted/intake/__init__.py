"""uncounted.intake."""
