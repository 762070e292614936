"""The one way a command prints its ``--json`` document (DESIGN.md, command-line contract).

Exactly one JSON document on stdout and nothing else there: text as it is (Cyrillic names of
files and sources stay readable), numpy scalars unwrapped, and numbers that JSON cannot hold
(NaN, infinities) as null.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any


def plain(value: Any) -> Any:
    """*value* as plain JSON values: numpy scalars and arrays unwrapped, non-finite as null."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def print_json(document: object) -> None:
    """Print *document* as the command's one JSON document on stdout."""
    sys.stdout.write(json.dumps(plain(document), ensure_ascii=False, indent=1) + "\n")
