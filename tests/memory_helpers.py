"""Large files on disk, and steps run in a fresh child process that reports its peak memory.

The child reports its own peak resident memory (``VmHWM`` in ``/proc/self/status``);
``ru_maxrss`` would include the forking pytest process's peak, which Linux carries across exec.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: Put before every step: the step reads its arguments from ``sys.argv`` and fills ``result``.
_PRELUDE = """
import sys
from pathlib import Path
result = {}
"""

#: Appended to every step: adds the child's peak resident memory to its ``result`` and prints it.
_REPORT = """
import json as _json
with open("/proc/self/status") as _status:
    _peak = next(int(l.split()[1]) for l in _status if l.startswith("VmHWM"))
result["peak_mib"] = _peak // 1024
print(_json.dumps(result))
"""


def run_measured(step: str, *args: str | Path) -> dict[str, Any]:
    """Run *step* with *args* as ``sys.argv[1:]`` in a child process.

    *step* is Python source that fills the dict ``result`` (``sys`` and ``Path`` are imported
    for it); the returned dict is that ``result`` (through JSON) plus ``peak_mib``, the child's
    peak resident memory in MiB.
    """
    done = subprocess.run(
        [sys.executable, "-c", _PRELUDE + step + _REPORT, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def skip_without_disk(folder: Path, mib: int) -> None:
    """Skip the test unless *folder*'s file system has *mib* MiB free."""
    if shutil.disk_usage(folder).free < mib << 20:
        pytest.skip(f"needs {mib} MiB of free disk")


def write_large_file(path: Path, mib: int) -> Path:
    """Write *mib* MiB to *path*: one random 1 MiB block, repeated; return *path*."""
    block = os.urandom(1 << 20)
    with path.open("wb") as handle:
        for _ in range(mib):
            handle.write(block)
    return path
