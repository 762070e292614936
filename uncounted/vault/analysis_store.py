"""Reviewers' link decisions and the results of estimate runs, stored in the vault.

Both hold no identity: a decision names two records by source and record id (the keys the
records table already keeps in the clear inside the encrypted database), and a result holds
only figures and a plot drawn from figures. Each write is audited.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from uncounted.errors import InputError, NotFound
from uncounted.messages import N_, Message, from_data, to_data
from uncounted.report.left_out import over_lists, their_people
from uncounted.vault import audit
from uncounted.vault.case_keys import NotGranted, held_keys
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.records import last_row, revisions_made
from uncounted.vault.revisions import WITHDRAW_ACTION
from uncounted.vault.session import VaultSession

RecordKey = tuple[str, str]
"""A record as linkage names it: (source, record id within that source)."""


@dataclass(frozen=True)
class LinkDecision:
    """A reviewer's verdict that two records are (or are not) the same person."""

    left: RecordKey
    right: RecordKey
    match: bool


LEFT_OUT = "left_out_lists"
"""The key of a run's scope naming the lists its author left out on purpose
(:meth:`LeftOutList.to_data` each)."""
SHARING_NO_ONE = "lists_sharing_no_one"
"""The key of a run's scope naming the lists whose people no other list of the run found
(the check ``list_overlaps_none``, which refuses): what to leave out to get a figure."""
HISTORIES = "histories"
"""The key of a run's scope keeping the capture histories it estimated from: its people by
the district of their earliest record and their pattern over the run's lists, counted
(:attr:`StoredResult.histories_kept`). Counts only: no record, person or name."""
NOT_GRANTED = "not_granted"
"""The key of a run's scope counting its records in cases its author does not hold that no
linkage run has placed (``records``), and naming those cases by number (``cases``)."""


@dataclass(frozen=True)
class LeftOutList:
    """A list an analyst left out of an estimate on purpose, and its people.

    Walking the demo (walkday6), a small partner list whose people appear on no other list
    made every run refuse ("shares no one with any other list"), and a run over fewer lists
    could never be the headline: the organisation could not publish until the list was
    deleted. Leaving a list out is a choice the estimate then states wherever its figure is
    shown; its people stay counted among the documented, never dropped.
    """

    name: str
    people: int
    """Its victims, as the register places them (people, not records)."""
    alone: int
    """Of them, those on no list of the estimate: counted among the documented only (the
    others are in the estimate through the lists they are also on)."""
    unplaced: int = 0
    """Its records no linkage run has placed yet, each counted as one person (as the people
    documented count them): with any, neither its people's number nor "on no other list"
    is known, and neither is said (review of stop 26: a list only its caseworker could read
    was said to hold "10 people on no other list", ten records nobody had linked)."""

    def to_data(self) -> dict[str, object]:
        """As kept in the run's scope."""
        return {
            "list": self.name,
            "people": self.people,
            "alone": self.alone,
            "unplaced": self.unplaced,
        }

    @classmethod
    def from_data(cls, data: object) -> LeftOutList | None:
        """:meth:`to_data`'s mapping read back (None for anything else)."""
        if not isinstance(data, Mapping):
            return None
        return cls(
            str(data.get("list", "")),
            int(data.get("people", 0)),
            int(data.get("alone", 0)),
            int(data.get("unplaced", 0)),
        )

    def said(self, by: str) -> Message:
        """This list as the estimate's sentence names it on the organisation's own pages: by
        its name and who left it out (*by*). The published report, which names neither its
        lists nor its staff, says it its own way (``uncounted.report.document``)."""
        all_alone = bool(self.unplaced) or self.alone == self.people
        counted = their_people(None if self.unplaced else self.alone, all_alone)
        return Message(
            N_(
                "the list {list} was left out by {who}: {counted} counted among the"
                " documented, not estimated"
            ),
            list=self.name,
            who=by,
            counted=counted,
        )


@dataclass(frozen=True)
class StoredResult:
    """One estimate run as kept in the vault: figures only."""

    id: int
    created_at: str
    method: str
    linked_records: int
    left_out: int
    people: int
    lists: tuple[str, ...]
    observed: int
    point: float | None
    median: float | None
    q025: float | None
    q975: float | None
    warnings: tuple[str, ...]
    posterior_svg: str
    cautions: tuple[str, ...] = ()
    """The warnings that refuse or caution against the figure (shown next to it)."""
    settings: Mapping[str, object] = field(default_factory=dict)
    """How the run was made: the method's options, the linkage threshold, the histories' origin."""
    scope: Mapping[str, object] = field(default_factory=dict)
    """What it covered: ``lists`` used and ``lists_total`` in the vault, ``left_out`` records
    (no grant), ``unreviewed_links``, ``unplaced_records``, ``event_type`` (None: every type)."""
    partial: bool = False
    """True when the run covered part of the data (some lists or records left out): such a
    run is kept and shown, and can never be the headline."""
    sensitivity: tuple[Mapping[str, object], ...] = ()
    """The estimate again at other linkage settings: ``label``, ``threshold``, ``people``,
    ``median``, ``q025``, ``q975`` each (see ``uncounted.services.analysis_review``)."""
    author: str = ""
    """Who ran it (the user's name; filled when read back)."""

    @property
    def lists_label(self) -> str:
        """ "3 of 7 lists" for a partial run over fewer lists, else the number of lists."""
        total = self.scope.get("lists_total")
        if isinstance(total, int) and total > len(self.lists):
            return f"{len(self.lists)} of {total} lists"
        return f"{len(self.lists)} lists"

    @property
    def lists_left_out(self) -> tuple[LeftOutList, ...]:
        """The lists its author left out on purpose (none for a run made before that
        choice existed)."""
        data = self.scope.get(LEFT_OUT)
        found = (LeftOutList.from_data(item) for item in data) if isinstance(data, list) else ()
        return tuple(item for item in found if item is not None)

    @property
    def lists_in_all(self) -> int:
        """The lists naming a victim (of the run's kind) when it ran: its own and the rest."""
        total = self.scope.get("lists_total")
        return total if isinstance(total, int) else len(self.lists) + len(self.lists_left_out)

    def left_out_said(self) -> Message | None:
        """The sentence put before the run's figure wherever the organisation's pages show
        it when its author left lists out: "an estimate over 6 of 7 lists; the list X was
        left out by dina: its 12 people are counted among the documented, not estimated"."""
        left = self.lists_left_out
        if not left:
            return None
        by = self.author or "?"
        return over_lists(
            len(self.lists), self.lists_in_all, joined(tuple(item.said(by) for item in left))
        )

    @property
    def histories_kept(self) -> tuple[tuple[str, frozenset[str], int], ...] | None:
        """The capture histories the run estimated from, as (district, the run's lists that
        named them, people) each; None for a run kept before runs kept them (session 28),
        whose histories can only be rebuilt from the register as it is now."""
        rows = self.scope.get(HISTORIES)
        if not isinstance(rows, list):
            return None
        return tuple(
            (str(district), frozenset(_named(self.lists, str(pattern))), int(people))
            for district, pattern, people in rows
        )

    @property
    def listed_scope(self) -> dict[str, object]:
        """Its scope as ``uncounted estimate runs --json`` lists it: without the histories it
        kept (a table per run; ``--histories-out`` writes them as a package holds them)."""
        return {key: value for key, value in self.scope.items() if key != HISTORIES}

    @property
    def lists_sharing_no_one(self) -> tuple[str, ...]:
        """The lists of the run that shared no one with its other lists (none for a run made
        before this was kept)."""
        named = self.scope.get(SHARING_NO_ONE)
        return tuple(str(name) for name in named) if isinstance(named, list) else ()

    @property
    def not_granted(self) -> tuple[int, tuple[int, ...]]:
        """Records of the run in cases its author did not hold that no linkage run had
        placed, and those cases' numbers: only someone holding them can link them."""
        data = self.scope.get(NOT_GRANTED)
        if not isinstance(data, Mapping):
            return 0, ()
        return int(data.get("records", 0)), tuple(int(c) for c in data.get("cases", ()))

    @property
    def records_linked(self) -> int:
        """Its records linkage placed: of a run from the register, those no linkage run had
        placed yet (in cases its author does not hold, or waiting for the next linking) were
        counted one person each, not linked."""
        unplaced = self.scope.get("unplaced_records")
        return self.linked_records - (unplaced if isinstance(unplaced, int) else 0)

    def not_granted_said(self) -> Message | None:
        """The run's records in cases its author did not hold, as the one count every page
        gives (the Analysis page printed "left out, not granted: 0" beside "records in cases
        not granted to dina, so not linked: 10", review of stop 26): a run that linked and
        estimated in one go left them out (``left_out``); a run from the register counted
        them unlinked (:attr:`not_granted`). None when there are none."""
        if self.left_out:
            return Message(N_("records left out, not granted: {count}"), count=self.left_out)
        unreadable, _cases = self.not_granted
        if unreadable:
            return Message(
                N_("records in cases not granted to {author}, so not linked: {count}"),
                author=self.author or "?",
                count=unreadable,
            )
        return None

    @property
    def has_figure(self) -> bool:
        """Whether the run gave a number at all (a method that refused, or could not estimate,
        leaves "?": such a run is kept and shown, and can never be the headline)."""
        return self.median is not None or self.point is not None

    @property
    def partial_reasons(self) -> tuple[Message, ...]:
        """Why a partial run is partial, each reason a sentence for people.

        A run can cover every list and still be partial: records in cases its author was not
        granted were left out, or records no linkage run has placed in the register yet were
        counted one person each. Saying only "3 of 3 lists" would hide which.
        """
        reasons: list[Message] = []
        total = self.scope.get("lists_total")
        chosen = len(self.lists) + len(self.lists_left_out)  # left out on purpose: not partial
        if isinstance(total, int) and total > chosen:
            reasons.append(
                Message(N_("lists: {used} of {total}"), used=len(self.lists), total=total)
            )
        not_granted = self.not_granted_said()
        if not_granted is not None:
            reasons.append(not_granted)
        unreadable = 0 if self.left_out else self.not_granted[0]
        unplaced = self.scope.get("unplaced_records")
        if isinstance(unplaced, int) and unplaced > unreadable:
            reasons.append(
                Message(
                    N_("records not yet linked into the register: {count}"),
                    count=unplaced - unreadable,
                )
            )
        if self.partial and not reasons:  # a run stored before its scope was kept
            reasons.append(N_("its scope was not recorded"))
        return tuple(reasons)


def _named(lists: tuple[str, ...], pattern: str) -> set[str]:
    """The lists a pattern kept with a run ("101" over its lists) names."""
    return {name for name, on in zip(lists, pattern, strict=True) if on == "1"}


def joined(reasons: tuple[Message, ...]) -> Message:
    """*reasons* as one sentence part ("a; b; c") that still translates reason by reason."""
    if not reasons:
        return Message("")
    together = reasons[0]
    for reason in reasons[1:]:
        together = Message("{first}; {then}", first=together, then=reason)
    return together


@dataclass(frozen=True)
class Headline:
    """The estimate run the organisation stands behind, who chose it and when."""

    result: StoredResult
    chosen_by: str
    chosen_at: str


class PartialRunRefused(InputError):
    """Raised when a run over part of the data, or one that gave no figure, is asked to become
    the headline estimate."""


class ResultNotFound(NotFound):
    """Raised when a run number names no stored estimate run."""


def _ordered(left: RecordKey, right: RecordKey) -> tuple[RecordKey, RecordKey]:
    return (left, right) if left <= right else (right, left)


class LinkedRecordNotFound(NotFound):
    """Raised when a verdict names a record (source and record id) the vault does not hold."""


def _require_readable(session: VaultSession, key: RecordKey) -> None:
    """Raise unless *key* names records of this vault whose cases this user holds.

    A verdict says two people are (or are not) the same: only someone who can read both
    records' identities may give one (linkage review shows identities from granted cases only).
    """
    source, record_id = key
    rows = session.conn.execute(
        "SELECT DISTINCT r.case_id FROM records r JOIN sources s ON s.id = r.source_id"
        " WHERE s.name = ? AND (r.source_record_id = ?"
        " OR (r.source_record_id IS NULL AND r.id = ?))",
        (source, record_id, record_id),
    ).fetchall()
    if not rows:
        raise LinkedRecordNotFound(
            N_("there is no record {record!r} from source {source!r} in this vault"),
            record=record_id,
            source=source,
        )
    held = held_keys(session, {int(row[0]) for row in rows})
    if any(case is None for case in held.values()):
        raise NotGranted(
            N_("record {record!r} from source {source!r} is in a case you are not granted"),
            record=record_id,
            source=source,
        )


def save_decision(session: VaultSession, decision: LinkDecision) -> None:
    """Store (or replace) the verdict on one pair of records, both readable by the user."""
    left, right = _ordered(decision.left, decision.right)
    with transaction(session.conn) as conn:
        _require_readable(session, left)
        _require_readable(session, right)
        conn.execute(
            "INSERT OR REPLACE INTO link_decisions (source_l, record_id_l, source_r,"
            " record_id_r, is_match, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*left, *right, int(decision.match), now(), session.user.id),
        )
        verdict = "match" if decision.match else "non-match"
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name,
                "linkage.decide",
                f"{left[0]}/{left[1]} ~ {right[0]}/{right[1]}",
                {"decision": verdict},
            ),
        )


def decisions(conn: Connection) -> list[LinkDecision]:
    """Every stored verdict, oldest first."""
    rows = conn.execute(
        "SELECT source_l, record_id_l, source_r, record_id_r, is_match FROM link_decisions"
        " ORDER BY decided_at, rowid"
    ).fetchall()
    return [
        LinkDecision((str(sl), str(rl)), (str(sr), str(rr)), bool(match))
        for sl, rl, sr, rr, match in rows
    ]


def save_result(session: VaultSession, result: StoredResult) -> int:
    """Store an estimate run (its id in *result* is ignored); return its new id."""
    with transaction(session.conn) as conn:
        cursor = conn.execute(
            "INSERT INTO analysis_results (created_at, created_by, method, linked_records,"
            " left_out, people, lists, observed, point, median, q025, q975, warnings,"
            " posterior_svg, settings, scope, partial, sensitivity)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                result.created_at,
                session.user.id,
                result.method,
                result.linked_records,
                result.left_out,
                result.people,
                json.dumps(list(result.lists), ensure_ascii=False),
                result.observed,
                result.point,
                result.median,
                result.q025,
                result.q975,
                json.dumps(_warnings_data(result), ensure_ascii=False),
                result.posterior_svg,
                json.dumps(dict(result.settings), ensure_ascii=False, sort_keys=True),
                json.dumps(dict(result.scope), ensure_ascii=False, sort_keys=True),
                int(result.partial),
                json.dumps([dict(item) for item in result.sensitivity], ensure_ascii=False),
            ),
        )
        result_id = int(cursor.lastrowid)
        detail: dict[str, audit.DetailValue] = {
            "method": result.method,
            "partial": result.partial,
            "lists": list(result.lists),
        }
        audit.record(
            conn, audit.AuditEntry(session.user.name, "estimate.run", str(result_id), detail)
        )
    return result_id


_RESULT_SELECT = (
    "SELECT a.id, a.created_at, a.method, a.linked_records, a.left_out, a.people, a.lists,"
    " a.observed, a.point, a.median, a.q025, a.q975, a.warnings, a.posterior_svg, a.settings,"
    " a.scope, a.partial, a.sensitivity, coalesce(u.name, '')"
    " FROM analysis_results a LEFT JOIN users u ON u.id = a.created_by"
)


def _result(row: tuple[object, ...]) -> StoredResult:
    (rid, at, method, linked, left_out, people, lists, observed, *rest) = row
    point, median, q025, q975 = (None if v is None else float(str(v)) for v in rest[:4])
    warns, svg, settings, scope, partial, sensitivity, author = rest[4:]
    warnings, cautions = _warnings_of(json.loads(str(warns)))
    return StoredResult(
        int(str(rid)),
        str(at),
        str(method),
        int(str(linked)),
        int(str(left_out)),
        int(str(people)),
        tuple(json.loads(str(lists))),
        int(str(observed)),
        point,
        median,
        q025,
        q975,
        warnings,
        str(svg),
        cautions,
        settings=json.loads(str(settings)),
        scope=json.loads(str(scope)),
        partial=bool(partial),
        sensitivity=tuple(json.loads(str(sensitivity))),
        author=str(author),
    )


def latest_result(conn: Connection) -> StoredResult | None:
    """The most recent estimate run, or None before the first."""
    row = conn.execute(_RESULT_SELECT + " ORDER BY a.id DESC LIMIT 1").fetchone()
    return None if row is None else _result(tuple(row))


SEEN = "records_seen"
"""The key of a run's scope that says which records existed when it read them
(:func:`records_seen`)."""


def records_seen(conn: Connection) -> dict[str, int]:
    """What an estimate run keeps in its scope, read just before it reads the records: the
    last record stored (``last_row``), how many revisions in place had been made
    (``revisions``, what runs of stop 26 compare), the last earlier revision kept
    (``last_revision``: the highest rowid of ``record_revisions``) and the last audit entry
    (``last_audit``: a withdrawal adds no revision row but is audited in its transaction).
    :func:`records_after` compares them with the vault's later state."""
    revision = conn.execute("SELECT coalesce(max(rowid), 0) FROM record_revisions").fetchone()
    entry = conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()
    return {
        "last_row": last_row(conn),
        "revisions": revisions_made(conn),
        LAST_REVISION: int(revision[0]),
        LAST_AUDIT: int(entry[0]),
    }


LAST_REVISION = "last_revision"
"""The key of :func:`records_seen` holding the highest rowid of ``record_revisions``."""
LAST_AUDIT = "last_audit"
"""The key of :func:`records_seen` holding the highest id of the vault's ``audit``."""

_CHANGED_SINCE = (
    "SELECT count(*) FROM records WHERE rowid <= ? AND id IN ("
    " SELECT record_id FROM record_revisions WHERE rowid > ?"
    " UNION SELECT target FROM audit WHERE id > ? AND action = ?)"
)


def records_after(conn: Connection, run: StoredResult) -> int:
    """How many records were added or changed (a new revision, or consent withdrawn) after
    *run* read the records: records it may not have read. Each record counts once.

    Vault times are kept to the second, and counting by time raced both ways: a correction
    in the same second as the run went unreported (CI of stop 24), and once a record saved
    in that second counted as after it, a run made in the second its list was imported was
    said to leave the whole list out (CI of stop 25). A run keeps :func:`records_seen`:
    records stored after it are those with a higher rowid, exactly. Records revised in place
    (a revision keeps the record's row and stamps it anew) were then counted by time, once
    the revision counter had moved, with the revisions made since as a floor: a revision
    stamped before the run read but committed after it (a long ``import --existing update``
    stamps its revisions when it starts) came before the run by time and went unreported
    (review of stop 26). But a floor of revisions counted a record edited twice as two
    records (review 27), and a number must say what it counts.

    So a run now also keeps the highest rowid of ``record_revisions`` and of ``audit``. Every
    revision in place first copies the earlier version into ``record_revisions``, whose rows
    are never deleted (a withdrawal empties them), so rowids only grow; a withdrawal adds no
    revision row but is audited (``records.withdraw``, the record its target) in its own
    transaction. The records changed since are the distinct records of the rows above those
    marks: exact, with no time race (a row not yet committed when the run read is invisible
    to it and takes a higher rowid). A record stored after the run counts once, as added.
    A run kept before it recorded those marks (stop 26) keeps the rule above; one kept before
    it recorded what it saw at all is compared by time alone."""
    seen = run.scope.get(SEEN)
    when = run.created_at
    if not isinstance(seen, Mapping):
        row = conn.execute("SELECT count(*) FROM records WHERE created_at >= ?", (when,))
        return int(row.fetchone()[0])
    last, revised = int(seen["last_row"]), int(seen["revisions"])
    added = conn.execute("SELECT count(*) FROM records WHERE rowid > ?", (last,)).fetchone()
    if LAST_REVISION in seen and LAST_AUDIT in seen:
        marks = (last, int(seen[LAST_REVISION]), int(seen[LAST_AUDIT]), WITHDRAW_ACTION)
        return int(added[0]) + int(conn.execute(_CHANGED_SINCE, marks).fetchone()[0])
    since = revisions_made(conn) - revised
    if since <= 0:
        return int(added[0])
    changed = conn.execute(
        "SELECT count(*) FROM records WHERE rowid <= ? AND revision > 1 AND created_at >= ?",
        (last, when),
    ).fetchone()
    # a run of stop 26: the revisions counted since are a floor, and a record revised twice
    # since counts twice (a needless "estimate again", the safe side)
    return int(added[0]) + max(int(changed[0]), since)


def not_held(session: VaultSession, record_ids: Collection[str]) -> dict[str, object]:
    """How many of *record_ids* are in cases this user does not hold (at the case's current
    key), and those cases' numbers: what a run keeps as :data:`NOT_GRANTED`. Read from the
    key table, never by unwrapping a key."""
    held = {
        int(row[0])
        for row in session.conn.execute(
            "SELECT k.case_id FROM case_keys k JOIN cases c ON c.id = k.case_id"
            " AND c.key_version = k.key_version WHERE k.user_id = ?",
            (session.user.id,),
        )
    }
    wanted = set(record_ids)
    count, cases = 0, set()
    for record_id, case_id in session.conn.execute("SELECT id, case_id FROM records"):
        if case_id is not None and int(case_id) not in held and str(record_id) in wanted:
            count += 1
            cases.add(int(case_id))
    return {"records": count, "cases": sorted(cases)}


def results(conn: Connection, limit: int = 50) -> list[StoredResult]:
    """The stored estimate runs, newest first."""
    rows = conn.execute(_RESULT_SELECT + " ORDER BY a.id DESC LIMIT ?", (limit,)).fetchall()
    return [_result(tuple(row)) for row in rows]


def result(conn: Connection, result_id: int) -> StoredResult:
    """One stored run; :class:`ResultNotFound` for an unknown number."""
    row = conn.execute(_RESULT_SELECT + " WHERE a.id = ?", (result_id,)).fetchone()
    if row is None:
        raise ResultNotFound(N_("there is no estimate run {run}"), run=result_id)
    return _result(tuple(row))


def publish(session: VaultSession, result_id: int) -> None:
    """Make run *result_id* the headline estimate (audited); a partial run, or one with no
    figure, is refused."""
    with transaction(session.conn) as conn:
        chosen = result(conn, result_id)
        unreadable, cases = chosen.not_granted
        if chosen.partial and unreadable:
            raise PartialRunRefused(
                N_(
                    "run {run} covered part of the data ({scope}) and cannot be the headline;"
                    " to make it whole, {remedy}"
                ),
                run=result_id,
                scope=joined(chosen.partial_reasons),
                remedy=grant_remedy(chosen.author, cases),
            )
        if chosen.partial:
            raise PartialRunRefused(
                N_("run {run} covered part of the data ({scope}) and cannot be the headline"),
                run=result_id,
                scope=joined(chosen.partial_reasons),
            )
        if not chosen.has_figure:
            raise PartialRunRefused(
                N_(
                    "run {run} gave no figure (its cautions say why) and cannot be the headline;"
                    " choose a run with a figure"
                ),
                run=result_id,
            )
        conn.execute(
            "INSERT INTO estimate_headlines (result_id, chosen_at, chosen_by) VALUES (?, ?, ?)",
            (result_id, now(), session.user.id),
        )
        detail: dict[str, audit.DetailValue] = {"method": chosen.method}
        audit.record(
            conn,
            audit.AuditEntry(session.user.name, "estimate.publish", str(result_id), detail),
        )


def grant_remedy(author: str, cases: tuple[int, ...]) -> Message:
    """What makes whole a run partial for records in cases its author (*author*) does not
    hold (*cases*, by number): the one wording of the grant advice, for the refusal to make
    such a run the headline, the Reports page and the command line (they said it three ways,
    review of stop 26; this one, the refusal's, won). Cases by number, never by name: the
    advice is read by people who do not hold them; ``uncounted grant`` takes the number."""
    return Message(
        N_(
            "an administrator grants {cases} to {author}, who estimates again, or an analyst"
            " who holds every case links the records and estimates"
        ),
        cases=_cases_named(cases),
        author=author or "?",
    )


def _cases_named(numbers: tuple[int, ...]) -> Message:
    """ "case 4" or "cases 4, 7": cases by their number, as web addresses name them."""
    listed = ", ".join(str(n) for n in numbers)
    if len(numbers) == 1:
        return Message(N_("case {numbers}"), numbers=listed)
    return Message(N_("cases {numbers}"), numbers=listed)


def headline(conn: Connection) -> Headline | None:
    """The run most recently chosen as the headline, who chose it and when; None before."""
    row = conn.execute(
        "SELECT h.result_id, coalesce(u.name, ''), h.chosen_at FROM estimate_headlines h"
        " LEFT JOIN users u ON u.id = h.chosen_by ORDER BY h.id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return Headline(result(conn, int(row[0])), str(row[1]), str(row[2]))


def _warnings_data(result: StoredResult) -> list[object]:
    """Each warning with its template (so it can be shown in the reader's language) and
    whether it cautions; runs stored before this kept plain strings, read as they are."""
    cautions = set(result.cautions)
    return [{"message": to_data(text), "caution": text in cautions} for text in result.warnings]


def _warnings_of(data: list[object]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The warnings and, among them, the cautions, from :func:`_warnings_data`'s list."""
    warnings: list[str] = []
    cautions: list[str] = []
    for item in data:
        if isinstance(item, dict):
            text = from_data(item.get("message"))
            if item.get("caution"):
                cautions.append(text)
        else:
            text = str(item)
        warnings.append(text)
    return tuple(warnings), tuple(cautions)
