"""uncounted.vault."""
