"""Reports: the public report built from the person register, and its verifiable publication.

:func:`report_input` is the one function that feeds :mod:`uncounted.report` from the vault
(victims from the register, each person once per violation, with the month and district of
their earliest record of it); switching the feed to another register API changes only it.

Publishing (:func:`publish_report`) makes the report's files (HTML and PDF in each language,
the tables as CSV and XLSX, the records' salted commitments) and a manifest listing each
file's SHA-256, commits the manifest to the ledger as an evidence item, and writes the
package: the manifest and every file it lists at the top level of one zip, readable as they
are, with the manifest's proofs and signed checkpoint, which ``uncounted verify`` checks
offline (a changed byte of any file or a changed figure fails). The item, its "exported"
custody event and the audit entry "published a report" are written in one transaction.
The web app publishes with :func:`publish_report_kept` (nothing written, no "exported" event)
and hands the package out with :func:`report_package_into`, which records that hand-out.

What is stored: the published tables are public aggregates once published, so they are kept
as published inside the committed manifest (an evidence blob, encrypted like every other);
the true figures behind the hidden cells are not public and are kept sealed in the item's
metadata, read only to protect the next report. The Reports page shows the stored tables of
each publication (no suppression recomputed to show them); a draft is never stored: it is
computed when asked for (``report.public``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from uncounted import __version__
from uncounted import vault as store
from uncounted.errors import InputError, UncountedError
from uncounted.ledger import (
    MANIFEST_MEDIA_TYPE,
    MANIFEST_MEMBER,
    RECORD_PROOF_FORMAT,
    PackageContents,
    SafeZip,
    UnsafeArchiveError,
    write_package,
    write_package_into,
)
from uncounted.messages import N_, Catalogue, Gettext, Message
from uncounted.model import counted_under
from uncounted.report.disclosure import Case, Publication, Relation, Rules
from uncounted.report.document import (
    COMMITMENTS,
    ClaimFigures,
    EstimateBehind,
    HeadlineFigures,
    Period,
    Report,
    ReportInput,
    build,
    commitments_file,
    histories_withheld,
    manifest,
    period,
    record_commitment,
    record_committed,
    record_salt,
    report_files,
    statement,
)
from uncounted.report.histories import histories_csv, research_histories, research_readme
from uncounted.report.strata import STRATA_MERGED
from uncounted.services.estimated_histories import kept_histories, run_people
from uncounted.services.evidence import OutputExists, check_new_output
from uncounted.services.records import what_happened
from uncounted.vault import Action, VaultSession, allowed

__all__ = [
    "DRAFT_STEPS",
    "EstimateBehind",
    "NoHeadline",
    "NotAReport",
    "PublishedReport",
    "PublishedTables",
    "RecordNotInReport",
    "RecordProof",
    "ReportExists",
    "ReportFilesNotKept",
    "ReportInputChanged",
    "ReportRepeats",
    "draft_report",
    "estimate_behind",
    "last_publication",
    "prove_record",
    "publish_report",
    "publish_report_kept",
    "published_reports",
    "report_input",
    "report_package_into",
    "run_histories",
    "stored_run",
    "would_repeat",
]

#: Told each long step of a publication (a sentence; the command line prints it).
Progress = Callable[[str], None]
#: The hold of a vault that nothing else uses meanwhile (the command line's); the web passes
#: its session's lock, which its other requests wait for.
UNSHARED: AbstractContextManager[object] = nullcontext()


def _quiet(_step: str) -> None:
    """Progress nobody is shown."""


#: The sealed metadata field of a report's evidence item that holds its commitments' secret.
_KEY_FIELD = "commitments_key"
#: ... and the one that holds its tables with their true figures (for the next report's audit).
_FIGURES_FIELD = "report_figures"

#: Why a report of the first, nested format (one zip inside the package) proves no record.
OLDER_FORMAT = N_(
    "{path} is a report in the older format (one zip inside the package), which record"
    " proofs cannot be checked against; publish the report again and prove the record"
    " against the new one"
)


class NotAReport(InputError):
    """Raised when the item asked for is no published report of this vault."""


class ReportFilesNotKept(InputError):
    """Raised when a report was published before its files were kept, so it cannot be
    handed out again."""


class ReportExists(OutputExists):
    """Raised when the report's output file exists already or its folder does not."""


class ReportRepeats(InputError):
    """Raised when the report would say exactly what a published one says (its statement,
    :func:`uncounted.report.document.statement`) and the publisher did not say to publish
    it again: a published report stays in the ledger for good. ``earlier`` is that report."""

    def __init__(self, earlier: PublishedTables) -> None:
        super().__init__(
            N_(
                "this report would say exactly what report No. {number} ({item}), published"
                " on {date}, says (the same figures, estimate and threshold); a published"
                " report stays in the ledger for good, so nothing was published. To publish it"
                " again all the same, add --again"
            ),
            number=earlier.number,
            item=earlier.evidence_id,
            date=earlier.published_at[:10],
        )
        self.earlier = earlier


@dataclass(frozen=True)
class PublishedReport:
    """What a publication wrote, for the shell to say."""

    package: Path
    evidence_id: str
    tree_size: int
    key_fingerprint: str
    fingerprint: str
    files: tuple[str, ...]
    #: Which report of the vault it is (1 the first), as its PDF prints it.
    number: int = 0


class RecordNotInReport(InputError):
    """Raised when a record was not part of the report named, or the file is no report."""


@dataclass(frozen=True)
class RecordProof:
    """That one record was part of a report: its id, salt and commitment, and the report."""

    record: str
    salt: str
    commitment: str
    report_item: str
    report_sha256: str

    def to_json(self) -> dict[str, str]:
        return {
            "format": RECORD_PROOF_FORMAT,
            "record": self.record,
            "salt": self.salt,
            "commitment": self.commitment,
            "report_item": self.report_item,
            "report_sha256": self.report_sha256,
            "check": "sha256(salt || record) is a line of records.commitments in the report;"
            " uncounted verify REPORT.zip --record-proof THIS_FILE checks it",
        }


def _victim_records(vault: VaultSession) -> list[str]:
    """Every victim record counted in the report (placed in the register or not)."""
    return [
        view.record_id
        for view in store.list_records(vault, reveal=False)
        if view.analytic.get("role") == "victim" and view.event_type
    ]


def _report_commitments(report: Path) -> tuple[str, str, bytes]:
    """The evidence item, the manifest's SHA-256 and the records' commitments of a report."""
    try:
        with SafeZip(report) as package:
            described = json.loads(package.read_document("commitment.json"))
            item, digest = str(described["item_id"]), str(described["sha256"])
            nested = described["file"] != MANIFEST_MEMBER
            body = b"" if nested else package.read_document(COMMITMENTS)
    except (OSError, KeyError, ValueError, TypeError, UnsafeArchiveError):
        raise RecordNotInReport(
            N_("{path} is not a report package written by uncounted report"), path=report
        ) from None
    if nested:
        raise RecordNotInReport(OLDER_FORMAT, path=report)
    return item, digest, body


def prove_record(vault: VaultSession, record_id: str, report: Path) -> RecordProof:
    """The salt that shows *record_id* was part of *report* (and reveals no other record)."""
    vault.require(Action.REPORT_PUBLISH)
    item, digest, body = _report_commitments(report)
    try:
        secret = store.read_evidence_metadata(vault, item).get(_KEY_FIELD)
    except store.EvidenceNotFound:
        secret = None
    salt = record_salt(bytes.fromhex(secret or ""), record_id)
    if not secret or not record_committed(body, record_id, salt):
        raise RecordNotInReport(
            N_("record {record} was not part of the report {path}"), record=record_id, path=report
        )
    return RecordProof(record_id, salt.hex(), record_commitment(salt, record_id), item, digest)


def _violations(view: store.RecordView) -> frozenset[str]:
    """What an unplaced victim's record counts them under (as the register does)."""
    happened = what_happened(view)
    return counted_under(view.event_type, happened.acts, happened.status)


def _first_of_each(records: Iterable[tuple[str | None, str | None, str | None]]) -> list[Case]:
    """One case per violation of one person: the month and district of its earliest record."""
    first: dict[str, tuple[str, str]] = {}
    for event_type, month, district in records:
        if not event_type:
            continue
        seen = (month or "9999", district or "")
        if event_type not in first or seen < first[event_type]:
            first[event_type] = seen
    return [
        Case(violation, "" if month == "9999" else month, district)
        for violation, (month, district) in sorted(first.items())
    ]


def _published(sentences: Iterable[str]) -> tuple[str, ...]:
    """A run's warnings (or cautions) as its report prints them: naming no list and counting
    no people the disclosure control did not audit (:func:`~uncounted.estimate.wording.
    published`), as the lists left out are given to the report by their numbers alone. Two
    sentences that differed only by the list they named are one now, printed once."""
    from uncounted.estimate.wording import published  # the estimators: only with a run

    return tuple(dict.fromkeys(published(sentence) for sentence in sentences))


def report_input(vault: VaultSession) -> ReportInput:
    """The plain tables a report is made of, from the person register (no identities).

    A victim's record no linkage run has placed yet counts as one person, as on the dashboard.
    """
    vault.require(Action.REPORT_PUBLIC)
    cases: list[Case] = []
    placed: set[str] = set()
    for person in store.register_people(vault.conn):
        victims = [r for r in person.records if r.role == "victim"]
        placed.update(r.record_id for r in person.records)
        cases += _first_of_each(
            (violation, r.event_month, r.district) for r in victims for violation in r.violations
        )
    for view in store.list_records(vault, reveal=False):
        if view.record_id not in placed and view.analytic.get("role") == "victim":
            cases += _first_of_each(
                (violation, view.event_month, view.district) for violation in _violations(view)
            )
    counted = store.people_counts(vault.conn)
    chosen = store.headline(vault.conn)
    headline = None
    histories: list[list[object]] = []
    if chosen is not None:
        run = chosen.result
        histories = kept_histories(run_people(vault, run), run.lists)
        headline = HeadlineFigures(
            method=run.method,
            lists=len(run.lists),
            observed=run.observed,
            median=run.median,
            q025=run.q025,
            q975=run.q975,
            warnings=_published(run.warnings),
            sensitivity=tuple(run.sensitivity),
            chosen_at=chosen.chosen_at,
            cautions=_published(run.cautions),
            behind=_behind(vault, chosen),
            lists_in_all=run.lists_in_all if run.lists_left_out else 0,
            left_out=tuple((item.people, item.alone, item.unplaced) for item in run.lists_left_out),
            violation=_violation_of(run),
            made_at=run.created_at,
            run=run.id,
        )
    claims = [
        ClaimFigures(
            date=str(row.claim.date),
            claim_type=row.claim.claim_type,
            speaker_office=row.claim.speaker_office or "",
            documented=row.documented,
            violations=tuple(sorted(row.claim.event_types)),
        )
        for row in store.list_claims(vault, None)
    ]
    return ReportInput(
        cases=cases,
        people=counted.people,
        list_sizes=tuple(sorted(counted.by_source.values(), reverse=True)),
        headline=headline,
        claims=claims,
        records=counted.records,
        unreviewed_links=counted.unreviewed_links,
        unplaced_records=counted.unplaced_records,
        version=__version__,
        made_on=datetime.now(UTC).date().isoformat(),
        acts=dict(counted.by_act),
        number=len(_report_items(vault)) + 1,
        histories_people=None if chosen is None else sum(int(str(n)) for *_, n in histories),
        histories=tuple((str(place), str(pattern), int(str(n))) for place, pattern, n in histories),
        histories_lists=() if chosen is None else tuple(chosen.result.lists),
    )


def _violation_of(run: store.StoredResult) -> str:
    """The violation a run estimates the victims of ("": every victim)."""
    event_type = run.scope.get("event_type")
    return event_type if isinstance(event_type, str) else ""


def _research_described(vault: VaultSession) -> dict[str, object]:
    """What histories-README.txt says of the chosen estimate beside its capture histories
    (its method, options and figures, and whether records changed since); empty before an
    estimate is chosen."""
    chosen = store.headline(vault.conn)
    if chosen is None:
        return {}
    run = chosen.result
    return {
        "method": run.method,
        "options": dict(run.settings.get("options", {}) or {}),  # type: ignore[call-overload]
        "median": run.median,
        "q025": run.q025,
        "q975": run.q975,
        "observed_by_the_run": run.observed,
        "kept": run.histories_kept is not None,
        "behind": _behind(vault, chosen),
        "lists_in_all": run.lists_in_all,
        "left_out": len(run.lists_left_out),
    }


def _research_published(
    report: Report,
    described: Mapping[str, object],
    translators: Mapping[str, Gettext | Catalogue],
) -> dict[str, bytes]:
    """The research files as the package holds them: the capture histories the report
    publishes (:attr:`Report.histories`, their strata audited with its tables) and how to
    reproduce the estimate from them, when the report prints every figure they add up to
    (:meth:`Report.histories_published`); else histories.csv is left out, and
    histories-README.txt says why and how a reviewer the organisation names gets it, in each
    language of the report (the annex says the same). With the headline hidden,
    histories.csv's cells summed gave it away. Where the strata were merged because of the
    tables, the README says so in each language (:data:`STRATA_MERGED`)."""
    if not described:
        return {}
    histories = report.histories
    if histories is None:
        said = "\n\n".join(histories_withheld(report, words) for words in translators.values())
        return {"histories-README.txt": f"{said}\n".encode()}
    observed = sum(sum(c.values()) for c in histories.counts.values())
    why = ""
    if histories.audited:
        why = "\n\n".join(Message(STRATA_MERGED).translated(w) for w in translators.values())
    readme = research_readme(histories, {**described, "observed_now": observed}, why)
    return {"histories.csv": histories_csv(histories), "histories-README.txt": readme}


def run_histories(
    vault: VaultSession, run: store.StoredResult, rules: Rules | None = None
) -> bytes:
    """histories.csv of *run* as a report's package would hold it (the same layout and
    strata, the histories the run estimated from: :func:`~uncounted.services.
    estimated_histories.run_people`), for the organisation to give a reviewer it names when
    the report leaves it out (``uncounted estimate histories VAULT --from-register
    --histories-out FILE``)."""
    vault.require(Action.REPORT_PUBLISH)
    people = run_people(vault, run)
    return histories_csv(research_histories(people, run.lists, rules or Rules()))


class NoHeadline(InputError):
    """Raised when the histories of the headline are asked for before any run was chosen."""


def stored_run(vault: VaultSession, number: int | None = None) -> store.StoredResult:
    """Stored run *number*, or (None) the run behind the headline, the one a report
    publishes (:func:`estimate_behind` reads the same): the run whose histories
    :func:`run_histories` writes for a reviewer. Estimating again from today's register gave
    a file that need not reproduce the published figure, and made a new latest run the
    Reports page then spoke of (histrun, session 27)."""
    vault.require(Action.REPORT_PUBLISH)
    if number is not None:
        return store.stored_result(vault.conn, number)  # ResultNotFound names the number
    chosen = store.headline(vault.conn)
    if chosen is None:
        raise NoHeadline(
            N_(
                "no estimate run is the headline yet: name the run with --run"
                " (`uncounted estimate runs` lists them)"
            )
        )
    return chosen.result


#: The steps of a draft, in order, as :func:`draft_report` tells them (the web's wait page
#: lists them and marks the one under way).
DRAFT_STEPS = (
    N_("reading the records and the register"),
    N_("protecting small numbers: hiding every figure that could point at a person"),
)


def draft_report(
    vault: VaultSession,
    rules: Rules | None = None,
    previous: Publication | None = None,
    hold: AbstractContextManager[object] = UNSHARED,
    progress: Progress = _quiet,
) -> Report:
    """The report as it would be published now, disclosure control applied together with
    *previous* or, for a user who may publish, the newest published report, as publishing
    does (the draft page showed figures the published report then hid, and could not say
    which were hidden because of it); the earlier report's true figures only feed the audit.
    Others (a viewer) get the report audited alone: they hold no key to the earlier report's
    sealed figures. The vault is held (*hold*, the web session's lock) only while the input
    is read (0.1 s on the demo vault), not while the disclosure control runs (10 to 45 s
    there before its audit was made cheaper, stop 23). *progress* is told each step
    (:data:`DRAFT_STEPS`)."""
    progress(DRAFT_STEPS[0])
    newest: str | None = ""  # "": the earlier report was given, so publishing now is not asked
    with hold:
        vault.require(Action.REPORT_PUBLIC)
        publisher = allowed(vault.user.role, Action.REPORT_PUBLISH)
        data = report_input(vault)
        if previous is None and publisher:
            previous, _item = _newest_figures(vault)
            newest = _newest_report(vault)
        drafted = _report_detail(data.number, previous)
        with store.transaction(vault.conn):  # "made a draft report", the figures read with it
            store.record_audit(
                vault.conn, store.AuditEntry(vault.user.name, "report.draft", "", drafted)
            )
    progress(DRAFT_STEPS[1])
    report = build(data, rules, previous)
    if newest != "" and report.rules == Rules():  # what publishing now says (:func:`would_repeat`)
        _remember(_said_key(data, report.rules, newest), statement(report))
    return report


def _figures_field(
    publication: Publication, made_on: str = "", fingerprint: str = "", number: int = 0
) -> str:
    """A publication's cells, true figures and relations as JSON, for its sealed metadata,
    with the day it was made, its tables' fingerprint and its number (a later report names
    it)."""
    return json.dumps(
        {
            "cells": [[list(c), publication.figures[c], v] for c, v in publication.cells.items()],
            "relations": [
                [list(r.whole), [list(p) for p in r.parts]] for r in publication.relations
            ],
            "made_on": made_on,
            "fingerprint": fingerprint,
            "number": number,
        }
    )


def _publication_of(field: str, made_on: str, number: int) -> Publication:
    """The publication kept in *field*; *made_on* and *number* for a report kept before its
    field said them."""
    data = json.loads(field)
    cells = {tuple(c): shown for c, _figure, shown in data["cells"]}
    figures = {tuple(c): int(figure) for c, figure, _shown in data["cells"]}
    relations = [
        Relation(tuple(w), tuple(tuple(p) for p in parts)) for w, parts in data["relations"]
    ]
    return Publication(
        cells=cells,
        relations=relations,
        figures=figures,
        made_on=str(data.get("made_on") or made_on),
        fingerprint=str(data.get("fingerprint", "")),
        number=int(data.get("number") or number),
    )


def _report_items(vault: VaultSession) -> list[store.EvidenceItem]:
    """The evidence items that are published reports, newest first (the reports of an
    earlier version were one zip each; they count for the next report's protection)."""
    items = [
        item
        for item in store.list_evidence(vault)
        if item.record_id is None and item.media_type in (MANIFEST_MEDIA_TYPE, "application/zip")
    ]
    return sorted(items, key=lambda i: (i.created_at, i.original_seq), reverse=True)


def last_publication(vault: VaultSession) -> Publication | None:
    """The newest published report's tables (true figures included, from its sealed
    metadata), so that the next report is protected together with it; None before any. The
    read is audited as a look at the report item's metadata; a draft and a publication read
    it as a step of their own and are audited as such (:func:`_newest_figures`)."""
    vault.require(Action.REPORT_PUBLISH)
    previous, item = _newest_figures(vault)
    if item:
        entry = store.AuditEntry(vault.user.name, "evidence.metadata.read", item)
        with store.transaction(vault.conn):
            store.record_audit(vault.conn, entry)
    return previous


def _newest_figures(vault: VaultSession) -> tuple[Publication | None, str]:
    """The newest published report's tables with their true figures, and the id of the item
    they were read from ("" when no report keeps them); every earlier report's with it, in
    its :attr:`~uncounted.report.disclosure.Publication.reports_before` (oldest first), as
    the next report is audited with all of them (a reader of reports No. 2 and No. 4 alone
    worked out a figure of No. 4 that its audit with No. 3 passed). Not recorded here: the caller
    records the read as what the user does (``report.draft``, ``report.publishing``) in a
    transaction committed before the figures are used, so that the Audit page says "made a
    draft report" where every draft and publication read as "looked at an evidence file's
    metadata"."""
    items = _report_items(vault)
    kept: list[tuple[Publication, str]] = []
    for place, item in zip(range(len(items), 0, -1), items, strict=True):
        sealed = store.read_evidence_metadata_recorded_by_caller(vault, item.id)
        field = sealed.get(_FIGURES_FIELD)
        if field:
            kept.append((_publication_of(field, item.created_at[:10], place), item.id))
    if not kept:
        return None, ""
    newest, item_id = kept[0]
    newest.reports_before = [publication for publication, _id in reversed(kept[1:])]
    return newest, item_id


def _report_detail(number: int, previous: Publication | None) -> dict[str, int | str]:
    """What an audit entry of a draft, a publication or a refusal says of the report: the
    number it takes (or would take) and the reports whose true figures it was protected
    with (read from their sealed metadata): the one's number, or every one's ("1, 2, 3")."""
    detail: dict[str, int | str] = {"number": number}
    if previous is not None:
        numbers = [p.number for p in (*previous.reports_before, previous)]
        if len(numbers) > 1:
            detail["protected_with_reports"] = ", ".join(map(str, numbers))
        else:
            detail["protected_with"] = numbers[0]
    return detail


@dataclass(frozen=True)
class PublishedTables:
    """A publication as it went out: its committed manifest's description and tables."""

    evidence_id: str
    published_at: str
    made_on: str
    threshold: int
    fingerprint: str
    people: str
    cells: dict[tuple[str, ...], int | None]
    files: tuple[str, ...]
    #: Who published it (a user's name).
    published_by: str = ""
    #: A report of the first, nested format: listed, downloadable, but without tables shown.
    older_format: bool = False
    #: Whether its package can be handed out again (its files were kept).
    downloadable: bool = True
    #: SHA-256 of what it says (:func:`~uncounted.report.document.statement`); empty for a
    #: report published before uncounted recorded it.
    says: str = ""
    #: Which report of the vault it is, 1 the first (as its PDF prints it; for a report
    #: published before the number was printed, its place among the vault's reports).
    number: int = 0

    def period(self) -> Period | None:
        """The months it covers, as its PDF says them (one published before the month chart's
        span rule, session 29, printed a mistyped year's month as its first)."""
        return period(self.cells_of("month"))

    def cells_of(self, dimension: str) -> dict[str, int | None]:
        """The published margin over *dimension* (month, district, violation)."""
        return {
            cell[1]: value
            for cell, value in sorted(self.cells.items())
            if len(cell) == 2 and cell[0] == dimension
        }


def published_reports(vault: VaultSession) -> list[PublishedTables]:
    """Every report published from this vault, newest first, as its manifest stored it
    (nothing recomputed: what was published is what is shown)."""
    vault.require(Action.REPORT_PUBLIC)
    out = []
    items = _report_items(vault)
    for place, item in zip(range(len(items), 0, -1), items, strict=True):
        who = store.evidence_added_by(vault, item.id)
        if item.media_type != MANIFEST_MEDIA_TYPE:
            made_on = item.created_at[:10]
            out.append(PublishedTables(item.id, item.created_at, made_on, 0, "", "", {}, ()))
            out[-1] = replace(out[-1], published_by=who, older_format=True, number=place)
            continue
        described = json.loads(b"".join(store.read_evidence(vault, item, False)))
        cells = {tuple(str(v) for v in row[:-1]): row[-1] for row in described.get("tables", [])}
        out.append(
            PublishedTables(
                evidence_id=item.id,
                published_at=item.created_at,
                made_on=str(described.get("made_on", "")),
                threshold=int(described.get("threshold", 0)),
                fingerprint=str(described.get("tables_sha256", "")),
                people=str(described.get("people", "")),
                cells=cells,
                files=tuple(sorted(described.get("files", {}))),
                published_by=who,
                downloadable=item.working_seq is not None,
                says=str(described.get("says_sha256", "")),
                number=int(described.get("number") or place),
            )
        )
    return out


def _repeated(report: Report, published: Iterable[PublishedTables]) -> PublishedTables | None:
    """The newest of *published* that says what *report* says (its statement), or None."""
    says = statement(report)
    return next((p for p in published if p.says == says), None)


#: What the report made from each input lately asked about says (digests only, no figure):
#: the Reports page asks on every visit whether publishing would repeat a report, and making
#: the report costs what its disclosure control costs (1.6 to 3.5 s on the demo vault,
#: whatever its number of records), when reading its input costs 0.2 s. The report is a pure
#: function of its input, rules and the last publication, so an entry is never stale.
_SAID: OrderedDict[str, str] = OrderedDict()
_SAID_LOCK = threading.Lock()
_SAID_SIZE = 16


def _input_digest(data: ReportInput, rules: Rules, previous: Publication | None) -> str:
    """SHA-256 of what a report is made from, but its day, version and number (which
    :func:`~uncounted.report.document.statement` leaves out too)."""
    made_from = replace(data, made_on="", version="", number=0)
    text = json.dumps(
        [asdict(made_from), asdict(rules), None if previous is None else _figures_field(previous)],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _said_key(data: ReportInput, rules: Rules, newest: str | None) -> str:
    """The key of :data:`_SAID`: what a report is made from (:func:`_input_digest`), the
    earlier report named by the newest report item's id (None: no report yet) rather than by
    its true figures. A published report never changes, so its id names them as well; and
    so the Reports page, asking on every visit, reads no sealed field: it read the last
    report's sealed figures each time, and each visit was an audited metadata read that
    nobody looked at (walkday7: the audit trail flooded, the real reads hidden among them)."""
    return _input_digest(data, rules, None) + (newest or "")


def _newest_report(vault: VaultSession) -> str | None:
    """The id of the newest report item (the earlier report of the next), or None."""
    items = _report_items(vault)
    return items[0].id if items else None


def _remember(key: str, says: str) -> None:
    """Keep what the report made from the input *key* says (:data:`_SAID`, newest last)."""
    with _SAID_LOCK:
        _SAID[key] = says
        _SAID.move_to_end(key)
        while len(_SAID) > _SAID_SIZE:
            _SAID.popitem(last=False)


def estimate_behind(vault: VaultSession) -> EstimateBehind | None:
    """Whether the estimate a report published now would print leaves out records added or
    changed after it was run, or None. Walking the demo (walkday5), an analyst added a list
    and published: the report printed its headline over 7 lists and 199 people beside an
    estimate over 6 lists and 192, and nothing said the estimate was older than the list
    (only histories-README.txt inside the package did). The report prints the same
    (:func:`report_input`)."""
    vault.require(Action.REPORT_PUBLISH)
    return _behind(vault, store.headline(vault.conn))


def _behind(vault: VaultSession, chosen: store.Headline | None) -> EstimateBehind | None:
    """How many records were added or changed after the *chosen* run read them (one count
    over the records table), or None when none was (or no run is chosen)."""
    if chosen is None:
        return None
    added = store.records_after(vault.conn, chosen.result)
    return EstimateBehind(chosen.result.created_at, added) if added else None


def would_repeat(vault: VaultSession, *, compute: bool = True) -> PublishedTables | None:
    """The published report that the report published now would repeat word for word (the
    refusal of :class:`ReportRepeats`, told before anyone presses Publish: walking Publish,
    it came only after the PDFs were asked for), or None. None at once before any report
    recorded what it says; else the report's input is read and what it says is made, or
    taken from :data:`_SAID` when the same input was made before.

    With *compute* False (the Reports page) only :data:`_SAID` is asked, never the
    disclosure control, and no sealed field is read (:func:`_said_key`): made on each visit
    it took 12 s on the demo vault after a publication and 165 to 189 s after a list was
    added (walkday4, stop 23), with the vault held. :func:`_commit` and :func:`draft_report`
    keep what the next report would say, so the page knows it right after a publication or a
    look at the draft; the refusal after pressing Publish stays, exact, for every other
    case."""
    vault.require(Action.REPORT_PUBLISH)
    published = published_reports(vault)
    if not any(p.says for p in published):
        return None
    data, rules = report_input(vault), Rules()
    key = _said_key(data, rules, _newest_report(vault))
    with _SAID_LOCK:
        says = _SAID.get(key)
    if says is None:
        if not compute:
            return None
        says = statement(build(data, rules, last_publication(vault)))
        _remember(key, says)
    return next((p for p in published if p.says == says), None)


def _bundle(files: Mapping[str, bytes]) -> bytes:
    """The report's files as one zip (kept in the vault to hand the report out again)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), body)
    return out.getvalue()


def _unbundle(bundle: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def report_package_into(vault: VaultSession, evidence_id: str, handle: BinaryIO) -> str:
    """Write a published report's package again into *handle* (the same files and manifest,
    with proofs against today's signed log) and return its file name. Allowed to the roles
    that publish; the hand-out is a custody event and an audit entry ("report.download").
    A report of the older, nested format is handed out as it was committed."""
    vault.require(Action.REPORT_PUBLISH)
    items = {item.id: item for item in _report_items(vault)}
    if evidence_id not in items:
        raise NotAReport(N_("{item} is not a published report of this vault"), item=evidence_id)
    item = items[evidence_id]
    files: dict[str, bytes] = {}
    if item.media_type == MANIFEST_MEDIA_TYPE:
        if item.working_seq is None:
            raise ReportFilesNotKept(
                N_(
                    "the report {item} was published before uncounted kept a report's files,"
                    " so it cannot be downloaded again; the copy downloaded when it was"
                    " published is the one to hand out"
                ),
                item=evidence_id,
            )
        files = _unbundle(b"".join(store.read_evidence(vault, item, True)))
    number = next(p.number for p in published_reports(vault) if p.evidence_id == item.id)
    with store.transaction(vault.conn):
        store.record_custody(vault, item.id, "exported", {"copy": "original", "kind": "report"})
        store.record_audit(
            vault.conn,
            store.AuditEntry(vault.user.name, "report.download", item.id, {"number": number}),
        )
    contents = store.package_contents(vault, item, False)
    write_package_into(handle, contents, store.read_evidence(vault, item, False), files)
    return f"report-{item.created_at[:10]}-no{number}-{item.id}.zip"


def publish_report(
    vault: VaultSession,
    output: Path,
    translators: Mapping[str, Gettext | Catalogue],
    rules: Rules | None = None,
    pdf: bool = True,
    again: bool = False,
    progress: Progress = _quiet,
) -> PublishedReport:
    """Build the report, commit its manifest to the ledger and write the verifiable package;
    :class:`ReportRepeats` (nothing written) when it says what a published report says,
    unless *again*. *progress* is told each long step (the command line prints it)."""
    vault.require(Action.REPORT_PUBLISH)
    check_new_output(output, ReportExists)
    write = partial(write_package, output)
    return _publish(vault, output, write, translators, rules, pdf, again, progress)


def publish_report_kept(
    vault: VaultSession,
    translators: Mapping[str, Gettext | Catalogue],
    rules: Rules | None = None,
    again: bool = False,
    hold: AbstractContextManager[object] = UNSHARED,
    progress: Progress = _quiet,
) -> str:
    """Publish the report and keep it in the vault only, writing no package; return its
    evidence id (:class:`ReportRepeats` as :func:`publish_report`, unless *again*). The web
    app publishes so and then hands the package out with :func:`report_package_into`, which
    records that hand-out: the ledger's custody says a copy was exported when one left, and
    the browser comes back to the list of reports. The vault is held (*hold*, the web
    session's lock) only to read the report's sources and to commit it (:func:`_commit`)."""
    with hold:
        vault.require(Action.REPORT_PUBLISH)
    item, _files, _report = _commit(vault, translators, rules, True, again, False, hold, progress)
    return item.id


Writer = Callable[[PackageContents, Iterable[bytes], Mapping[str, bytes]], None]


def _publish(
    vault: VaultSession,
    output: Path,
    write: Writer,
    translators: Mapping[str, Gettext | Catalogue],
    rules: Rules | None,
    pdf: bool,
    again: bool,
    progress: Progress,
) -> PublishedReport:
    item, files, report = _commit(vault, translators, rules, pdf, again, True, UNSHARED, progress)
    contents = store.package_contents(vault, item, False)
    write(contents, store.read_evidence(vault, item, False), files)
    return PublishedReport(
        package=output,
        evidence_id=item.id,
        tree_size=contents.checkpoint.checkpoint.tree_size,
        key_fingerprint=contents.public_key.fingerprint,
        fingerprint=report.fingerprint,
        files=tuple(sorted([*files, MANIFEST_MEMBER])),
        number=report.data.number,
    )


class ReportInputChanged(InputError):
    """Raised when the vault kept changing while the report was being made: each time the
    report was ready, its records (or the last report) were no longer those it was made
    from, and a report of figures that are no longer true is never published."""


#: How many times a report is made again when its input changed while it was being made.
_ATTEMPTS = 3


@dataclass(frozen=True)
class _Sources:
    """Everything a publication reads from the vault (read together, under the vault's
    hold), their digest, and the vault's write stamp once they were read (None when another
    connection wrote meanwhile): the commit checks the vault still says the same."""

    data: ReportInput
    previous: Publication | None
    #: The evidence ids of the reports published when they were read, newest first.
    reports: tuple[str, ...]
    published: list[PublishedTables]
    victims: list[str]
    research: dict[str, object]
    digest: str
    stamp: tuple[int, int] | None

    def still_true(self, vault: VaultSession, rules: Rules) -> bool:
        """Whether the vault still says what these sources say (called in the commit's
        transaction, where no one else writes): nothing written since they were read (the
        write stamp, one pragma), or, when something was, the sources read again say the
        same (a write elsewhere in the vault: a sign-in, an audit entry, a draft saved).
        Before, the commit read every source again each time (``report_input``, the victims'
        records, the research files: twice per publication)."""
        if self.stamp is not None and store.write_stamp(vault.conn) == self.stamp:
            return True
        if _report_ids(vault) != self.reports:  # a report published meanwhile: made again
            return False
        return _read_sources(vault, rules, self).digest == self.digest


def _report_ids(vault: VaultSession) -> tuple[str, ...]:
    return tuple(item.id for item in _report_items(vault))


def _read_sources(vault: VaultSession, rules: Rules, known: _Sources | None = None) -> _Sources:
    """What the report is made from: its input, the last publication, the reports published,
    the victims' records (for the commitments) and the research files.

    The earlier reports' sealed true figures are audited as they are read, in a transaction of
    their own committed before they are used ("began publishing a report"): recorded with the
    publication's commit, a crash or a failure in between (a full disk) left the read
    unrecorded. *known*: the sources read before with the same reports published (the
    commit's check, in its transaction, where a read's entry would be rolled back with it):
    their figures are taken, not read again."""
    before = store.write_stamp(vault.conn)
    data, reports = report_input(vault), _report_ids(vault)
    if known is None:
        previous, item = _newest_figures(vault)
        if item:
            read = _report_detail(data.number, previous)
            with store.transaction(vault.conn):
                entry = store.AuditEntry(vault.user.name, "report.publishing", "", read)
                store.record_audit(vault.conn, entry)
    else:
        previous = known.previous
    published, victims = published_reports(vault), _victim_records(vault)
    research = _research_described(vault)
    text = json.dumps(
        [
            _input_digest(data, rules, previous),
            data.number,
            victims,
            research,
        ],
        default=str,
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    after = store.write_stamp(vault.conn)
    # none when another connection wrote while they were read (the read's own audit entry is
    # this connection's write, in total_changes: the stamp is the one after it)
    stamp = after if after[0] == before[0] else None
    return _Sources(data, previous, reports, published, victims, research, digest, stamp)


def _commit(
    vault: VaultSession,
    translators: Mapping[str, Gettext | Catalogue],
    rules: Rules | None,
    pdf: bool,
    again: bool,
    exported: bool,
    hold: AbstractContextManager[object],
    progress: Progress,
) -> tuple[store.EvidenceItem, dict[str, bytes], Report]:
    """Build the report and commit its manifest, its kept files and the audit entry (and,
    when *exported*, the custody event of the copy being written out) in one transaction.
    A report that says what a published one says is refused before its PDFs are laid out,
    unless *again* (walking Publish, four identical reports went out with nothing said).

    The vault is held (*hold*: the web session's lock, one request at a time) only to read
    what the report is made from and to commit it: the disclosure control and the PDFs, 10
    to 115 s on the demo vault after a list (stop 23, ``benchmarks/report_publish_timing.py``),
    are made without it, so the user's other pages go on. The commit's transaction (no other
    writer meanwhile) checks nothing was written since the sources were read, else reads them
    again (:meth:`_Sources.still_true`); when they changed, the report is made again from the
    new ones (:data:`_ATTEMPTS` times, then :class:`ReportInputChanged`)."""
    rules = rules or Rules()
    read: list[_Sources] = []
    try:
        return _commit_made(vault, translators, rules, pdf, again, exported, hold, progress, read)
    except UncountedError:
        if read and read[-1].previous is not None:  # after the read (on record already)
            refused = _report_detail(read[-1].data.number, read[-1].previous)
            with hold, store.transaction(vault.conn):
                entry = store.AuditEntry(vault.user.name, "report.refused", "", refused)
                store.record_audit(vault.conn, entry)
        raise


def _commit_made(
    vault: VaultSession,
    translators: Mapping[str, Gettext | Catalogue],
    rules: Rules,
    pdf: bool,
    again: bool,
    exported: bool,
    hold: AbstractContextManager[object],
    progress: Progress,
    read: list[_Sources],
) -> tuple[store.EvidenceItem, dict[str, bytes], Report]:
    """:func:`_commit`'s attempts; *read* is told the sources each attempt read."""
    for _attempt in range(_ATTEMPTS):
        with hold:
            sources = _read_sources(vault, rules)
        read.append(sources)
        progress(N_("making the report: disclosure control of its tables"))
        report = build(sources.data, rules, sources.previous)
        earlier = _repeated(report, sources.published)
        if earlier is not None and not again:
            raise ReportRepeats(earlier)
        progress(N_("laying out the report's files"))
        files = report_files(report, translators, pdf=pdf)
        files.update(_research_published(report, sources.research, translators))
        secret = os.urandom(32)
        files[COMMITMENTS] = commitments_file(secret, sources.victims)
        described = {
            "kind": "uncounted report",
            "version": __version__,
            "made_on": report.data.made_on,
            "threshold": report.rules.threshold,
            "tables_sha256": report.fingerprint,
            "people": report.people(),
            "says_sha256": statement(report),
            "number": report.data.number,
        }
        body = manifest(files, described, report)
        sealed = {
            _KEY_FIELD: secret.hex(),
            _FIGURES_FIELD: _figures_field(
                report.publication, report.data.made_on, report.fingerprint, report.data.number
            ),
        }
        name = f"report-{report.data.made_on}.json"
        with hold, store.transaction(vault.conn):  # the item, its export, the audit: all or none
            if not sources.still_true(vault, rules):
                continue  # changed while it was made: made again from what the vault says now
            item = store.add_evidence_chunks(vault, [body], name, None, sealed, manifest=True)
            item = store.keep_report_files(vault, item, _bundle(files))
            if exported:
                store.record_custody(
                    vault, item.id, "exported", {"copy": "original", "kind": "report"}
                )
            detail: dict[str, str | int] = {
                "made_on": report.data.made_on,
                "tables_sha256": report.fingerprint,
            }
            detail.update(_report_detail(report.data.number, sources.previous))
            store.record_audit(
                vault.conn, store.AuditEntry(vault.user.name, "report.publish", item.id, detail)
            )
        # the same input made again with this report as the earlier one says what it said
        # (what it showed is its true figures, what it hid stays hidden): the Reports page
        # warns at once, without the disclosure control (:func:`would_repeat`); pressing
        # checks exactly
        if report.rules == Rules():
            _remember(_said_key(report.data, report.rules, item.id), statement(report))
        return item, files, report
    raise ReportInputChanged(
        N_(
            "the records kept changing while the report was being made ({times} times), so"
            " nothing was published: a report shows only figures that are still true when it"
            " is published. Publish again in a moment"
        ),
        times=_ATTEMPTS,
    )
