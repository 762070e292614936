"""Where the published capture-history datasets and R's results live (the shared reference).

The reference folder sits beside the repository (``../shared/reference``) on developers'
machines and in CI; ``UNCOUNTED_REFERENCE`` overrides it. A local clone made elsewhere (a CI
try in ``/tmp``) finds it beside the repository it was cloned from. Tests read the data from
there and never copy it into the repository.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def reference_dir() -> Path:
    """The folder holding the reference CSVs; fails loudly when it cannot be found."""
    override = os.environ.get("UNCOUNTED_REFERENCE")
    here = Path(__file__).resolve()
    candidates = [Path(override)] if override else []
    candidates += [parent / "shared" / "reference" for parent in here.parents]
    origin = _local_origin(here.parent)
    if origin is not None:
        candidates += [parent / "shared" / "reference" for parent in origin.parents]
    for candidate in candidates:
        if (candidate / "kosovo.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "the shared reference data was not found beside the repository; "
        "set UNCOUNTED_REFERENCE to its folder"
    )


def _local_origin(folder: Path) -> Path | None:
    """The repository this checkout was cloned from, when that is a folder on this machine."""
    try:
        url = subprocess.run(
            ["git", "-C", str(folder), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:  # no git here
        return None
    return Path(url).resolve() if url and Path(url).is_dir() else None


REFERENCE = reference_dir()
