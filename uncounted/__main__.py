"""``python -m uncounted`` is the same as the ``uncounted`` command."""

from uncounted.cli import main

main()
