"""Sequences of reports read together: does a reader holding every report work out a number
under the threshold? (disclosure10, docs/counting.md "Hidden because of an earlier report").

For each seed, a synthetic register of 30 to 200 victims is published 3 to 5 times a few new
victims apart (some with one victim's violation corrected), each report audited as the vault
audits it: with every report before it, or with ``--last`` with the last one alone (stop 28's
rule). The tests' attacker then holds every report at once (``check_every_safe``: every
report's small cells) and the sequences where it narrows one are listed (a report nothing
protects is refused, as publishing refuses it, and left out of its sequence).

    python benchmarks/report_sequences.py --seeds 0 60
    python benchmarks/report_sequences.py --seeds 0 60 --last

Measured 2026-12-07 (disclosure10): with ``--last`` 6 of 60 sequences gave a small cell away
(seeds 8, 18, 34, 41, 43, 55); with every report, none (reports refused in seeds 34 and 43);
about 5 min each on the shared 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "report"))

from disclosure_attacker import check_every_safe  # noqa: E402
from test_report_sequences import sequence  # noqa: E402

from uncounted.report.disclosure import Rules  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", nargs=2, type=int, default=(0, 60), metavar=("FROM", "TO"))
    parser.add_argument("--last", action="store_true", help="audit with the last report alone")
    args = parser.parse_args()
    started, leaks = time.perf_counter(), []
    for seed in range(*args.seeds):
        read = sequence(seed, every=not args.last)
        try:
            check_every_safe(read, Rules())
        except AssertionError as found:
            leaks.append(seed)
            print(f"seed {seed}: {str(found)[:160]}", flush=True)
    took = time.perf_counter() - started
    print(
        f"{len(leaks)} of {args.seeds[1] - args.seeds[0]} sequences gave a small cell away"
        f" ({took:.0f} s)"
    )


if __name__ == "__main__":
    main()
