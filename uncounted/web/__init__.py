"""uncounted.web."""
