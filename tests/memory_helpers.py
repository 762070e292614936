"""Run one step in a fresh child process and read back its result and its peak memory.

The child reports its own peak resident memory (``VmHWM`` in ``/proc/self/status``);
``ru_maxrss`` would include the forking pytest process's peak, which Linux carries across exec.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

#: Appended to every step: adds the child's peak resident memory to its ``result`` and prints it.
_REPORT = """
import json as _json
with open("/proc/self/status") as _status:
    _peak = next(int(l.split()[1]) for l in _status if l.startswith("VmHWM"))
result["peak_mib"] = _peak // 1024
print(_json.dumps(result))
"""


def run_measured(step: str, *args: str | Path) -> dict[str, Any]:
    """Run *step* with *args* as ``sys.argv[1:]`` in a child with the fast test KDF.

    *step* is Python source that fills a dict named ``result``; the returned dict is that
    ``result`` (through JSON) plus ``peak_mib``, the child's peak resident memory in MiB.
    """
    env = {**os.environ, "UNCOUNTED_INSECURE_FAST_KDF": "1"}
    done = subprocess.run(
        [sys.executable, "-c", step + _REPORT, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result
