"""Suite-wide settings: in CI, hypothesis explores the same examples on every run.

A property test that fails in CI must fail again when re-run, so CI uses a derandomised
profile; developers' runs keep exploring new examples (and hypothesis keeps the failures it
finds in its local database).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
