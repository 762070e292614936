"""Benchmark: one search of the records (the one rule, ``uncounted.services.search``) over a
vault of synthetic records, against the rule before it (the whole text inside one field).

    .venv/bin/python benchmarks/search_records.py --vault DIR [--records 10000] [--repeat 7]

DIR must not exist: the benchmark creates it (fast KDF, a synthetic world's records with
their Cyrillic names, an admin granted every case) and deletes nothing; remove it after.
The first search of a session opens every identity the user holds (names are sealed per
record) and keeps what the rule reads in the session's memory
(``uncounted.services.search_index``); later searches open only the records they may find,
so the rows below, run on a warm session, are later searches. Each query is run *repeat* times;
printed: median and worst milliseconds, and how many records matched.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import iuliia

from uncounted.services import records, search, vaults
from uncounted.synth import WorldConfig, generate_world
from uncounted.vault import RecordView, kdf
from uncounted.vault import records as store

ADMIN, ADMIN_PASS = "admin", "benchmark admin passphrase"


def build(path: Path, count: int) -> list[str]:
    """A vault of *count* synthetic records; their names as written."""
    world = generate_world(WorldConfig(people=count, seed=2017)).records.head(count)
    drafts = [
        store.RecordDraft(
            case=str(row.source),
            source=str(row.source),
            source_record_id=str(row.record_id),
            identity={
                key: str(value)
                for key, value in row._asdict().items()
                if key in ("name", "name_original", "birth_date") and str(value) not in ("", "nan")
            },
        )
        for row in world.itertuples(index=False)
    ]
    kdf.DEFAULT = kdf.INSECURE_FAST_FOR_TESTS  # this benchmark's vault only
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        store.insert_records(admin, drafts, action="records.import", target="benchmark")
    return [str(name) for name in world["name"]]


def before(text: str) -> search.Matcher:
    """The rule before this one: the whole text, case aside, inside one field."""
    needle = text.casefold()

    def matches(view: RecordView) -> bool:
        values = [view.pseudonym, view.record_id, view.source_record_id or ""]
        values += list((view.identity or {}).values())
        return any(needle in value.casefold() for value in values)

    return matches


def timed(run: object, repeat: int) -> tuple[float, float, int]:
    assert callable(run)
    times, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = len(run())
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times), max(times), found


def arguments(doc: str | None, records: int, repeat: int) -> argparse.Namespace:
    """The command line every search benchmark takes: the vault to build (``--vault``, must not
    exist), how many records (``--records``) and how many timed runs (``--repeat``)."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--records", type=int, default=records)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__, records=10_000, repeat=7)
    names = build(args.vault, args.records)
    cyrillic = next(name for name in names if name[:1].isalpha() and not name.isascii())
    typed = str(iuliia.WIKIPEDIA.translate(cyrillic))  # as an English-language caller spells it
    queries = {
        f"a name in Latin ({len(typed.split())} words) for one written in Cyrillic": typed,
        "its surname alone, Latin": typed.split()[0],
        "its surname's first four letters, Latin (half typed)": typed.split()[0][:4],
        "a name nobody has": "Nobodyev Nikto",
        "a word in many names (ov)": "ov",
    }
    with vaults.unlock(args.vault, ADMIN, ADMIN_PASS) as admin:
        print(f"records: {records.count_records(admin)}")
        print("| query | rule | median ms | worst ms | matched |")
        print("|---|---|---|---|---|")
        for label, text in queries.items():
            for rule, run in (
                ("one rule (search.matching)", lambda t=text: records.list_records(admin, text=t)),
                (
                    "a web page of 51 rows, as before (stops when full)",
                    lambda t=text: records.list_records(admin, limit=51, text=t),
                ),
                (
                    "a web page of 51 rows and how many match (find_records)",
                    lambda t=text: records.find_records(admin, limit=51, text=t).views,
                ),
                (
                    "before (whole text in a field)",
                    lambda t=text: store.list_records(
                        admin, store.RecordFilter(matches=before(t)), reveal=True
                    ),
                ),
            ):
                run()  # warm: pages read, caches filled
                median, worst, found = timed(run, args.repeat)
                print(f"| {label} | {rule} | {median:.0f} | {worst:.0f} | {found} |")


if __name__ == "__main__":
    main()
