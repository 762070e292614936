"""``uncounted people``: the person register (linked people, each with all their records).

``uncounted people VAULT`` lists the people; ``link`` brings the register in line with a new
linkage run; ``show``, ``merge``, ``split``, ``confirm`` and ``undo`` are a reviewer's work.
Every command calls one function of :mod:`uncounted.services.register`.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from uncounted.cli._groups import default_group
from uncounted.cli._language import labels, said, vocabulary_labels
from uncounted.cli._output import print_json
from uncounted.cli._tables import whole_table
from uncounted.cli._vault import JsonOpt, PassFileOpt, SearchOpt, UserOpt, VaultArg, _unlock
from uncounted.messages import N_, Counted, Message, readable

if TYPE_CHECKING:
    from uncounted.services.register import PeopleCounts, Person

_stderr = Console(stderr=True)
#: What a change of the register did, as the person's page says it.
_ACTIONS = {
    "link": N_("made by linkage"),
    "merge": N_("merged"),
    "split": N_("split"),
    "confirm": N_("confirmed"),
    "undo": N_("undone"),
}


def _register() -> ModuleType:
    """The register's services, imported when a command runs (linkage loads pandas)."""
    from uncounted.services import register

    return register


ReasonOpt = Annotated[
    str,
    typer.Option(
        "--reason",
        help="Why (kept in the register's history; write no name: say what you compared).",
    ),
]


def _person_json(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "state": person.state,
        "created_at": person.created_at,
        "sources": list(person.sources),
        "unreviewed_links": person.unreviewed_links,
        "records": [
            {
                "record_id": r.record_id,
                "source": r.source,
                "source_record_id": r.source_record_id,
                "case": r.case,
                "event_type": r.event_type,
                "event_month": r.event_month,
                "district": r.district,
                "role": r.role,
            }
            for r in person.records
        ],
    }


def _counts_json(counted: PeopleCounts) -> dict[str, Any]:
    return {
        "people": counted.people,
        "by_event_type": {k or "": v for k, v in counted.by_event_type.items()},
        "by_source": counted.by_source,
        "records": counted.records,
        "victim_records": counted.victim_records,
        "unreviewed_links": counted.unreviewed_links,
        "unplaced_records": counted.unplaced_records,
        "records_without_role": counted.records_without_role,
    }


def list_(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
    search: SearchOpt = "",
) -> None:
    """List the people of the register, each with their records (pseudonymous).

    A person is every record linkage or a reviewer joined as one human being; the counts
    below are of victims, each counted once however many lists name them.
    """
    with _unlock(vault, user, passphrase_file) as session:
        found = _register().list_people(session, search)
        counted = _register().counts(session)
    if as_json:
        print_json({"counts": _counts_json(counted), "people": [_person_json(p) for p in found]})
        return
    table = whole_table(
        *labels(
            N_("Person"), N_("State"), N_("Records"), N_("Lists"), N_("Roles"), N_("Event types")
        )
    )
    shown = vocabulary_labels()
    states = {True: said(N_("confirmed by a reviewer"), sentence=False)}
    states[False] = said(N_("linked, not reviewed"), sentence=False)
    for person in found:
        table.add_row(
            person.id,
            states[person.reviewed],
            str(len(person.records)),
            ", ".join(person.sources),
            ", ".join(sorted({shown.term("roles", r.role) or "?" for r in person.records})),
            ", ".join(sorted({shown.event_type(r.event_type) or "?" for r in person.records})),
        )
    Console().print(table)
    _stderr.print(said(_counts_line(counted)), markup=False, highlight=False)


def _counts_line(counted: PeopleCounts) -> Message:
    """What the register counts, under its table: victims as people, each counted once."""
    return Message(
        N_(
            "{people} ({links} between records not yet reviewed, {unplaced} not yet linked);"
            " {records} in all"
        ),
        people=Counted(
            N_("%(num)d person counted as a victim"),
            N_("%(num)d people counted as victims"),
            counted.people,
        ),
        links=Counted(N_("%(num)d link"), N_("%(num)d links"), counted.unreviewed_links),
        unplaced=Counted(N_("%(num)d record"), N_("%(num)d records"), counted.unplaced_records),
        records=Counted(N_("%(num)d record"), N_("%(num)d records"), counted.records),
    )


def link(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Link the records you can read into people and update the register.

    People a reviewer confirmed, merged or split stay as they are; a person whose records
    are linked together again keeps their id.
    """
    with _unlock(vault, user, passphrase_file) as session:
        outcome = _register().link_people(
            session, progress=lambda step: _stderr.print(said(step, sentence=False), markup=False)
        )
    document = {
        "change": outcome.change,
        "kept": outcome.kept,
        "made": outcome.made,
        "retired": outcome.retired,
        "confirmed_kept": outcome.confirmed_kept,
    }
    if as_json:
        print_json(document)
        return
    done = Message(
        N_(
            "people: {kept} unchanged, {made} made, {retired} replaced, {confirmed} confirmed by"
            " reviewers kept"
        ),
        kept=outcome.kept,
        made=outcome.made,
        retired=outcome.retired,
        confirmed=outcome.confirmed_kept,
    )
    _stderr.print(said(done, sentence=False), markup=False, highlight=False)


def show(
    vault: VaultArg,
    person: Annotated[str, typer.Argument(help="The person's id (P-…).")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one person: every record (identities where granted) and their history."""
    with _unlock(vault, user, passphrase_file) as session:
        page = _register().show_person(session, person)
    history = [
        {
            "change": c.id,
            "at": c.at,
            "user": c.user,
            "action": c.action,
            "reason": c.reason,
            "before": {k: list(v) for k, v in c.before.items()},
            "after": {k: list(v) for k, v in c.after.items()},
            "undone_by": c.undone_by,
        }
        for c in page.history
    ]
    if as_json:
        document = _person_json(page.person)
        document["records"] = [view.to_json() for view in page.records]
        document["history"] = history
        print_json(document)
        return
    table = whole_table(
        *labels(N_("Record"), N_("Source"), N_("Event"), N_("Role"), N_("Identity"))
    )
    shown = vocabulary_labels()
    for view in page.records:
        identity = "—" if view.identity is None else shown.identity(view.identity)
        role = shown.term("roles", str(view.analytic.get("role", "")))
        table.add_row(
            view.pseudonym, view.source, shown.event_type(view.event_type), role, identity
        )
    Console().print(table)
    for change in page.history:
        line = Message(
            N_("change {change}: {action} by {user}, {at}"),
            change=change.id,
            action=_ACTIONS.get(change.action, change.action),
            user=change.user,
            at=readable(change.at),
        )
        if change.reason:
            line = Message(N_("{line} ({reason})"), line=line, reason=change.reason)
        _stderr.print(said(line, sentence=False), markup=False, highlight=False)


def merge(
    vault: VaultArg,
    persons: Annotated[list[str], typer.Argument(help="Two or more person ids to merge.")],
    reason: ReasonOpt = "",
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Merge people who are one human being; prints the merged person's id."""
    with _unlock(vault, user, passphrase_file) as session:
        merged = _register().merge(session, persons, reason)
    typer.echo(merged)


def split(
    vault: VaultArg,
    person: Annotated[str, typer.Argument(help="The person's id (P-…).")],
    records: Annotated[
        list[str],
        typer.Option(
            "--records",
            help="Record ids (comma-separated) for one new person; repeat for more."
            " The records named nowhere form one more person.",
        ),
    ],
    reason: ReasonOpt = "",
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Split a person whose records are of different human beings; prints the new ids."""
    groups = [[r.strip() for r in group.split(",") if r.strip()] for group in records]
    with _unlock(vault, user, passphrase_file) as session:
        made = _register().split(session, person, groups, reason)
    typer.echo("\n".join(made))


def confirm(
    vault: VaultArg,
    person: Annotated[str, typer.Argument(help="The person's id (P-…).")],
    reason: ReasonOpt = "",
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Confirm a linked person after checking their records: later runs keep them whole."""
    with _unlock(vault, user, passphrase_file) as session:
        _register().confirm(session, person, reason)


def undo(
    vault: VaultArg,
    change: Annotated[int, typer.Argument(help="The change's number (see `people show`).")],
    reason: ReasonOpt = "",
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Undo a reviewer's merge, split or confirmation; prints the undoing change's number."""
    with _unlock(vault, user, passphrase_file) as session:
        number = _register().undo(session, change, reason)
    typer.echo(str(number))


def register(app: typer.Typer) -> None:
    """Add ``people`` and its commands to *app*."""
    people_app = typer.Typer(
        cls=default_group("list"),
        help="The person register: `people VAULT` lists it; link, show, merge, split, confirm,"
        " undo.",
        no_args_is_help=True,
    )
    people_app.command("list")(list_)
    people_app.command("link")(link)
    people_app.command("show")(show)
    people_app.command("merge")(merge)
    people_app.command("split")(split)
    people_app.command("confirm")(confirm)
    people_app.command("undo")(undo)
    app.add_typer(people_app, name="people")
