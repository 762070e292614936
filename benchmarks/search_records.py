"""Benchmark: one search of the records (the one rule, ``uncounted.services.search``) over a
vault of synthetic records, against the rule before it (the whole text inside one field).

    .venv/bin/python benchmarks/search_records.py --vault DIR [--records 10000] [--repeat 7]

DIR must not exist (with ``--first`` it may be an earlier run's): the benchmark creates it
(fast KDF, a synthetic world's records with their Cyrillic names, an admin granted every
case) and deletes nothing; remove it after.
The first search of a session opens every identity the user holds (names are sealed per
record) and keeps what the rule reads in the session's memory
(``uncounted.services.search_index``); later searches open only the records they may find,
so the rows below, run on a warm session, are later searches. Each query is run *repeat* times;
printed: median and worst milliseconds, and how many records matched.

``--first`` times instead the session's first search in the web application (the real app,
signed in through its form): a search sent right after sign-in, how long its first answer
took and what it was (the results, or the page that waits for the session's index,
``uncounted.web.search_ready``), how long after sign-in the results were shown (the page
asked again as soon as the index was read; in a browser the page reloads itself every
second, so add up to 1 s), and a search sent once it was::

    .venv/bin/python benchmarks/search_records.py --vault DIR --records 10000 --repeat 5 --first

The script runs against older code too (``PYTHONPATH`` naming another checkout): there the
first answer is the results, made by reading the whole index.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import iuliia
from fastapi.testclient import TestClient

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
    parser.add_argument("--first", action="store_true", help="the first search after sign-in")
    return parser.parse_args()


def first_search(vault: Path, text: str, repeat: int) -> None:
    """Sign in (a fresh session each time) and search *text* at once, through the web app."""
    from uncounted.web import WebSettings, app_for_vault

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
    from web_helpers import sign_in  # the tests' own sign-in, through the real form

    firsts, readies, afters, waited = [], [], [], 0
    for _ in range(repeat):
        with TestClient(
            app_for_vault(WebSettings(vault=vault)), base_url="http://127.0.0.1"
        ) as client:
            csrf = sign_in(client, ADMIN, ADMIN_PASS)
            signed_in = time.perf_counter()
            form = {"csrf_token": csrf, "q": text}
            page = client.post("/records", data=form, follow_redirects=True)
            firsts.append(time.perf_counter() - signed_in)
            waiting = 'id="search-wait"' in page.text
            waited += waiting
            if waiting:  # asked again once the session's reader is done (no polling load)
                (session,) = client.app.state.shell.sessions.live()  # type: ignore[attr-defined]
                session.index_reader.join()
                page = client.get(str(page.url))
                assert 'id="search-wait"' not in page.text
            readies.append(time.perf_counter() - signed_in)
            again = time.perf_counter()
            client.post("/records", data=form, follow_redirects=True)
            afters.append(time.perf_counter() - again)
    print(f"records: {count_of(vault)}; searched: {text!r}; {repeat} sign-ins")
    print(
        "| first answer after sign-in, median (worst) s | it waited | results shown after"
        " sign-in, median (worst) s | a search once ready, median (worst) s |"
    )
    print("|---|---|---|---|")
    print(
        f"| {statistics.median(firsts):.2f} ({max(firsts):.2f}) | {waited} of {repeat} |"
        f" {statistics.median(readies):.2f} ({max(readies):.2f}) |"
        f" {statistics.median(afters):.2f} ({max(afters):.2f}) |"
    )


def count_of(vault: Path) -> int:
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        return records.count_records(admin)


def main() -> None:
    args = arguments(__doc__, records=10_000, repeat=7)
    if args.first and args.vault.exists():  # the vault of an earlier --first run, again
        world = generate_world(WorldConfig(people=args.records, seed=2017)).records
        names = [str(name) for name in world.head(args.records)["name"]]
    else:
        names = build(args.vault, args.records)
    cyrillic = next(name for name in names if name[:1].isalpha() and not name.isascii())
    typed = str(iuliia.WIKIPEDIA.translate(cyrillic))  # as an English-language caller spells it
    if args.first:
        first_search(args.vault, typed.split()[0], args.repeat)
        return
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
