"""Vault commands: init, users, grants, import, records, backup/restore, panic, duress, recover.

Passphrases come from ``--passphrase-file PATH``, then the environment variable
``UNCOUNTED_PASSPHRASE``, then a hidden prompt. A passphrase given to a *new* key (a new user,
a recovered user) comes from ``--new-passphrase-file`` or ``UNCOUNTED_NEW_PASSPHRASE`` or a
prompt asked twice. Nothing here touches the database directly: every command calls a service.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from uncounted.cli._frame import confirmed, typed_twice
from uncounted.cli._language import (
    error_line,
    labels,
    part,
    said,
    say,
    vocabulary_labels,
    warning_line,
)
from uncounted.cli._output import print_json
from uncounted.cli._tables import whole_table
from uncounted.errors import InputError, UncountedError
from uncounted.intake import ImportRejected
from uncounted.messages import N_, Counted, Message
from uncounted.services import audit as audit_service
from uncounted.services import backups, grants, imports, records, users, vaults

_stderr = Console(stderr=True)

VaultArg = Annotated[Path, typer.Argument(help="The vault directory.")]
UserOpt = Annotated[
    str | None, typer.Option("--user", "-u", help="Who signs in (default: the only user).")
]
PassFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        help="Read the passphrase from this file (else UNCOUNTED_PASSPHRASE, else a prompt).",
    ),
]
NewPassFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--new-passphrase-file",
        help="Read the new passphrase from this file (else UNCOUNTED_NEW_PASSPHRASE, else prompt).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
#: the one search of ``records`` and ``people`` (uncounted.services.search)
SearchOpt = Annotated[
    str,
    typer.Option(
        "--search",
        help="Only those with a record holding every word of TEXT: a name in any script or"
        " romanisation (Prokhodov finds Проходов), else as written in a pseudonym, an id or a"
        " field you may read.",
    ),
]


RecoveryFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--recovery-file",
        help="Read the recovery secret from this file (else UNCOUNTED_RECOVERY_SECRET, "
        "else a prompt).",
    ),
]
WithRecoveryOpt = Annotated[
    bool,
    typer.Option(
        "--with-recovery",
        help="Unseal the case key with the organisation's recovery secret.",
    ),
]


def _recovery_secret(file: Path | None) -> str:
    return _secret(file, "UNCOUNTED_RECOVERY_SECRET", N_("Recovery secret"))


class MissingSecret(InputError):
    """Raised when a passphrase or secret file named on the command line cannot be read."""


class Cancelled(UncountedError):
    """Raised when the user answers no to a confirmation or closes a prompt (nothing changed)."""


def _read_secret_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise MissingSecret(N_("cannot read the passphrase file {path}"), path=str(path)) from None
    return text.rstrip("\r\n")


def _secret(file: Path | None, variable: str, prompt: str, confirm: bool = False) -> str:
    if file is not None:
        return _read_secret_file(file)
    from_environment = os.environ.get(variable)
    if from_environment:
        return from_environment
    asked = said(prompt, sentence=False)
    try:
        if confirm:
            answer = typed_twice(asked, said(N_("Repeat for confirmation"), sentence=False))
        else:
            answer = str(typer.prompt(asked, hide_input=True, err=True))
    except typer.Abort:
        raise Cancelled(
            N_("nothing was given at the prompt “{prompt}”: nothing was changed"), prompt=asked
        ) from None
    return answer


def _confirmed(question: str) -> bool:
    """Whether the user answers yes to *question* (no, or a closed prompt, is no), asked in
    the terminal's language."""
    try:
        return confirmed(question)
    except typer.Abort:
        return False


def _passphrase(file: Path | None) -> str:
    return _secret(file, "UNCOUNTED_PASSPHRASE", N_("Passphrase"))


def _new_passphrase(file: Path | None, what: str = N_("New passphrase")) -> str:
    return _secret(file, "UNCOUNTED_NEW_PASSPHRASE", what, confirm=True)


def _unlock(
    vault: Path, user: str | None, passphrase_file: Path | None, own_change: bool = False
) -> vaults.UnlockedVault:
    """The vault unlocked for a command. A user whose passphrase an administrator set may run
    nothing but ``user passphrase`` (*own_change*) until they have changed it."""
    name = user or vaults.default_user(vault)
    session = vaults.unlock(vault, name, _passphrase(passphrase_file))
    if not own_change:
        vaults.require_own_passphrase(session, vault)
    audit_service.name_reads(session, _command_path())
    return session


_COMMAND = ["uncounted"]  # set once per process by the entry point (uncounted.cli.main)


def name_command(words: str) -> None:
    """Say which command this process runs ("uncounted records list"), for its reads' label."""
    _COMMAND[0] = words


def _command_path() -> str:
    """The words of the command being run ("uncounted records"): command names only, never
    an argument (a path or a value may name a person)."""
    return _COMMAND[0]


def init(
    vault: VaultArg,
    user: Annotated[str, typer.Option("--user", "-u", help="Name of the first administrator.")],
    passphrase_file: PassFileOpt = None,
) -> None:
    """Create an encrypted vault and its first administrator; print the recovery secret ONCE.

    Write the recovery secret on paper and keep it away from this device: it is stored nowhere,
    and after `panic` or a duress sign-in it is the only way back in (`uncounted recover`).
    """
    passphrase = _secret(
        passphrase_file, "UNCOUNTED_PASSPHRASE", N_("New passphrase"), confirm=True
    )
    secret = vaults.init_vault(vault, user, passphrase)
    say(
        Message(
            N_(
                "Created vault {vault} with administrator {user}. The recovery secret follows;"
                " it is shown only this once. Write it down and keep it offline."
            ),
            vault=str(vault),
            user=user,
        )
    )
    typer.echo(secret)


def user_add(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="The new user's name.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(users.roles())}.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    new_passphrase_file: NewPassFileOpt = None,
) -> None:
    """Add a user (an admin signs in; the new user's passphrase is asked for separately)."""
    with _unlock(vault, user, passphrase_file) as session:
        new_passphrase = _new_passphrase(
            new_passphrase_file, Message(N_("Passphrase for {user}"), user=name)
        )
        added = users.add_user(session, name, role, new_passphrase, admin_set=True)
    say(
        Message(
            N_(
                "Added user {name} ({role}). They must change the passphrase you gave them"
                " before anything else, on the web or here (`uncounted user passphrase`)."
            ),
            name=added.name,
            role=added.role.value,
        )
    )


def _say_not_rekeyed(done: users.Deactivated) -> None:
    if done.not_rekeyed:
        say(
            Message(
                N_(
                    "You hold no key for these cases they held, so they were not given a new"
                    " key; an administrator who holds them should revoke them: {cases}"
                ),
                cases=", ".join(done.not_rekeyed),
            )
        )


def user_deactivate(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="The user to cut off.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Cut a user off: every case they held gets a new key, their keys leave this device."""
    with _unlock(vault, user, passphrase_file) as session:
        done = users.deactivate_user(session, name)
    rekeyed = Counted(N_("%(num)d case"), N_("%(num)d cases"), len(done.rekeyed))
    say(Message(N_("Deactivated {user}; {cases} given a new key."), user=done.user, cases=rekeyed))
    _say_not_rekeyed(done)


def user_remove(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="The user to remove for good.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask: remove after saying what is lost.")
    ] = False,
) -> None:
    """Remove a user for good: cut off as by `deactivate`, and their last key destroyed.

    Says first what they lose (the cases they hold, their drafts, signing in; they cannot be
    reactivated) and asks to confirm. Their name stays in the audit trail.
    """
    with _unlock(vault, user, passphrase_file) as session:
        impact = users.removal_impact(session, name)
        say(
            Message(
                N_(
                    "Removing {user}: they lose the cases they hold ({cases}: each gets a new"
                    " key), {drafts}, their sign-in code and any way to sign in or be"
                    " reactivated. Their name stays in the audit trail."
                ),
                user=name,
                cases=", ".join(impact.cases) or N_("none"),
                drafts=Counted(
                    N_("%(num)d unsaved draft"), N_("%(num)d unsaved drafts"), impact.drafts
                ),
            )
        )
        if not yes and not _confirmed(N_("Remove them?")):
            raise Cancelled(N_("{user} was not removed: nothing was changed"), user=name)
        done = users.remove_user(session, name)
    say(Message(N_("Removed {user}."), user=done.user))
    _say_not_rekeyed(done)


def user_reset(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="Whose passphrase to reset.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    new_passphrase_file: NewPassFileOpt = None,
    recovery_file: RecoveryFileOpt = None,
) -> None:
    """Give a user who lost their passphrase a new one, with the recovery secret (audited).

    Their keys, grants and drafts are kept; they must change the passphrase you give them
    when they next sign in.
    """
    with _unlock(vault, user, passphrase_file) as session:
        secret = _recovery_secret(recovery_file)
        new_passphrase = _new_passphrase(
            new_passphrase_file, Message(N_("Passphrase for {user}"), user=name)
        )
        users.reset_passphrase(session, name, secret, new_passphrase)
    say(
        Message(
            N_("Reset the passphrase of {user}; they must change it when they next sign in."),
            user=name,
        )
    )


def user_role(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="Whose role to change.")],
    role: Annotated[str, typer.Argument(help=f"One of: {', '.join(users.roles())}.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Give a user another role (not your own; the last admin stays admin)."""
    with _unlock(vault, user, passphrase_file) as session:
        changed = users.change_role(session, name, role)
    say(Message(N_("{user} is now {role}."), user=changed.name, role=changed.role.value))


def user_reactivate(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="The deactivated user.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    new_passphrase_file: NewPassFileOpt = None,
) -> None:
    """Let a deactivated user sign in again: new keys, a passphrase you give them, no grants."""
    with _unlock(vault, user, passphrase_file) as session:
        new_passphrase = _new_passphrase(
            new_passphrase_file, Message(N_("Passphrase for {user}"), user=name)
        )
        done = users.reactivate_user(session, name, new_passphrase)
    say(Message(N_("Reactivated {user}; grant them the cases they need again."), user=done.name))


def user_passphrase(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    new_passphrase_file: NewPassFileOpt = None,
) -> None:
    """Change your own passphrase (your current one signs in; the new one is asked twice)."""
    with _unlock(vault, user, passphrase_file, own_change=True) as session:
        vaults.change_passphrase(session, _new_passphrase(new_passphrase_file))
    say(N_("Your passphrase was changed."))


def users_list(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the users of the vault (admin)."""
    with _unlock(vault, user, passphrase_file) as session:
        rows = users.list_users(session)
    if as_json:
        print_json({"users": [{"name": r.name, "role": r.role.value} for r in rows]})
        return
    for row in rows:
        typer.echo(f"{row.name}\t{row.role.value}")


def grant(
    vault: VaultArg,
    case: Annotated[
        str,
        typer.Argument(
            help="The case to share: its name, or its number (as `uncounted cases` and the"
            " grant advice of `uncounted estimate` give it)."
        ),
    ],
    grantee: Annotated[str, typer.Argument(metavar="USER", help="Who receives access.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    with_recovery: WithRecoveryOpt = False,
    recovery_file: RecoveryFileOpt = None,
) -> None:
    """Give USER access to the identities of CASE (an admin holding the case signs in).

    With --with-recovery the case key is unsealed with the recovery secret instead, so a case
    no one holds any longer (taken back from its last holder) can be given back.
    """
    with _unlock(vault, user, passphrase_file) as session:
        case = grants.case_given(session, case)
        if with_recovery:
            secret = _recovery_secret(recovery_file)
            grants.grant_with_recovery(session, case, grantee, secret)
        else:
            grants.grant(session, case, grantee)
    say(Message(N_("Granted case {case} to {user}."), case=case, user=grantee))


def revoke(
    vault: VaultArg,
    case: Annotated[
        str,
        typer.Argument(
            help="The case to take away: its name, or its number (as `uncounted cases` gives it)."
        ),
    ],
    grantee: Annotated[str, typer.Argument(metavar="USER", help="Who loses access.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    with_recovery: Annotated[
        bool,
        typer.Option(
            "--with-recovery",
            help="Confirm taking the case from its last holder with the recovery secret.",
        ),
    ] = False,
    recovery_file: RecoveryFileOpt = None,
) -> None:
    """Take CASE from USER: the case key is replaced and every record of it re-sealed.

    Refused when USER is the case's last holder (no one could read it afterwards) unless
    confirmed with --with-recovery; `grant --with-recovery` gives such a case back.
    """
    with _unlock(vault, user, passphrase_file) as session:
        case = grants.case_given(session, case)
        impact = grants.revoke_impact(session, case, grantee)
        secret = _recovery_secret(recovery_file) if with_recovery else None
        count = grants.revoke(session, case, grantee, secret)
    # "1 record", "no evidence files": never "1 records and 0 evidence files" (walkday4)
    files = Counted(N_("%(num)d evidence file"), N_("%(num)d evidence files"), impact.evidence)
    say(
        Message(
            N_(
                "Revoked case {case} from {user}: its {records} and {files} are no longer"
                " readable to them; re-sealed {resealed}."
            ),
            case=case,
            user=grantee,
            records=Counted(N_("%(num)d record"), N_("%(num)d records"), impact.records),
            files=files if impact.evidence else N_("no evidence files"),
            resealed=Counted(N_("%(num)d record"), N_("%(num)d records"), count),
        )
    )
    if impact.last_holder:
        say(N_("No one holds this case now; `uncounted grant --with-recovery` gives it back."))


def cases(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the cases, who is granted each, and how many records each holds.

    Each case by its number, then its name: `uncounted grant` and `revoke` take either.
    """
    with _unlock(vault, user, passphrase_file) as session:
        found = grants.list_cases(session)
    if as_json:
        print_json(
            {
                "cases": [
                    {
                        "name": c.name,
                        "number": c.id,
                        "key_version": c.key_version,
                        "granted": list(c.granted),
                        "records": c.records,
                    }
                    for c in found
                ]
            }
        )
        return
    for case in found:
        records_held = said(Counted(N_("%(num)d record"), N_("%(num)d records"), case.records))
        granted = part(N_("granted: {users}"), users=", ".join(case.granted))
        typer.echo(f"{case.id}\t{case.name}\t{records_held}\t{granted}")


_SEALING, _ROWS = N_("sealing and storing"), N_("rows")


class _ImportProgress:
    """Rich progress on an interactive stderr; plain lines (every 5 %) otherwise."""

    def __init__(
        self,
        description: Message = _SEALING,
        unit: Message = _ROWS,
        plain: bool = True,
    ) -> None:
        self.description = said(description, sentence=False)
        self.unit = unit
        self.plain = plain  # print plain progress lines when stderr is not a terminal
        self.total: int | None = None
        self.interactive = _stderr.is_terminal
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.last_step = -1

    def __enter__(self) -> _ImportProgress:
        if self.interactive:
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=_stderr,
            )
            self.bar.start()
        return self

    def __call__(self, done: int, total: int | None) -> None:
        if self.bar is not None:
            if self.task is None:
                self.task = self.bar.add_task(self.description, total=total)
            self.bar.update(self.task, completed=done, total=total)
            return
        if total and self.plain:
            step = done * 20 // total
            if step != self.last_step:
                self.last_step = step
                line = Message(
                    N_("progress: {done}/{total} {unit}"), done=done, total=total, unit=self.unit
                )
                sys.stderr.write(said(line, sentence=False) + "\n")
                sys.stderr.flush()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def import_(
    vault: VaultArg,
    file: Annotated[Path, typer.Argument(help="A CSV, XLSX or JSON list of records.")],
    source: Annotated[str, typer.Option("--source", help="Who produced the list.")],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="A TOML file mapping columns to fields, saying how dates like 05/03/1990"
            ' read (\\[dates] order = "day-first" or "month-first") and, for a list with no'
            " record-number column, that its rows are numbered (\\[rows] numbered = true, as"
            " --number-rows does); docs/import.md.",
        ),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="The file's encoding (default: detect).")
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", help="The case the records join (default: SOURCE).")
    ] = None,
    existing: Annotated[
        str,
        typer.Option(
            "--existing",
            help="Rows whose (source, record id) the vault already holds: refuse (the default:"
            " nothing is imported, you are told), skip them, or update them (a new revision).",
        ),
    ] = "refuse",
    number_rows: Annotated[
        bool,
        typer.Option(
            "--number-rows",
            help="The list has no record-number column: each row is known by its row number"
            " in the file (2 for the first row under the header). Importing the list again"
            " then recognises its rows by position only: a row added, removed or moved in"
            " between is taken for the row that had its number before.",
        ),
    ] = False,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a whole list in one transaction: every row, or (on any bad row) nothing.

    The same file (the same bytes) is never imported twice: it is refused naming the earlier
    import. Rows already in the vault are refused unless --existing says skip or update."""
    with _unlock(vault, user, passphrase_file) as session, _ImportProgress() as progress:
        try:
            summary = imports.import_file(
                session,
                file,
                source=source,
                case=case,
                mapping=mapping,
                encoding=encoding,
                progress=progress,
                report_problem=_report_problem,
                existing=existing,
                number_rows=number_rows,
            )
        except ImportRejected as refused:  # what was read, then the refusal's one line
            read = refused.what_was_read()
            if read is not None:
                say(read)
            raise
    for warning in summary.warnings:  # rows left out, places not in the gazetteer: said
        sys.stderr.write(warning_line(warning) + "\n")
    if as_json:
        print_json(
            {
                "imported": summary.imported,
                "case": summary.case,
                "source": summary.source,
                "skipped": summary.skipped,
                "updated": summary.updated,
            }
        )
    else:
        say(
            Message(
                N_(
                    "Imported {records} into case {case}; {skipped} already stored skipped,"
                    " {updated} updated."
                ),
                records=Counted(N_("%(num)d record"), N_("%(num)d records"), summary.imported),
                case=summary.case,
                skipped=summary.skipped,
                updated=summary.updated,
            )
        )


def _report_problem(line: str) -> None:
    sys.stderr.write(error_line(line) + "\n")


def records_(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
    search: SearchOpt = "",
) -> None:
    """List the records you may see: identities only for cases granted to you."""
    with _unlock(vault, user, passphrase_file) as session:
        found = records.list_records(session, records.RecordFilter(case=case), text=search)
        name = session.user.name
    if as_json:
        print_json({"user": name, "count": len(found), "records": [r.to_json() for r in found]})
        return
    table = whole_table(
        *labels(
            N_("Pseudonym"),
            N_("Case"),
            N_("Source"),
            N_("Event"),
            N_("Month"),
            N_("District"),
            N_("Identity"),
        )
    )
    shown = vocabulary_labels()
    for record in found:
        identity = "—" if record.identity is None else shown.identity(record.identity)
        table.add_row(
            record.pseudonym,
            record.case,
            record.source,
            shown.event_type(record.event_type),
            record.event_month or "",
            shown.place(record.district),
            identity,
        )
    Console().print(table)


def audit(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option("--limit", help="How many entries, newest first.")] = 50,
) -> None:
    """Show the audit trail: who read which identities, who changed what."""
    with _unlock(vault, user, passphrase_file) as session:
        entries = audit_service.audit_trail(session, limit)
    if as_json:
        print_json({"entries": [json.loads(e.payload()) for e in entries]})
        return
    for entry in entries:
        typer.echo(f"{entry.at}\t{entry.user}\t{entry.action}\t{entry.target}")


def backup(
    vault: VaultArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The backup file to write.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Write the whole vault to one encrypted file."""
    with (
        _unlock(vault, user, passphrase_file) as session,
        _ImportProgress(N_("encrypting the backup"), N_("bytes"), plain=False) as progress,
    ):
        summary = backups.backup_vault(session, output, progress)
    say(
        Message(
            N_("Wrote {path} ({records}, {evidence}, {size} bytes)."),
            path=str(summary.path),
            records=Counted(N_("%(num)d record"), N_("%(num)d records"), summary.records),
            evidence=Counted(
                N_("%(num)d evidence item"), N_("%(num)d evidence items"), summary.evidence_items
            ),
            size=summary.size,
        )
    )


def restore(
    file: Annotated[Path, typer.Argument(help="A backup written by `uncounted backup`.")],
    vault: Annotated[Path, typer.Argument(help="A new directory for the restored vault.")],
    user: Annotated[
        str | None,
        typer.Option("--user", "-u", help="A user of the backed-up vault (default: the only one)."),
    ] = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Rebuild a working vault from a backup (refused if one byte of it was altered)."""
    passphrase = _passphrase(passphrase_file)
    with _ImportProgress(N_("restoring the backup"), N_("bytes"), plain=False) as progress:
        count = backups.restore_vault(file, vault, user, passphrase, progress)
    restored = Counted(N_("%(num)d record"), N_("%(num)d records"), count)
    say(Message(N_("Restored {records} into {vault}."), records=restored, vault=str(vault)))


def panic(
    vault: VaultArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Destroy this device's keys now: only the offline recovery secret opens the vault again."""
    if not yes and not _confirmed(
        Message(N_("Destroy every key of {vault} on this device?"), vault=str(vault))
    ):
        raise Cancelled(N_("panic cancelled: nothing was changed"))
    vaults.panic(vault)
    say(N_("Keys destroyed."))


def duress(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    duress_file: Annotated[
        Path | None,
        typer.Option(
            "--duress-passphrase-file",
            help="Read the duress passphrase from this file (else UNCOUNTED_DURESS_PASSPHRASE, "
            "else a prompt).",
        ),
    ] = None,
) -> None:
    """Set your duress passphrase: signing in with it opens an empty vault and destroys the keys.

    Access afterwards needs the recovery secret (`uncounted recover`).
    """
    with _unlock(vault, user, passphrase_file) as session:
        phrase = _secret(
            duress_file, "UNCOUNTED_DURESS_PASSPHRASE", "Duress passphrase", confirm=True
        )
        vaults.set_duress(session, phrase)
    say(N_("Duress passphrase set."))


def recover(
    vault: VaultArg,
    user: Annotated[str, typer.Option("--user", "-u", help="Whose access to restore.")],
    recovery_file: RecoveryFileOpt = None,
    new_passphrase_file: NewPassFileOpt = None,
) -> None:
    """Restore a user's access after `panic` or a duress sign-in, with the recovery secret."""
    secret = _recovery_secret(recovery_file)
    vaults.recover(vault, user, secret, _new_passphrase(new_passphrase_file))
    say(Message(N_("Access restored for {user}."), user=user))


def register(app: typer.Typer) -> typer.Typer:
    """Add this group's commands to *app*; return the ``user`` group, for more commands."""
    app.command("init")(init)
    user_app = typer.Typer(help="Manage the users of a vault.", no_args_is_help=True)
    user_app.command("add")(user_add)
    user_app.command("list")(users_list)
    user_app.command("deactivate")(user_deactivate)
    user_app.command("passphrase")(user_passphrase)
    user_app.command("role")(user_role)
    user_app.command("reactivate")(user_reactivate)
    user_app.command("remove")(user_remove)
    user_app.command("reset")(user_reset)
    app.add_typer(user_app, name="user")
    app.command("grant")(grant)
    app.command("revoke")(revoke)
    app.command("cases")(cases)
    app.command("import")(import_)
    app.command("audit")(audit)
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("panic")(panic)
    app.command("duress")(duress)
    app.command("recover")(recover)
    return user_app
