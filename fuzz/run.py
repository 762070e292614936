"""Run one fuzz target under atheris (libFuzzer, coverage-guided), its corpus kept in the repo.

    python fuzz/run.py TARGET [libFuzzer options]      e.g. -runs=1000000 -max_total_time=600

The corpus is ``fuzz/corpus/TARGET``: libFuzzer starts from it and adds every input that
reached new code (commit them). ``-minimize_crash``, ``-jobs`` and every other libFuzzer flag
pass through. A crash is written as ``crash-*`` into the working directory and stops the run
with a non-zero exit; ``-timeout=N`` (default here 20 s) makes an input slower than that a hang.
Only uncounted's own code is instrumented for coverage; the libraries it calls are not.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import atheris  # type: ignore[import-untyped]  # atheris ships no type information

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# antiforensic's merge is a loop of fixed length whatever the input (4,000 SHA-256 rounds per
# key unwrapped): instrumented it only costs time (26 ms instead of 8 per unwrap), no coverage
with atheris.instrument_imports(include=["uncounted"], exclude=["uncounted.vault.antiforensic"]):
    import uncounted.intake
    import uncounted.ledger
    import uncounted.services.backups
    import uncounted.vault  # noqa: F401  # imported to be instrumented

from targets import TARGETS  # noqa: E402  # after instrumentation

#: Targets whose inputs are kept short unless -max_len is given: a backup's tar stream seeded
#: with a real 260 KB vault otherwise mutates mostly the 180 KB of SQLCipher pages inside it,
#: which only SQLCipher reads; small members reach the same tar and member checks.
SHORT = {"backup-stream": 16384}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python fuzz/run.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    name = sys.argv[1]
    target = TARGETS[name]
    corpus = HERE / "corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    flags = [arg for arg in sys.argv[2:] if arg.startswith("-")]
    paths = [arg for arg in sys.argv[2:] if not arg.startswith("-")] or [str(corpus)]
    if not any(flag.startswith("-timeout=") for flag in flags):
        flags.append("-timeout=20")
    if not any(flag.startswith("-rss_limit_mb=") for flag in flags):
        flags.append("-rss_limit_mb=2048")
    if name in SHORT and not any(flag.startswith("-max_len=") for flag in flags):
        flags.append(f"-max_len={SHORT[name]}")
    target(b"")  # build the templates (a workbook, a package, a vault) before counting inputs
    # libFuzzer runs argv[0] through the shell for -merge=1 (and -fork, -jobs): give it the
    # whole command, target included, so that those modes run this target too
    command = shlex.join([sys.executable, str(HERE / "run.py"), name])
    atheris.Setup([command, *flags, *paths], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
