"""uncounted.ledger."""
