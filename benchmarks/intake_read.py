"""How fast does uncounted read and validate a 100,000-row list, against plain parsers?

Writes a synthetic Windows-1251 CSV (synthetic people only) into a temporary directory, then
times, best of --repeat runs on the same file:

* ``read_records``  uncounted: detect encoding, map columns, validate every field, build records
* ``iter_records``  the same, streamed, records discarded as the vault's bulk import does
* ``read_records_file``  the same reader in the records format ``uncounted link`` reads (each
  row names its source), giving a table of text for linkage
* ``csv.reader``    the standard library: decode and split into dicts, no validation (floor)
* ``pandas``        ``pandas.read_csv(dtype=str)`` then one dict per row, no validation
* ``preview``       the import page's first five rows (``preview_list``)
* ``preview+dates`` the same, reading the whole file on for the dates the date order changes
  (``dates=True``, :class:`uncounted.intake.DateSurvey`), as the import page does
* ``check_list``    the import page's check of every row before the import (the import's own
  read, keeping problems and each record id's row, no records)
* ``check_list+dates`` the same read surveying the dates as ``preview+dates`` does
* ``upload``        all the import page reads when a list is uploaded: the headers, the check
  with the dates surveyed in its read, the first five rows

With ``--slashed`` the dates are written 05/03/1990 (the survey's worst case: every date
cell sorted) and read day first; the records-format run is left out (it takes no order).

Usage: python benchmarks/intake_read.py [--rows 100000] [--repeat 3] [--slashed]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from uncounted.intake import (
    ColumnMapping,
    check_list,
    iter_records,
    preview_list,
    read_records,
    read_records_file,
)

GIVEN = ["Аслан", "Зелимхан", "Ислам", "Мовсар", "Зарема", "Хеда", "Ахмед", "Малика", "Руслан"]
FAMILY = ["Тестов", "Примеров", "Образцов", "Условнов", "Пробный", "Выдуманов", "Синтетов"]
PLACES = ["Грозный", "Аргун", "Shali", "с. Центарой", "Gudermes", "Урус-Мартан", "Нигде"]
TYPES = ["detention", "Пытки", "задержание", "Killing", "disappearance"]
HEADER = ["source", "record_id", "name", "name_original", "birth_date", "age", "sex", "place"]
HEADER += ["event_date", "event_type"]


def write_list(path: Path, rows: int, seed: int = 7, slashed: bool = False) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="cp1251", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            writer.writerow(
                [
                    "bench",
                    f"r{i}",
                    f"{given} {family}",
                    f"{family} {given}",
                    f"{rng.randint(1960, 2003)}-{rng.randint(1, 12):02d}",
                    str(rng.randint(16, 60)),
                    rng.choice("мж"),
                    rng.choice(PLACES),
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2017"
                    if slashed
                    else f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(TYPES),
                ]
            )


def best_of(repeat: int, run: Callable[[], int]) -> tuple[float, float, int]:
    """Best wall-clock and best CPU seconds over ``repeat`` runs, and the rows counted."""
    walls, cpus, count = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        count = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slashed", action="store_true", help="event dates as 05/03/2017")
    args = parser.parse_args()
    mapping = ColumnMapping(date_order="day-first" if args.slashed else None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        write_list(path, args.rows, slashed=args.slashed)
        size = path.stat().st_size

        def plain_csv() -> int:
            with path.open(encoding="cp1251", newline="") as handle:
                reader = csv.reader(handle, delimiter=";")
                header = next(reader)
                return len([dict(zip(header, row, strict=False)) for row in reader])

        def with_pandas() -> int:
            frame = pd.read_csv(path, sep=";", encoding="cp1251", dtype=str)
            return len(frame.to_dict("records"))

        def preview(dates: bool) -> int:
            shown = preview_list(
                path, source="bench", mapping=ColumnMapping(), count=5, dates=dates
            )
            return args.rows if dates else len(shown.rows)

        def upload() -> int:
            """What the import page reads on an upload: the headers, the whole check with the
            survey of the file's dates in the same read, the first rows (before importux4,
            the preview read the whole file for the survey, and the check read it again)."""
            preview_list(path, source="bench", mapping=ColumnMapping(), count=0)
            check = check_list(path, source="bench", mapping=mapping, dates=True)
            preview_list(path, source="bench", mapping=mapping, count=5)
            return len(check.rows)

        runs = {
            "read_records": lambda: len(read_records(path, source="bench", mapping=mapping)),
            "iter_records": lambda: sum(
                1 for _ in iter_records(path, source="bench", mapping=mapping)
            ),
            "read_records_file": lambda: len(read_records_file(path)),
            "csv.reader": plain_csv,
            "pandas": with_pandas,
            "preview": lambda: preview(False),
            "preview+dates": lambda: preview(True),
            "check_list": lambda: len(check_list(path, source="bench", mapping=mapping).rows),
            "check_list+dates": lambda: len(
                check_list(path, source="bench", mapping=mapping, dates=True).rows
            ),
            "upload": upload,
        }
        if args.slashed:
            del runs["read_records_file"]
        results = {name: best_of(args.repeat, run) for name, run in runs.items()}
    print(f"{args.rows} rows, {size / 1e6:.1f} MB Windows-1251 CSV, best of {args.repeat}")
    floor_wall, floor_cpu, _ = results["csv.reader"]
    for name, (wall, cpu, count) in results.items():
        print(
            f"{name:18s} wall {wall:6.2f} s ({wall / floor_wall:4.1f}x csv.reader)  "
            f"cpu {cpu:6.2f} s ({cpu / floor_cpu:4.1f}x)  {count / cpu:8.0f} rows per cpu-second"
        )


if __name__ == "__main__":
    main()
