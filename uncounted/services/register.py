"""The person register as people use it: list and compare people, link, merge, split, undo.

A person (``uncounted.vault.Person``) is a set of records linkage or a reviewer decided belong
to one human being, with a stable id and a history (``uncounted/vault/register.py``). Anyone
who may list records may list people and their records (pseudonyms, no identity) and the
counts; identities appear, audited, only for records of cases the user holds. Linking needs
``estimate.run``; merging, splitting, confirming and undoing need ``people.review`` and the
grant of every record involved: nobody decides that two people are one without reading both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.linkage import Decision, Decisions, LinkConfig, LinkResult, link_records
from uncounted.messages import N_, Counted, Message
from uncounted.model import PERSON_COLUMNS, PartialDate
from uncounted.services import records, search
from uncounted.services.analysis import config_for, readable_frame
from uncounted.services.permissions import may
from uncounted.vault import (
    Action,
    Change,
    LinkageOutcome,
    NotGranted,
    PeopleCounts,
    Person,
    PersonRecord,
    RecordView,
    VaultSession,
)

__all__ = [
    "Change",
    "Comparison",
    "FoundPeople",
    "LinkageOutcome",
    "Linked",
    "PeopleCounts",
    "Person",
    "PersonPage",
    "PersonRecord",
    "ReasonTooLong",
    "TellApart",
    "compare",
    "confirm",
    "counts",
    "find_people",
    "history",
    "link_people",
    "link_people_scored",
    "list_people",
    "merge",
    "recent_changes",
    "show_person",
    "split",
    "told_apart",
    "undo",
    "unplaced_out_of_reach",
]

Progress = Callable[[str], None]
REASON_MAX = 500


class ReasonTooLong(InputError):
    """Raised when a reviewer's reason is longer than the register keeps."""


@dataclass(frozen=True)
class PersonPage:
    """One person with each record as this user may see it, and the person's history."""

    person: Person
    records: tuple[RecordView, ...]
    history: tuple[Change, ...]


@dataclass(frozen=True)
class Comparison:
    """Two people field by field: for each field, each side's values and whether they differ."""

    left: PersonPage
    right: PersonPage
    fields: tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool], ...]
    readable: bool
    """True when this user can read every record of both (only then may they merge)."""


def _reason(reason: str) -> str:
    text = reason.strip()
    if len(text) > REASON_MAX:
        raise ReasonTooLong(
            N_("the reason is {length} characters long; at most {most} are kept"),
            length=len(text),
            most=REASON_MAX,
        )
    return text


def list_people(vault: VaultSession, text: str = "") -> list[Person]:
    """Every person of the register with their records (no identities), oldest first; with a
    search *text*, those with a record it finds (the one rule, :mod:`uncounted.services.search`:
    a name in any script, only in the cases the user holds; those records audited as read),
    every one of them (the command line lists them all; the web page asks :func:`find_people`)."""
    return find_people(vault, text, capped=False).people


@dataclass(frozen=True)
class FoundPeople:
    """The people a register search found, and the records that found them (None: no search)."""

    people: list[Person]
    records: store.Found | None = None


def find_people(vault: VaultSession, text: str = "", *, capped: bool = True) -> FoundPeople:
    """As :func:`list_people`; when *capped*, the search stops as the records list's does
    (:func:`uncounted.vault.records.find_records`: past ``MOST_COUNTED`` matching records, the
    people of the first ones, and ``records.more_than`` says so) instead of opening every
    identity the user holds to find each person of a common surname."""
    vault.require(Action.RECORDS_LIST)
    everyone = store.register_people(vault.conn)
    if search.matching(text) is None:
        return FoundPeople(everyone)
    most = store.MOST_COUNTED if capped else None
    matched = records.find_records(vault, limit=most, text=text)
    found = {view.record_id for view in matched.views}
    people = [person for person in everyone if any(r.record_id in found for r in person.records)]
    return FoundPeople(people, matched)


@dataclass(frozen=True)
class TellApart:
    """What tells one person of the register's list from another, read from their records in
    the cases the user holds: the names as written (each once) and the years of birth."""

    names: tuple[str, ...]
    born: tuple[int, ...]


def told_apart(vault: VaultSession, people: Sequence[Person]) -> dict[str, TellApart]:
    """For each of *people* (those a page shows), what tells them apart, by person id: only
    where this user may read identities and holds the case of a record (as the records page
    shows a name), the records opened audited as read; a person whose records are all sealed
    to the user is left out (the page shows their code alone)."""
    vault.require(Action.RECORDS_LIST)
    if not may(vault, Action.IDENTITY_READ):
        return {}
    told: dict[str, TellApart] = {}
    for person in people:
        names: dict[str, None] = {}
        born: dict[int, None] = {}
        for record in person.records:
            identity = store.get_record(vault, record.record_id, reveal=True).identity
            if not identity:
                continue
            if name := identity.get("name") or identity.get("name_original"):
                names[name] = None
            if (year := _birth_year(identity.get("birth_date"))) is not None:
                born[year] = None
        if names or born:
            told[person.id] = TellApart(tuple(names), tuple(sorted(born)))
    return told


def _birth_year(written: str | None) -> int | None:
    """The year of a stored birth date (a year, a month or a day), None for none."""
    try:
        return PartialDate.parse(written).year if written else None
    except InputError:  # stored before dates were checked: not shown, not guessed
        return None


def counts(vault: VaultSession) -> PeopleCounts:
    """Victims counted as people, overall, by event type, source, month and district."""
    vault.require(Action.RECORDS_LIST)
    return store.people_counts(vault.conn)


def unplaced_out_of_reach(vault: VaultSession) -> int:
    """How many of the records not yet linked are in cases the signed-in user does not hold:
    their linking waits for someone granted those cases (the rest wait for the next run)."""
    vault.require(Action.RECORDS_LIST)
    return store.unplaced_out_of_reach(vault.conn, vault.user.id)


def person_of(vault: VaultSession, record_id: str) -> str | None:
    """The id of the register's person holding *record_id*; None until a linkage run (or a
    reviewer) has placed it, when it is counted as one person of its own."""
    vault.require(Action.RECORDS_LIST)
    return store.person_of_record(vault.conn, record_id)


def history(vault: VaultSession, person_id: str) -> list[Change]:
    """Every change that made, confirmed or replaced *person_id*, oldest first."""
    vault.require(Action.RECORDS_LIST)
    return store.person_history(vault.conn, person_id)


def recent_changes(vault: VaultSession, limit: int = 50) -> list[Change]:
    """The register's latest changes, newest first."""
    vault.require(Action.RECORDS_LIST)
    return store.register_changes(vault.conn, limit)


def show_person(vault: VaultSession, person_id: str) -> PersonPage:
    """One person, each record with its identity where granted (audited as read)."""
    vault.require(Action.RECORDS_LIST)
    found = store.register_person(vault.conn, person_id)
    reveal = may(vault, Action.IDENTITY_READ)
    views = tuple(store.get_record(vault, rec.record_id, reveal=reveal) for rec in found.records)
    return PersonPage(found, views, tuple(store.person_history(vault.conn, person_id)))


def _values(page: PersonPage, column: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for view in page.records:
        if view.identity is None:
            continue
        value = {**view.analytic, **view.identity}.get(column)
        if value is None and column == "event_type":
            value = view.event_type
        if value:
            seen[str(value)] = None
    return tuple(seen)


def compare(vault: VaultSession, left: str, right: str) -> Comparison:
    """Two people side by side, field by field, differences marked (identities where granted)."""
    vault.require(Action.RECORDS_LIST)
    one, other = show_person(vault, left), show_person(vault, right)
    rows = []
    for column in ("source", *PERSON_COLUMNS):
        if column == "source":
            mine = tuple(dict.fromkeys(view.source for view in one.records))
            theirs = tuple(dict.fromkeys(view.source for view in other.records))
        else:
            mine, theirs = _values(one, column), _values(other, column)
        if mine or theirs:
            rows.append((column, mine, theirs, set(mine) != set(theirs)))
    readable = all(view.identity is not None for view in (*one.records, *other.records))
    return Comparison(one, other, tuple(rows), readable)


@dataclass(frozen=True)
class Linked:
    """One linkage run into the register: what changed, and the scored pairs behind it.

    ``frame`` holds the records linked (the records format, plus ``vault_id``), ``result``
    linkage's scored pairs over them (None when there was nothing to link), ``left_out`` how
    many records this user could not read. The estimate reuses the pairs for its sensitivity
    to the linkage threshold instead of linking a second time.
    """

    outcome: LinkageOutcome
    frame: pd.DataFrame
    result: LinkResult | None
    decided: Decisions
    left_out: int


def link_people(
    vault: VaultSession, config: LinkConfig | None = None, progress: Progress | None = None
) -> LinkageOutcome:
    """Link the records this user can read into people and bring the register in line.

    Reviewers' pair verdicts are applied; confirmed people and people holding records this
    user cannot read stay as they are (``uncounted.vault.apply_linkage``).
    """
    return link_people_scored(vault, config, progress).outcome


def link_people_scored(
    vault: VaultSession, config: LinkConfig | None = None, progress: Progress | None = None
) -> Linked:
    """:func:`link_people`, keeping the scored pairs for whoever needs them next."""
    vault.require(Action.ESTIMATE_RUN)
    say = progress or (lambda _message: None)
    frame, left_out = readable_frame(vault)
    if frame.empty:
        return Linked(store.apply_linkage(vault, []), frame, None, Decisions(()), left_out)
    keys = set(zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True))
    decided = Decisions(
        tuple(
            Decision(d.left, d.right, d.match)
            for d in store.decisions(vault.conn)
            if d.left in keys and d.right in keys
        )
    )
    say(
        Message(
            N_("linking {records} into people"),
            records=Counted(N_("%(num)d record"), N_("%(num)d records"), len(frame)),
        )
    )
    linked = link_records(frame, config or config_for(frame), decided)
    clusters: dict[object, list[str]] = {}
    for cluster_id, record in zip(
        linked.records["cluster_id"], linked.records["vault_id"], strict=True
    ):
        clusters.setdefault(cluster_id, []).append(str(record))
    say(
        Message(
            N_("{people}; updating the register"),
            people=Counted(N_("%(num)d person linked"), N_("%(num)d people linked"), len(clusters)),
        )
    )
    outcome = store.apply_linkage(vault, list(clusters.values()))
    return Linked(outcome, frame, linked, decided, left_out)


def _require_readable(vault: VaultSession, person_ids: Sequence[str]) -> None:
    """Raise unless this user can read every record of *person_ids* (reads audited)."""
    for person_id in person_ids:
        for record in store.register_person(vault.conn, person_id).records:
            if (
                store.get_record(
                    vault, record.record_id, reveal=may(vault, Action.IDENTITY_READ)
                ).identity
                is None
            ):
                raise NotGranted(
                    N_("person {person!r} has a record in a case you are not granted"),
                    person=person_id,
                )


def merge(vault: VaultSession, person_ids: Sequence[str], reason: str) -> str:
    """Make one confirmed person of *person_ids* (all readable by the reviewer); return its id."""
    vault.require(Action.PEOPLE_REVIEW)
    text = _reason(reason)
    _require_readable(vault, person_ids)
    return store.merge_people(vault, person_ids, text)


def split(
    vault: VaultSession, person_id: str, groups: Sequence[Sequence[str]], reason: str
) -> list[str]:
    """Split a person into confirmed people, one per group of record ids (the rest one more)."""
    vault.require(Action.PEOPLE_REVIEW)
    text = _reason(reason)
    _require_readable(vault, [person_id])
    return store.split_person(vault, person_id, groups, text)


def confirm(vault: VaultSession, person_id: str, reason: str = "") -> None:
    """Mark a person as checked by a reviewer: later linkage runs keep them whole."""
    vault.require(Action.PEOPLE_REVIEW)
    text = _reason(reason)
    _require_readable(vault, [person_id])
    store.confirm_person(vault, person_id, text)


def undo(vault: VaultSession, change_id: int, reason: str = "") -> int:
    """Undo a reviewer's merge, split or confirmation; return the undoing change's number."""
    vault.require(Action.PEOPLE_REVIEW)
    text = _reason(reason)
    done = store.register_change(vault.conn, change_id)
    _require_readable(vault, [pid for pid in done.after if _active(vault, pid)])
    return store.undo_change(vault, change_id, text)


def _active(vault: VaultSession, person_id: str) -> bool:
    try:
        store.register_person(vault.conn, person_id)
    except store.PersonNotFound:
        return False
    return True
