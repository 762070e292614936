"""uncounted.estimate."""
