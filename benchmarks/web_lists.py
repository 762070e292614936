"""Benchmark: the people, events, sources, claims and follow-up lists on a 100,000-record vault.

    .venv/bin/python benchmarks/web_lists.py [--records 100000] [--vault DIR] [--repeat 15]

Builds (or reuses, with ``--vault``) the synthetic vault of ``benchmarks/web_load.py`` (fast
INSECURE KDF; the caseworker "bench" granted half of the 40 cases) and times, in-process, the
service call behind each list page as the caseworker: first page (51 rows, as the page asks
for one more than it shows). The peer, measured in the same run, is the records list
(``services.records.list_records``, the lead's ``/records`` page) with the same page size.
Prints one JSON object: per list, median and max milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from web_load import USER, USER_PASS, build_vault  # makes its vault with the fast KDF cost

from uncounted.services import claims, followups, people, records, vaults

PAGE = 51


def _time(call: Callable[[], object], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    path = args.vault or Path(tempfile.mkdtemp(prefix="uncounted-bench-")) / "vault"
    if not path.exists():
        build_vault(path, args.records)
    today = dt.date.today()
    scenarios: dict[str, Callable[[object], object]] = {
        "peer: records list (/records)": lambda v: records.list_records(v, None, PAGE),
        "people (/people)": lambda v: people.list_people(v, people.PeopleFilter(), PAGE),
        "people, role and sex filter": lambda v: people.list_people(
            v, people.PeopleFilter(role="victim", sex="female"), PAGE
        ),
        "people, event type and district": lambda v: people.list_people(
            v, people.PeopleFilter(event_type="torture", district="ru-ce-grozny"), PAGE
        ),
        "events (/events)": lambda v: people.list_events(v, people.EventFilter(), PAGE),
        "events, page 100": lambda v: people.list_events(v, people.EventFilter(), PAGE, 99 * 50),
        "sources (/sources)": lambda v: people.list_sources(v),
        "claims (/claims, none stored)": lambda v: claims.list_claims(v),
        "cases due for follow-up (/cases)": lambda v: followups.cases_due(v, today),
    }
    with vaults.unlock(path, USER, USER_PASS) as vault:
        result = {
            name: _time(lambda c=call: c(vault), args.repeat) for name, call in scenarios.items()
        }
    print(json.dumps({"records": args.records, "vault": str(path), "lists": result}, indent=2))


if __name__ == "__main__":
    main()
