"""The capture histories an estimate run estimated from: kept with the run, read in one place.

A run estimates from its people's patterns of lists. The reviewer's file (``uncounted
estimate histories VAULT --histories-out FILE``), the package's histories.csv and the count of
their people the disclosure control audits were rebuilt from the register as it is now: once
records were added, corrected or withdrawn after the run, a reviewer re-running the estimate
from our own histories got another number than the one printed beside it (runhist, session
28). So a run keeps its histories in its scope when it runs (:data:`~uncounted.vault.
analysis_store.HISTORIES`): the people counted by the district of their earliest record and
their pattern over the run's lists. Counts only, no record, person or name, inside the
encrypted vault; the package still coarsens the districts into strata, by the rules of the
report that publishes them (:mod:`uncounted.report.histories`). That is exact and needs no
schema change (the scope is the run's JSON); rebuilding from the records as they were at the
run would need every revision and withdrawal replayed, and the register's links as they were.

A run kept before this has no histories of its own and is rebuilt from the register as it is
now, as before, with the caution that records changed since it read them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from uncounted import vault as store
from uncounted.report.strata import Person
from uncounted.vault import Action, VaultSession

__all__ = ["Mention", "kept_histories", "people_of", "run_people"]

Mention = tuple[str, str, str]
"""A victim's record as a run counts it: (the person, the list, the record's id in the vault)."""

_NO_MONTH = "9999"


def people_of(vault: VaultSession, mentions: Iterable[Mention]) -> list[Person]:
    """Each person of *mentions* once: the lists naming them and the district of their
    earliest record (by event month), what histories.csv's strata are made from. It lists
    the records (every role may; the check says so here, not only in the callers)."""
    vault.require(Action.RECORDS_LIST)
    places = {
        view.record_id: (view.event_month or _NO_MONTH, view.district or "")
        for view in store.list_records(vault, reveal=False)
    }
    lists: dict[str, set[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for who, source, record_id in mentions:
        lists.setdefault(who, set()).add(source)
        seen = places.get(record_id, (_NO_MONTH, ""))
        first[who] = min(first.get(who, seen), seen)
    return [(frozenset(named), first[who][1]) for who, named in sorted(lists.items())]


def kept_histories(people: Iterable[Person], lists: Sequence[str]) -> list[list[object]]:
    """*people* as a run keeps them in its scope: ``[district, pattern, people]`` rows, the
    pattern a string of 0 and 1 over *lists* (the run's, in its order)."""
    counted = Counter(
        (district, "".join("1" if name in named else "0" for name in lists))
        for named, district in people
    )
    return [[district, pattern, n] for (district, pattern), n in sorted(counted.items())]


def _rebuilt(vault: VaultSession, run: store.StoredResult) -> list[Mention]:
    """The victims' records on *run*'s lists (a list left out on purpose is not one), of its
    violation, by the person the register places them in now: a run kept before runs kept
    their histories."""
    event_type = run.scope.get("event_type")
    violation = event_type if isinstance(event_type, str) and event_type else None
    estimated = set(run.lists)
    return [
        (m.who, m.source, m.record_id)
        for m in store.victim_mentions(vault.conn, violation)
        if m.source in estimated
    ]


def run_people(vault: VaultSession, run: store.StoredResult) -> list[Person]:
    """The people of the histories *run* estimated from, as kept with it; a run kept before
    that, as the register places its lists' people now. Every reader of a run's histories
    reads them here: the reviewer's file, the package's histories.csv and its README. What a
    public report publishes (every role may make one; the callers check their own action)."""
    vault.require(Action.REPORT_PUBLIC)
    kept = run.histories_kept
    if kept is None:
        return people_of(vault, _rebuilt(vault, run))
    return [(named, district) for district, named, n in kept for _ in range(n)]
