"""Where the published capture-history datasets and R's results live (the shared reference).

The reference folder sits beside the repository (``../shared/reference``) on developers'
machines and in CI; ``UNCOUNTED_REFERENCE`` overrides it. Tests read the data from there and
never copy it into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path


def reference_dir() -> Path:
    """The folder holding the reference CSVs; fails loudly when it cannot be found."""
    override = os.environ.get("UNCOUNTED_REFERENCE")
    here = Path(__file__).resolve()
    candidates = [Path(override)] if override else []
    candidates += [parent / "shared" / "reference" for parent in here.parents]
    for candidate in candidates:
        if (candidate / "kosovo.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "the shared reference data was not found beside the repository; "
        "set UNCOUNTED_REFERENCE to its folder"
    )


REFERENCE = reference_dir()
