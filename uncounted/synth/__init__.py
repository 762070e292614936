"""uncounted.synth."""
