"""How long a wrong, a real and a duress sign-in take, at the production Argon2id cost.

Issue 18 measured a duress sign-in at 1.1 s against 0.45 s for a wrong one: a coercer with a
stopwatch could tell the duress passphrase from the real one. The causes were the decoy vault,
built by running every migration through Alembic (about a second, most of it importing
Alembic and SQLAlchemy), and work done on one path only. Now a sign-in of a user who has a
duress passphrase works out the decoy's schema on a background thread while Argon2id runs,
every attempt runs both Argon2id checks, and a wrong passphrase pays the anti-forensic merge
a right one pays.

This script signs in the same way the web application does (``services.vaults.sign_in``, in
one long-running process), alternating wrong, real and duress attempts for ``--rounds``
rounds. A duress attempt destroys the keys, so each one signs in to a fresh copy of the
vault (the copying is not timed). It prints every attempt and the median and spread per
kind. The machine's other load moves single figures by tens of percent: compare medians of
runs made in the same minutes.

    python benchmarks/signin_timing.py --rounds 5
    python benchmarks/signin_timing.py --rounds 9 --insecure-fast-kdf   # all but Argon2id
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from uncounted.errors import AccessDenied
from uncounted.services import vaults
from uncounted.vault import kdf

USER, REAL, DURESS, WRONG = "ana", "real passphrase words", "duress passphrase words", "not it"


def _timed(attempt: Callable[[], None]) -> float:
    start = time.perf_counter()
    attempt()
    return time.perf_counter() - start


def _sign_in(path: Path, passphrase: str) -> None:
    with contextlib.suppress(AccessDenied):
        vaults.sign_in(path, USER, passphrase, None).close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--insecure-fast-kdf",
        action="store_true",
        help="libsodium's minimum Argon2id cost, to see what the paths spend besides it",
    )
    args = parser.parse_args()
    if args.insecure_fast_kdf:
        kdf.DEFAULT = kdf.INSECURE_FAST_FOR_TESTS
    if args.make:
        vaults.init_vault(args.make, USER, REAL)
        with vaults.unlock(args.make, USER, REAL) as session:
            vaults.set_duress(session, DURESS)
        return
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "vault"
        # made by another process, as a server's vault is: this one has not loaded Alembic
        subprocess.run(
            [sys.executable, __file__, "--make", str(base)]
            + (["--insecure-fast-kdf"] if args.insecure_fast_kdf else []),
            check=True,
        )
        vaults.prepare_sign_in()  # as the web server does when it starts
        _sign_in(base, WRONG)  # a server has signed someone in before; so does this process
        times: dict[str, list[float]] = {"wrong": [], "real": [], "duress": []}
        for round_ in range(args.rounds):
            copy = Path(folder) / f"copy-{round_}"
            shutil.copytree(base, copy)
            for kind, path, passphrase in (
                ("wrong", base, WRONG),
                ("real", base, REAL),
                ("duress", copy, DURESS),
            ):
                spent = _timed(lambda p=path, q=passphrase: _sign_in(p, q))
                times[kind].append(spent)
                print(f"round {round_} {kind:6} {spent:.3f} s", flush=True)
        for kind, spent in times.items():
            spread = f"{min(spent):.3f}-{max(spent):.3f}"
            print(f"{kind:6} median {statistics.median(spent):.3f} s (range {spread} s)")


if __name__ == "__main__":
    main()
