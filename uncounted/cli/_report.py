"""``uncounted report VAULT -o REPORT.zip``: the public report, published and verifiable.

Calls :func:`uncounted.services.reports.publish_report` with the English and Russian
catalogues of the web app, so the report speaks both languages the pages do.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from uncounted.cli._language import said, say, words
from uncounted.cli._output import print_json
from uncounted.cli._vault import JsonOpt, PassFileOpt, UserOpt, VaultArg, _unlock
from uncounted.messages import N_, Counted, Message

if TYPE_CHECKING:
    from uncounted.services.analysis_review import NextEstimate
    from uncounted.services.reports import EstimateBehind


def report(
    vault: VaultArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The report package to write (a .zip).")
    ],
    threshold: Annotated[
        int, typer.Option("--threshold", min=2, help="Counts under this are hidden (default 5).")
    ] = 5,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Publish even when the report would say exactly what a published one says"
            " (without it, such a report is refused, naming the earlier one).",
        ),
    ] = False,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Publish the report (PDF and HTML in English and Russian, tables as CSV), committed to
    the ledger; `uncounted verify REPORT.zip` checks it offline. A report that would say
    exactly what a published one says is refused unless --again (publishing is for good)."""
    from uncounted.report.disclosure import Rules
    from uncounted.services.analysis_review import next_estimate
    from uncounted.services.reports import estimate_behind, publish_report
    from uncounted.web.i18n import Translator

    translators = {language: Translator(language) for language in ("en", "ru")}
    with _unlock(vault, user, passphrase_file) as session:
        rules = Rules(threshold=threshold)
        behind = estimate_behind(session)
        _warn_if_estimate_behind(behind, vault, next_estimate(session) if behind else None)
        done = publish_report(
            session, output, translators, rules, again=again, progress=_say_on_stderr
        )
    if as_json:
        print_json(
            {
                "package": str(done.package),
                "evidence_id": done.evidence_id,
                "tree_size": done.tree_size,
                "key_fingerprint": done.key_fingerprint,
                "tables_sha256": done.fingerprint,
                "files": list(done.files),
                "number": done.number,
            }
        )
        return
    typer.echo(str(done.package))
    say(
        Message(
            N_(
                "Report No. {number} committed to the ledger (entry of {entry}, tree size"
                " {size}); {check}"
            ),
            number=done.number,
            entry=done.evidence_id,
            size=done.tree_size,
            check=check_it(done.package, done.key_fingerprint),
        ),
        sentence=False,
    )


def check_it(package: Path, fingerprint: str) -> Message:
    """The command that checks a published *package* offline, said after it was written (a
    report, an evidence package, the demo's report): one sentence for all three."""
    return Message(
        N_("check it with: uncounted verify {package} --fingerprint {fingerprint}"),
        package=str(package),
        fingerprint=fingerprint.replace(" ", ""),
    )


def _warn_if_estimate_behind(
    behind: EstimateBehind | None, vault: Path, advice: NextEstimate | None = None
) -> None:
    """Say on stderr, before anything is published, that the estimate the report will print
    leaves out records added or changed since it was run, and how to estimate again.

    The Reports page says the same before Publish (walkday5, stop 24: a report printed 199
    people documented beside an estimate over 192 and nothing said why). Publishing is not
    refused: an organisation may publish the older estimate knowingly. When the newest run
    refused because a list shares no one, or is partial for records its author cannot read,
    the warning says what works instead (*advice*, the Reports page's rule; walkday6)."""
    if behind is None:
        return
    from uncounted.cli._estimate import next_step
    from uncounted.report.document import behind_caution

    caution = behind_caution(behind, words())
    instead = next_step(advice, vault) if advice is not None else ""
    if instead:  # what works instead, still in English (uncounted.cli._estimate.next_step)
        warning = Message(N_("Warning: {caution} {how}"), caution=caution, how=instead.rstrip())
        say(warning, sentence=False)
        return
    again = Counted(
        N_(
            "To count it, first run `uncounted estimate histories {vault} --from-register`, then"
            " `uncounted estimate publish {vault} RUN` with the new run's number."
        ),
        N_(
            "To count them, first run `uncounted estimate histories {vault} --from-register`,"
            " then `uncounted estimate publish {vault} RUN` with the new run's number."
        ),
        behind.records,
    )
    how = said(again).replace("{vault}", str(vault))
    say(Message(N_("Warning: {caution} {how}"), caution=caution, how=how), sentence=False)


def _say_on_stderr(step: str) -> None:
    """A publication's long steps on stderr (the disclosure control can take seconds)."""
    shown = said(step, sentence=False) if isinstance(step, Message) else step
    sys.stderr.write(f"{shown}...\n")


def prove_record(
    vault: VaultArg,
    record: Annotated[str, typer.Argument(help="The record's id in the vault.")],
    at: Annotated[Path, typer.Option("--at", help="The report package (report.zip).")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Prove RECORD was part of a published report without revealing any other record.

    Prints a JSON proof: the record's salt and salted commitment, which is a line of the
    report's records.commitments (check the report itself with `uncounted verify`).
    """
    from uncounted.services.reports import prove_record as prove

    with _unlock(vault, user, passphrase_file) as session:
        proof = prove(session, record, at)
    print_json(proof.to_json())


def register(app: typer.Typer) -> None:
    """Add the report command to *app*."""
    app.command("report")(report)
