"""How much memory does streaming a list take per row, and does it grow with the rows' length?

Writes synthetic Windows-1251 CSVs (synthetic people only, rows of about 1 KB and 4 KB) into
a temporary directory and streams each with ``iter_records``, records dropped as the vault's
bulk import does, under ``tracemalloc``. A tiny list of the same shape is read first, so the
imports and caches of a process's first read are not counted. Prints the peak traced bytes,
and per row: what the reader keeps to say a repeated record id or a repeated row (each
record id with its row number, a digest of each row), plus the 256 KiB encoding sample
read once per file. The test ``test_streaming_does_not_hold_the_file_in_memory`` bounds it.

Usage: python benchmarks/intake_memory.py [--rows 5000 50000]
"""

from __future__ import annotations

import argparse
import tempfile
import tracemalloc
from pathlib import Path

from uncounted.intake import iter_records

TESTIMONY = "Синтетический рассказ о событии. " * 30  # about 1 KB


def write_list(folder: Path, rows: int, testimony: str) -> Path:
    """A CSV of *rows* synthetic people, each with *testimony*, in Windows-1251."""
    lines = ["record_id,name,testimony"]
    lines += [f"{i},Synthetic Person {i},{testimony}" for i in range(rows)]
    path = folder / f"list-{rows}-{len(testimony)}.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


def streaming_peak(path: Path) -> tuple[int, int]:
    """The records read and the peak traced bytes while streaming *path*."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_records(path, source="s"))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 50_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        streaming_peak(write_list(Path(folder), 3, TESTIMONY))  # imports, caches: not counted
        for rows in args.rows:
            for testimony in (TESTIMONY, TESTIMONY * 4):
                path = write_list(Path(folder), rows, testimony)
                count, peak = streaming_peak(path)
                size = path.stat().st_size
                print(
                    f"{count:>7} rows of {size // rows:>5} B: file {size:>11,} B,"
                    f" peak {peak:>11,} B, {peak / rows:6.1f} B a row"
                )
                path.unlink()


if __name__ == "__main__":
    main()
