"""``uncounted records``: list records; edit one (a new revision), read its history, withdraw it.

``uncounted records VAULT`` lists as before; ``edit``, ``history`` and ``withdraw`` each call
one function of :mod:`uncounted.services.revisions`. A record is named by its id (``records
--json``) or by its pseudonym (the first column of ``records``).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console

from uncounted.cli._groups import default_group
from uncounted.cli._language import labels, part, said, vocabulary_labels
from uncounted.cli._output import print_json
from uncounted.cli._tables import whole_table
from uncounted.cli._vault import (
    Cancelled,
    JsonOpt,
    PassFileOpt,
    UserOpt,
    VaultArg,
    _confirmed,
    _unlock,
    records_,
)
from uncounted.errors import InputError
from uncounted.messages import N_, Counted, Message, readable
from uncounted.services import revisions

_stderr = Console(stderr=True)

RecordArg = Annotated[
    str,
    typer.Argument(
        help="The record: its id (`records VAULT --json`) or its pseudonym (ABCD-EFGH)."
    ),
]


class BadSetting(InputError):
    """Raised when a --set is not written FIELD=VALUE."""


def _settings(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise BadSetting(
                N_("--set {pair!r}: write FIELD=VALUE (an empty VALUE removes the field)"),
                pair=pair.split("=")[0][:40],
            )
        found[name.strip()] = value
    return found


def edit(
    vault: VaultArg,
    record: RecordArg,
    set_: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="FIELD=VALUE, as often as needed: name, name_original, birth_date, age, sex,"
            " contact, address, testimony, event_type, event_date, place, place_text, role,"
            " perpetrator_type, perpetrator_unit, and any other field the record holds. An"
            " empty VALUE removes the field. Codes as in the vocabularies (event_type=detention,"
            " place=ru-ce-grozny, act_types=arrest|beating, perpetrator_type=police_unit|military,"
            " status_history='2017-03 detained; 2017-05-20 released'); perpetrator_unit holds"
            " the units as told, one a line.",
        ),
    ],
    reason: Annotated[
        str,
        typer.Option("--reason", help="Why (sealed with the revision: shown in its history)."),
    ] = "",
    whole_testimony: Annotated[
        bool,
        typer.Option(
            "--whole-testimony",
            help="Make the changes to the testimony's own fields (event_type, event_date, place,"
            " place_text, perpetrator_type, perpetrator_unit, testimony, source_type) for every"
            " person of the same testimony too, each a new revision.",
        ),
    ] = False,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Correct a record: the change is stored as a new revision and the old one is kept.

    Nothing is overwritten: `records history VAULT RECORD` shows every revision with who made
    it, when, why and what changed. Needs the grant of the record's case. Example:

        uncounted records edit VAULT 92F2-3AZ2 --set name="Ivan Testov" --reason "typo"

    Prints the new revision's number.
    """
    changes = _settings(set_)
    with _unlock(vault, user, passphrase_file) as session:
        record_id = revisions.find_record(session, record)
        number = revisions.edit_record(
            session, record_id, changes, reason, whole_testimony=whole_testimony
        )
    typer.echo(str(number))


def _revision_json(
    revision: revisions.Revision, changed: dict[str, tuple[str, str]] | None
) -> dict[str, Any]:
    return {
        "revision": revision.number,
        "at": revision.at,
        "by": revision.by,
        "reason": revision.reason,
        "fields": revision.fields() if revision.identity is not None else None,
        "changed": None
        if changed is None
        else {name: {"before": b, "after": a} for name, (b, a) in changed.items()},
    }


def history(
    vault: VaultArg,
    record: RecordArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show every revision of a record, oldest first: who, when (UTC, to the minute), why and
    what changed.

    Needs the grant of the record's case (reading a history is reading an identity, and is
    audited as such). A withdrawn record's revisions show who and when only.
    """
    with _unlock(vault, user, passphrase_file) as session:
        record_id = revisions.find_record(session, record)
        found = revisions.record_history(session, record_id)
    pairs: list[tuple[revisions.Revision, dict[str, tuple[str, str]] | None]] = [
        (found[0], None),
        *revisions.revision_changes(found),
    ]
    if as_json:
        print_json(
            {
                "record": record_id,
                "withdrawn_at": found[-1].withdrawn_at,
                "revisions": [_revision_json(r, c) for r, c in pairs],
            }
        )
        return
    table = whole_table(
        *labels(
            N_("Revision"),
            N_("When"),
            N_("By"),
            N_("Field"),
            N_("Before"),
            N_("After"),
            N_("Reason"),
        )
    )
    # the history page's words, no brackets: "(первое / сохранение)" broke inside them at 80
    first_stored = part(N_("first stored"))
    shown = vocabulary_labels()  # a field and a code as the history page says them
    for revision, changed in pairs:
        rows = sorted((changed or {}).items()) or [("", ("", ""))]
        for index, (name, (before, after)) in enumerate(rows):
            first = index == 0
            table.add_row(
                str(revision.number) if first else "",
                readable(revision.at) if first else "",
                revision.by if first else "",
                shown.field(name) if name else first_stored if revision.number == 1 else "",
                shown.value(name, before),
                shown.value(name, after),
                revision.reason if first else "",
            )
    Console().print(table)
    if found[-1].withdrawn_at:
        withdrawn = N_("Consent withdrawn on {date}: every identity destroyed.")
        typer.echo(said(Message(withdrawn, date=readable(found[-1].withdrawn_at))))


def withdraw(
    vault: VaultArg,
    record: RecordArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Consent withdrawn: destroy a record's identity for ever, keeping a tombstone.

    Destroyed: the identity of every revision (names, dates, contacts, testimony) and every
    evidence file attached to the record; not even the recovery key brings them back. Kept: the
    record's id, list, case, event type, month and district, and the date of withdrawal, so
    counts and ledger proofs stay as they were (docs/counting.md). Backups made before still
    hold the sealed identity until they are destroyed (docs/vault.md). Needs the grant of the
    record's case and the records.withdraw permission (admin, legal).
    """
    with _unlock(vault, user, passphrase_file) as session:
        record_id = revisions.find_record(session, record)
        impact = revisions.withdrawal_impact(session, record_id)
        if not yes:
            question = Message(
                N_(
                    "Destroy the identity of record {record} ({revisions}) and {files} for"
                    " ever? This cannot be undone."
                ),
                record=record,
                revisions=_revisions(impact.revisions),
                files=_files(len(impact.evidence)),
            )
            if not _confirmed(question):
                raise Cancelled(N_("withdrawal cancelled: nothing was changed"))
        done = revisions.withdraw_record(session, record_id)
    withdrawn = N_(
        "Withdrawn: the identity of {revisions} and {files} destroyed; a tombstone is kept."
    )
    _stderr.print(
        said(
            Message(
                withdrawn, revisions=_revisions(done.revisions), files=_files(len(done.evidence))
            )
        ),
        markup=False,
        highlight=False,
    )


def _revisions(number: int) -> Counted:
    return Counted(N_("%(num)d revision"), N_("%(num)d revisions"), number)


def _files(number: int) -> Counted:
    return Counted(N_("%(num)d evidence file"), N_("%(num)d evidence files"), number)


def register(app: typer.Typer) -> None:
    """Add ``records`` and its commands to *app*."""
    records_app = typer.Typer(
        cls=default_group("list"),
        help="Records: `records VAULT` lists them; edit, history, withdraw.",
        no_args_is_help=True,
    )
    records_app.command("list")(records_)
    records_app.command("edit")(edit)
    records_app.command("history")(history)
    records_app.command("withdraw")(withdraw)
    app.add_typer(records_app, name="records")
