"""Benchmark: a broad search's first page with how many match, with the count stopped past
500 matches (``uncounted.vault.records.MOST_COUNTED``) and counted to the end as before; and a
search's time right after linkage's caches were cleared (what a sign-out costs the next
search of every other user) against one on warm caches. Each search also as the first of a
session, which reads every record into the session's search index
(``uncounted.services.search_index``); the other rows are later searches, which use it.

    .venv/bin/python benchmarks/search_count_cap.py --vault DIR [--records 100000] [--repeat 5]

DIR must not exist: the vault is built as ``search_records.py`` builds it (fast KDF, a
synthetic world's records, an admin granted every case); remove it after. Printed: median and
worst milliseconds of each, and how many records the search counted.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_records import ADMIN, ADMIN_PASS, arguments, build, timed  # after the path

from uncounted.linkage import clear_caches
from uncounted.services import records, vaults
from uncounted.vault import records as store

#: A page of 20 rows and one more to know there is a next page (the web's lists show 50: with
#: the count stopped at the 501st match, either reads the same records).
PAGE = 21


def main() -> None:
    args = arguments(__doc__, records=100_000, repeat=5)
    names = build(args.vault, args.records)
    surname = next(name for name in names if not name.isascii()).split()[0]
    capped = store.MOST_COUNTED
    with vaults.unlock(args.vault, ADMIN, ADMIN_PASS) as admin:
        print(f"records: {records.count_records(admin)}")
        print("| search | count | median ms | worst ms | counted |")
        print("|---|---|---|---|---|")
        for label, text in (("a word in many names (ov)", "ov"), ("a surname", surname)):
            for rule, most in (("stopped past 500", capped), ("to the end (before)", 10**12)):
                store.MOST_COUNTED = most

                def page(t: str = text) -> list[int]:
                    found = records.find_records(admin, limit=PAGE, text=t)
                    return [0] * found.matching

                page()  # warm: pages read, caches filled, the index read
                median, worst, counted = timed(page, args.repeat)
                print(f"| {label} | {rule} | {median:.0f} | {worst:.0f} | {counted} |")

            store.MOST_COUNTED = capped

            def first(t: str = text) -> list[int]:
                admin.memo.clear()  # as a session that has not searched yet
                return [0] * records.find_records(admin, limit=PAGE, text=t).matching

            median, worst, counted = timed(first, args.repeat)
            print(f"| {label} | first of a session | {median:.0f} | {worst:.0f} | {counted} |")
        store.MOST_COUNTED = capped
        print()
        print("| the same page of a surname search | median ms | worst ms |")
        print("|---|---|---|")

        def cold(t: str = surname) -> list[object]:
            clear_caches()  # as another user's sign-out does
            return records.find_records(admin, limit=PAGE, text=t).views

        def warm(t: str = surname) -> list[object]:
            return records.find_records(admin, limit=PAGE, text=t).views

        for label, run in (("caches warm", warm), ("caches just cleared (a sign-out)", cold)):
            run()
            median, worst, _ = timed(run, args.repeat)
            print(f"| {label} | {median:.0f} | {worst:.0f} |")


if __name__ == "__main__":
    main()
