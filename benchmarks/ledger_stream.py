"""Peak memory and time of `evidence add`, `evidence export` and `verify` on a large file.

Run:  .venv/bin/python benchmarks/ledger_stream.py [--size-mb 2048] [--workdir DIR]

Two measurements per step, each in its own child process:

- the command line (``python -m uncounted ...``), peak read with
  ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` in a tiny wrapper process; its idle baseline
  (``uncounted --help``) is measured too, since every command imports every command group;
- the service functions alone (what the commands call), peak read from ``VmHWM`` in the
  child's ``/proc/self/status``.

The file is generated from a 1 MiB random block repeated (streamed to disk, never held whole).
The vault is made in this process with the insecure fast KDF cost (``kdf.INSECURE_FAST_FOR_TESTS``);
the children unlock it with the cost stored in it: the passphrase cost is not what is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from uncounted.services import vaults
from uncounted.vault import kdf

WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, code)\n"
)


def run_measured(*args: str | Path, env: dict[str, str]) -> tuple[int, float, int]:
    """Run ``uncounted ARGS`` in a child; return (peak MiB, seconds, exit code)."""
    command = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "uncounted", *map(str, args)]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak, code = done.stdout.split()[-2:]
    return int(peak), seconds, int(code)


SERVICE_STEP = """
import json, sys
from pathlib import Path
from uncounted.services import evidence, vaults
from uncounted.ledger import verify_package
step, vault, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if step == "verify":
    assert verify_package(target).first_failure is None  # no key given: integrity only
else:
    with vaults.unlock(vault, None, "benchmark passphrase") as session:
        if step == "add":
            print(evidence.add_evidence(session, target).id)
        else:
            evidence.export_evidence(session, sys.argv[4], target)
status = Path("/proc/self/status").read_text().splitlines()
print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) // 1024)
"""


def run_service(*args: str | Path, env: dict[str, str]) -> tuple[list[str], float]:
    """Run one service step in a child; return (its output lines, seconds)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", SERVICE_STEP, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split(), time.perf_counter() - start


def write_file(path: Path, size_mb: int) -> None:
    block = os.urandom(1 << 20)
    with path.open("wb") as handle:
        for _ in range(size_mb):
            handle.write(block)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=2048)
    parser.add_argument("--workdir", type=Path, default=None)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(dir=options.workdir))
    try:
        env = {**os.environ, "UNCOUNTED_PASSPHRASE": "benchmark passphrase"}
        vault, big, package = work / "vault", work / "big.bin", work / "package.zip"
        kdf.DEFAULT = kdf.INSECURE_FAST_FOR_TESTS  # in this process only; see the docstring
        vaults.init_vault(vault, "bench", env["UNCOUNTED_PASSPHRASE"])
        write_file(big, options.size_mb)
        print(f"file: {options.size_mb} MiB")
        peak, seconds, code = run_measured("--help", env=env)
        print(f"CLI idle (--help)        peak {peak} MiB, {seconds:.1f} s, exit {code}")
        lines, seconds = run_service("add", vault, big, env=env)
        print(f"service add_evidence     peak {lines[-1]} MiB, {seconds:.1f} s")
        service_package = work / "service.zip"
        lines2, seconds = run_service("export", vault, service_package, lines[0], env=env)
        print(f"service export_evidence  peak {lines2[-1]} MiB, {seconds:.1f} s")
        lines3, seconds = run_service("verify", vault, service_package, env=env)
        print(f"verify_package           peak {lines3[-1]} MiB, {seconds:.1f} s")
        service_package.unlink()
        peak, seconds, code = run_measured("evidence", "add", vault, big, env=env)
        print(f"CLI evidence add         peak {peak} MiB, {seconds:.1f} s, exit {code}")
        item = subprocess.run(
            [sys.executable, "-m", "uncounted", "evidence", "list", str(vault)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]
        peak, seconds, code = run_measured(
            "evidence", "export", vault, item, "-o", package, env=env
        )
        print(f"CLI evidence export      peak {peak} MiB, {seconds:.1f} s, exit {code}")
        peak, seconds, code = run_measured("verify", package, env=env)
        print(f"CLI verify               peak {peak} MiB, {seconds:.1f} s, exit {code}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
