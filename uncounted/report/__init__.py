"""uncounted.report."""
