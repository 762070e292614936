"""uncounted.linkage."""
