"""The person register: linked people, each a stored object with its records and its history.

A person is a set of records (one source's mention of one person in one event) that linkage or
a reviewer decided belong to one human being. It has a stable id (``P-`` and eight Crockford
base-32 digits, random, revealing nothing) that survives later linkage runs as long as its set
of records does not change. Each record belongs to at most one active person; a record no run
has placed yet counts as a person of its own until one does.

Every change is one row of ``person_changes`` (who, when, what, why) holding the people it
retired and the people it made, each with its records and state, so that a reviewer's
decision can be undone exactly and a person's history read back. The same change goes to the
audit trail and the ledger (ids and counts only: never a name, never the reviewer's reason,
which is free text and may name someone; it stays inside the encrypted database).

States: ``linked`` (made by a linkage run, not yet looked at), ``confirmed`` (made or checked
by a reviewer: a merge, a split or a confirmation), ``retired`` (replaced by a later change).
A linkage run keeps every confirmed person exactly as the reviewer left it and every linked
person whose records it clusters together again unchanged (same id); it retires the others and
makes new people for the clusters it finds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from uncounted.errors import InputError, NotFound
from uncounted.messages import N_
from uncounted.model import counted_under
from uncounted.vault import audit
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.session import VaultSession

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LINKED, CONFIRMED, RETIRED = "linked", "confirmed", "retired"


class PersonNotFound(NotFound):
    """Raised when a person id names no person of the register (or one since replaced)."""


class RegisterChangeRefused(InputError):
    """Raised when a merge, split or undo cannot be made as asked (nothing is changed)."""


class ChangeNotFound(NotFound):
    """Raised when a change number names no change of the register."""


@dataclass(frozen=True)
class PersonRecord:
    """One record of a person: what any user may see of it (no identity)."""

    record_id: str
    source: str
    source_record_id: str | None
    case: str
    event_type: str | None
    event_month: str | None
    district: str | None
    role: str | None
    violations: frozenset[str] = frozenset()
    """Every event type the record counts its person under: the event's, its acts' and its
    current status's (:func:`uncounted.model.counted_under`)."""


@dataclass(frozen=True)
class Person:
    """One person of the register with their records."""

    id: str
    state: str
    created_at: str
    records: tuple[PersonRecord, ...]

    @property
    def reviewed(self) -> bool:
        """True once a reviewer made or confirmed this person."""
        return self.state == CONFIRMED

    @property
    def unreviewed_links(self) -> int:
        """Links joining this person's records that no reviewer has looked at."""
        return 0 if self.reviewed else max(0, len(self.records) - 1)

    @property
    def sources(self) -> tuple[str, ...]:
        """The lists this person is on (once each, however often a list names them)."""
        return tuple(sorted({record.source for record in self.records}))


@dataclass(frozen=True)
class Change:
    """One change of the register: who made it, when, why, and the people before and after."""

    id: int
    at: str
    user: str
    action: str
    reason: str
    before: Mapping[str, tuple[str, ...]]
    after: Mapping[str, tuple[str, ...]]
    undone_by: int | None
    undoes: int | None


@dataclass(frozen=True)
class LinkageOutcome:
    """What a linkage run did to the register."""

    change: int | None
    kept: int
    made: int
    retired: int
    confirmed_kept: int


def _new_id() -> str:
    number = int.from_bytes(os.urandom(5), "big")
    digits = "".join(_CROCKFORD[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"P-{digits}"


def _violations(event_type: object, acts: object, status: object) -> frozenset[str]:
    """The event types a record is counted under, from its event type and the analytic
    ``act_types`` and ``status`` its queries read beside it."""
    return counted_under(
        None if event_type is None else str(event_type),
        str(acts or "").split("|"),
        None if status is None else str(status),
    )


_RECORD_SELECT = (
    "SELECT pr.person_id, r.id, s.name, r.source_record_id, c.name, r.event_type,"
    " r.event_month, r.district, json_extract(r.analytic, '$.role'),"
    " json_extract(r.analytic, '$.act_types'), json_extract(r.analytic, '$.status')"
    " FROM person_records pr JOIN records r ON r.id = pr.record_id"
    " JOIN sources s ON s.id = r.source_id JOIN cases c ON c.id = r.case_id"
)


def _people(conn: Connection, where: str = "", parameters: Sequence[object] = ()) -> list[Person]:
    heads = conn.execute(
        f"SELECT id, state, created_at FROM people WHERE state != 'retired' {where}"  # noqa: S608
        " ORDER BY created_at, id",
        tuple(parameters),
    ).fetchall()
    if not heads:
        return []
    members: dict[str, list[PersonRecord]] = {str(row[0]): [] for row in heads}
    if len(heads) == 1:
        rows = conn.execute(_RECORD_SELECT + " WHERE pr.person_id = ?", (heads[0][0],))
    else:
        rows = conn.execute(_RECORD_SELECT)
    for person_id, *fields in rows.fetchall():
        if person_id in members:
            members[person_id].append(_person_record(fields))
    return [
        Person(str(pid), str(state), str(at), tuple(sorted(members[pid], key=_record_order)))
        for pid, state, at in heads
    ]


def _person_record(fields: Sequence[object]) -> PersonRecord:
    record_id, source, source_record_id, case, event_type, month, district, role, acts, status = (
        None if value is None else str(value) for value in fields
    )
    return PersonRecord(
        str(record_id),
        str(source),
        source_record_id,
        str(case),
        event_type,
        month,
        district,
        role,
        _violations(event_type, acts, status),
    )


def _record_order(record: PersonRecord) -> tuple[str, str]:
    return (record.source, record.source_record_id or record.record_id)


def people(conn: Connection) -> list[Person]:
    """Every active person of the register, oldest first, with their records."""
    return _people(conn)


def person(conn: Connection, person_id: str) -> Person:
    """One active person; :class:`PersonNotFound` for an unknown or replaced id."""
    found = _people(conn, "AND id = ?", (person_id,))
    if not found:
        raise PersonNotFound(N_("there is no person {person!r} in the register"), person=person_id)
    return found[0]


def person_of_record(conn: Connection, record_id: str) -> str | None:
    """The id of the active person holding *record_id*, None before any run placed it."""
    row = conn.execute(
        "SELECT person_id FROM person_records WHERE record_id = ?", (record_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def unplaced_records(conn: Connection) -> int:
    """Records no linkage run or reviewer has placed in a person yet."""
    row = conn.execute(
        "SELECT count(*) FROM records r WHERE NOT EXISTS"
        " (SELECT 1 FROM person_records pr WHERE pr.record_id = r.id)"
    ).fetchone()
    return int(row[0])


def unplaced_out_of_reach(
    conn: Connection, user_id: int, roles: tuple[str, ...] = ("victim",)
) -> int:
    """Of :func:`counts`' ``unplaced_records`` (records in *roles* no linkage run or reviewer
    has placed yet), those in cases user *user_id* does not hold: a run by that user leaves
    them out (linking reads identities), so they wait for someone granted their case."""
    row = conn.execute(
        "SELECT count(*) FROM records r WHERE NOT EXISTS"
        " (SELECT 1 FROM person_records pr WHERE pr.record_id = r.id) AND NOT EXISTS"
        " (SELECT 1 FROM case_keys k JOIN cases c ON c.id = k.case_id"
        " AND c.key_version = k.key_version WHERE k.case_id = r.case_id AND k.user_id = ?)"
        " AND json_extract(r.analytic, '$.role') IN (SELECT value FROM json_each(?))",
        (user_id, json.dumps(list(roles))),
    ).fetchone()
    return int(row[0])


def _membership(conn: Connection, person_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for pid in person_ids:
        rows = conn.execute(
            "SELECT record_id FROM person_records WHERE person_id = ? ORDER BY record_id", (pid,)
        ).fetchall()
        out[pid] = tuple(str(row[0]) for row in rows)
    return out


def _states(conn: Connection, person_ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pid in person_ids:
        row = conn.execute("SELECT state FROM people WHERE id = ?", (pid,)).fetchone()
        out[pid] = str(row[0]) if row else RETIRED
    return out


def _retire(conn: Connection, person_ids: Iterable[str], at: str) -> None:
    for pid in person_ids:
        conn.execute("DELETE FROM person_records WHERE person_id = ?", (pid,))
        conn.execute("UPDATE people SET state = 'retired', retired_at = ? WHERE id = ?", (at, pid))


def _make(
    conn: Connection,
    session: VaultSession,
    records: Sequence[str],
    state: str,
    at: str,
    person_id: str | None = None,
) -> str:
    pid = person_id or _new_id()
    conn.execute(
        "INSERT INTO people (id, state, created_at, created_by, retired_at) VALUES"
        " (?, ?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
        " retired_at = NULL",
        (pid, state, at, session.user.id),
    )
    conn.executemany("DELETE FROM person_records WHERE record_id = ?", [(r,) for r in records])
    conn.executemany(
        "INSERT INTO person_records (record_id, person_id) VALUES (?, ?)",
        [(record, pid) for record in records],
    )
    return pid


def _snapshot(
    membership: Mapping[str, Sequence[str]], states: Mapping[str, str]
) -> dict[str, dict[str, object]]:
    return {
        pid: {"records": list(records), "state": states[pid]} for pid, records in membership.items()
    }


def _log(
    conn: Connection,
    session: VaultSession,
    action: str,
    reason: str,
    before: Mapping[str, dict[str, object]],
    after: Mapping[str, dict[str, object]],
    at: str,
    undoes: int | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO person_changes (at, user_id, action, reason, before, after, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            session.user.id,
            action,
            reason,
            json.dumps(before, sort_keys=True),
            json.dumps(after, sort_keys=True),
            undoes,
        ),
    )
    change = int(cursor.lastrowid)
    conn.executemany(
        "INSERT OR IGNORE INTO person_change_people (change_id, person_id) VALUES (?, ?)",
        [(change, pid) for pid in {*before, *after}],
    )
    records = sum(len(cast("list[str]", item["records"])) for item in after.values())
    detail: dict[str, audit.DetailValue] = {
        "change": change,
        "before": sorted(before)[:50],
        "after": sorted(after)[:50],
        "people_before": len(before),
        "people_after": len(after),
        "records": records,
    }
    if undoes is not None:
        detail["undoes"] = undoes
    entry = audit.AuditEntry(session.user.name, f"people.{action}", f"change {change}", detail, at)
    audit.record(conn, entry)
    return change


def apply_linkage(session: VaultSession, clusters: Iterable[Iterable[str]]) -> LinkageOutcome:
    """Bring the register in line with one linkage run's *clusters* (sets of record ids).

    Confirmed people are kept whole and their records taken out of the run's clusters; a
    linked person whose records form one cluster exactly is kept (same id). A linked person
    holding a record the run did not see (in a case the user is not granted) is kept too:
    nobody decides about records they cannot read. Every other linked person touched by the
    run is retired and the run's clusters become new linked people.
    """
    at = now()
    with transaction(session.conn) as conn:
        runs = [frozenset(cluster) for cluster in clusters]
        seen = {record for cluster in runs for record in cluster}
        current = conn.execute(
            "SELECT p.id, p.state, pr.record_id FROM people p JOIN person_records pr"
            " ON pr.person_id = p.id WHERE p.state != 'retired'"
        ).fetchall()
        members: dict[str, set[str]] = {}
        states: dict[str, str] = {}
        for pid, state, record in current:
            members.setdefault(str(pid), set()).add(str(record))
            states[str(pid)] = str(state)
        fixed = {
            pid
            for pid, records in members.items()
            if states[pid] == CONFIRMED or not records <= seen
        }
        pinned = {record for pid in fixed for record in members[pid]}
        by_records = {
            frozenset(records): pid for pid, records in members.items() if pid not in fixed
        }
        wanted = {cluster - pinned for cluster in runs}
        wanted.discard(frozenset())
        kept = {by_records[cluster] for cluster in wanted if cluster in by_records}
        retire = [pid for pid in members if pid not in fixed and pid not in kept]
        before = _snapshot(_membership(conn, sorted(retire)), states)
        _retire(conn, retire, at)
        after: dict[str, dict[str, object]] = {}
        for cluster in sorted(wanted - {frozenset(members[pid]) for pid in kept}, key=sorted):
            records = sorted(cluster)
            pid = _make(conn, session, records, LINKED, at)
            after[pid] = {"records": records, "state": LINKED}
        number = None
        if before or after:
            number = _log(conn, session, "link", "", before, after, at)
    return LinkageOutcome(
        number,
        kept=len(kept),
        made=len(after),
        retired=len(before),
        confirmed_kept=sum(1 for pid in fixed if states[pid] == CONFIRMED),
    )


def _active(conn: Connection, person_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    membership = {}
    for pid in person_ids:
        row = conn.execute("SELECT state FROM people WHERE id = ?", (pid,)).fetchone()
        if row is None or row[0] == RETIRED:
            raise PersonNotFound(N_("there is no person {person!r} in the register"), person=pid)
        membership.update(_membership(conn, [pid]))
    return membership


def merge(session: VaultSession, person_ids: Sequence[str], reason: str) -> str:
    """Make one confirmed person of *person_ids*; return the new person's id."""
    ids = list(dict.fromkeys(person_ids))
    if len(ids) < 2:
        raise RegisterChangeRefused(N_("choose at least two different people to merge"))
    at = now()
    with transaction(session.conn) as conn:
        membership = _active(conn, ids)
        before = _snapshot(membership, _states(conn, ids))
        records = sorted(record for group in membership.values() for record in group)
        _retire(conn, ids, at)
        pid = _make(conn, session, records, CONFIRMED, at)
        after: dict[str, dict[str, object]] = {pid: {"records": records, "state": CONFIRMED}}
        _log(conn, session, "merge", reason, before, after, at)
    return pid


def split(
    session: VaultSession, person_id: str, groups: Sequence[Sequence[str]], reason: str
) -> list[str]:
    """Split one person into confirmed people, one per group of their record ids.

    Records of the person named in no group form one more group (so naming the records to take
    out is enough). Return the new people's ids, in the order of the groups.
    """
    at = now()
    with transaction(session.conn) as conn:
        membership = _active(conn, [person_id])
        own = set(membership[person_id])
        named = [sorted(dict.fromkeys(group)) for group in groups if group]
        flat = [record for group in named for record in group]
        strangers = sorted(set(flat) - own)
        if strangers:
            raise RegisterChangeRefused(
                N_("record {record!r} is not one of person {person!r}'s records"),
                record=strangers[0],
                person=person_id,
            )
        if len(flat) != len(set(flat)):
            raise RegisterChangeRefused(N_("a record was named in two groups"))
        rest = sorted(own - set(flat))
        if rest:
            named.append(rest)
        if len(named) < 2:
            raise RegisterChangeRefused(
                N_("a split needs two groups of records at least: {person!r} would stay whole"),
                person=person_id,
            )
        before = _snapshot(membership, _states(conn, [person_id]))
        _retire(conn, [person_id], at)
        after: dict[str, dict[str, object]] = {}
        made = []
        for group in named:
            pid = _make(conn, session, group, CONFIRMED, at)
            after[pid] = {"records": group, "state": CONFIRMED}
            made.append(pid)
        _log(conn, session, "split", reason, before, after, at)
    return made


def confirm(session: VaultSession, person_id: str, reason: str) -> None:
    """Mark a linked person as checked by a reviewer (later runs keep them whole)."""
    at = now()
    with transaction(session.conn) as conn:
        membership = _active(conn, [person_id])
        states = _states(conn, [person_id])
        if states[person_id] == CONFIRMED:
            return
        conn.execute("UPDATE people SET state = 'confirmed' WHERE id = ?", (person_id,))
        before = _snapshot(membership, states)
        after = _snapshot(membership, {person_id: CONFIRMED})
        _log(conn, session, "confirm", reason, before, after, at)


def _change_row(conn: Connection, change_id: int) -> tuple[object, ...]:
    row = conn.execute(
        "SELECT c.id, c.at, coalesce(u.name, ''), c.action, c.reason, c.before, c.after,"
        " (SELECT min(d.id) FROM person_changes d WHERE d.undoes = c.id), c.undoes"
        " FROM person_changes c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ?",
        (change_id,),
    ).fetchone()
    if row is None:
        raise ChangeNotFound(N_("there is no change {change} in the register"), change=change_id)
    return tuple(row)


def _change(row: tuple[object, ...]) -> Change:
    cid, at, user, action, reason, before, after, undone_by, undoes = row

    def members(text: object) -> dict[str, tuple[str, ...]]:
        return {pid: tuple(item["records"]) for pid, item in json.loads(str(text)).items()}

    return Change(
        int(str(cid)),
        str(at),
        str(user),
        str(action),
        str(reason),
        members(before),
        members(after),
        None if undone_by is None else int(str(undone_by)),
        None if undoes is None else int(str(undoes)),
    )


def change(conn: Connection, change_id: int) -> Change:
    """One change of the register; :class:`ChangeNotFound` otherwise."""
    return _change(_change_row(conn, change_id))


def history(conn: Connection, person_id: str) -> list[Change]:
    """Every change that made, retired or confirmed *person_id*, oldest first."""
    ids = conn.execute(
        "SELECT change_id FROM person_change_people WHERE person_id = ? ORDER BY change_id",
        (person_id,),
    ).fetchall()
    return [change(conn, int(row[0])) for row in ids]


def changes(conn: Connection, limit: int = 50) -> list[Change]:
    """The latest changes of the register, newest first."""
    ids = conn.execute(
        "SELECT id FROM person_changes ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [change(conn, int(row[0])) for row in ids]


def undo(session: VaultSession, change_id: int, reason: str) -> int:
    """Undo a reviewer's change: the people it made go, the people it replaced come back.

    Refused when the change was a linkage run, is already undone, or when a person it made
    has changed since (undo that later change first). Returns the new change's number.
    """
    at = now()
    with transaction(session.conn) as conn:
        row = _change_row(conn, change_id)
        done = _change(row)
        raw_before = json.loads(str(row[5]))
        if done.action not in {"merge", "split", "confirm"}:
            raise RegisterChangeRefused(
                N_("change {change} is not a reviewer's merge, split or confirmation"),
                change=change_id,
            )
        if done.undone_by is not None:
            raise RegisterChangeRefused(
                N_("change {change} was already undone by change {later}"),
                change=change_id,
                later=done.undone_by,
            )
        now_members = _membership(conn, done.after)
        now_states = _states(conn, done.after)
        for pid, records in done.after.items():
            if now_states[pid] == RETIRED or tuple(sorted(records)) != now_members[pid]:
                raise RegisterChangeRefused(
                    N_("person {person!r} has changed since change {change}: undo that first"),
                    person=pid,
                    change=change_id,
                )
        taken = set(now_members) - set(done.before)
        after: dict[str, dict[str, object]] = {}
        _retire(conn, sorted(taken), at)
        for pid, item in raw_before.items():
            state = str(item["state"])
            _make(conn, session, list(item["records"]), state, at, person_id=pid)
            conn.execute("UPDATE people SET state = ? WHERE id = ?", (state, pid))
            after[pid] = {"records": list(item["records"]), "state": state}
        before = _snapshot(now_members, now_states)
        return _log(conn, session, "undo", reason, before, after, at, undoes=change_id)


@dataclass(frozen=True)
class PeopleCounts:
    """Victims counted as people (each once), by what happened to them and where it is told.

    A person counts under an event type when one of their records names them as a victim of
    an event of that type, of an act counted as that type (a beating counts as torture), or
    gives them a status counted as it ("dead" as a killing; docs/counting.md); the per-type
    counts therefore add up to more than the total when a person suffered several. A record
    no run has placed yet counts as a person of its own.
    """

    people: int
    by_event_type: dict[str | None, int]
    by_source: dict[str, int]
    by_month: dict[str | None, int]
    by_district: dict[str | None, int]
    records: int
    victim_records: int
    unreviewed_links: int
    unplaced_records: int
    records_without_role: int
    by_act: dict[str, int] = field(default_factory=dict)
    """People by each act any of their records says was done to them (a person once per act;
    people whose records tell no act are not in it)."""


def counts(conn: Connection, roles: tuple[str, ...] = ("victim",)) -> PeopleCounts:
    """How many people the register holds in *roles*, overall and by each analytic field."""
    rows = conn.execute(
        "SELECT coalesce(pr.person_id, r.id), pr.person_id IS NULL, s.name, r.event_month,"
        " r.district, r.event_type,"
        " json_extract(r.analytic, '$.act_types'), json_extract(r.analytic, '$.status')"
        " FROM records r JOIN sources s ON s.id = r.source_id"
        " LEFT JOIN person_records pr ON pr.record_id = r.id"
        " WHERE json_extract(r.analytic, '$.role') IN (SELECT value FROM json_each(?))",
        (json.dumps(list(roles)),),
    ).fetchall()
    fields: list[dict[object, set[str]]] = [{}, {}, {}, {}]
    everyone: set[str] = set()
    acts: dict[str, set[str]] = {}
    for who, _, source, month, district, *counted in rows:
        everyone.add(who)
        for act in str(counted[1] or "").split("|"):
            if act:
                acts.setdefault(act, set()).add(who)
        for value in _violations(*counted) or {None}:
            fields[0].setdefault(value, set()).add(who)
        for table, value in zip(fields[1:], (source, month, district), strict=True):
            table.setdefault(value, set()).add(who)
    by_type, by_source, by_month, by_district = (
        {key: len(people) for key, people in table.items()} for table in fields
    )
    linked = conn.execute(
        "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM person_records pr"
        " JOIN people p ON p.id = pr.person_id WHERE p.state = 'linked' GROUP BY p.id)"
    ).fetchone()
    total, roleless = conn.execute(
        "SELECT count(*), coalesce(sum(json_extract(r.analytic, '$.role') IS NULL), 0)"
        " FROM records r"
    ).fetchone()
    unplaced = sum(1 for _, alone, *_ in rows if alone)
    return PeopleCounts(
        people=len(everyone),
        by_event_type=by_type,  # type: ignore[arg-type]
        by_source={str(k): v for k, v in by_source.items()},
        by_month=by_month,  # type: ignore[arg-type]
        by_district=by_district,  # type: ignore[arg-type]
        records=int(total),
        victim_records=len(rows),
        unreviewed_links=int(linked[0]),
        unplaced_records=int(unplaced),
        records_without_role=int(roleless),
        by_act={act: len(people) for act, people in acts.items()},
    )


def stamp(conn: Connection) -> int:
    """A number that changes whenever the register changes (the last change's number)."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM person_changes").fetchone()[0])


@dataclass(frozen=True)
class VictimMention:
    """One victim's record as the register places it: who (person id, or the record's own id
    before any run placed it), on which list, and whether a reviewer confirmed the person."""

    who: str
    record_id: str
    source: str
    reviewed: bool


def victim_mentions(conn: Connection, event_type: str | None = None) -> list[VictimMention]:
    """Every record naming a victim (of *event_type*, or of any), placed in the register.

    A record names a victim of *event_type* when it counts them under it, as the dashboard
    does: the event's type, an act counted as it, or a status counted as it.
    """
    rows = conn.execute(
        "SELECT coalesce(pr.person_id, r.id), r.id, s.name, coalesce(p.state = 'confirmed', 0),"
        " r.event_type, json_extract(r.analytic, '$.act_types'),"
        " json_extract(r.analytic, '$.status') FROM records r JOIN sources s ON s.id = r.source_id"
        " LEFT JOIN person_records pr ON pr.record_id = r.id"
        " LEFT JOIN people p ON p.id = pr.person_id"
        " WHERE json_extract(r.analytic, '$.role') = 'victim'"
    ).fetchall()
    return [
        VictimMention(str(w), str(r), str(s), bool(c))
        for w, r, s, c, *counted in rows
        if event_type is None or event_type in _violations(*counted)
    ]
