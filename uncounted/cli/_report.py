"""``uncounted report VAULT -o REPORT.zip``: the public report, published and verifiable.

Calls :func:`uncounted.services.reports.publish_report` with the English and Russian
catalogues of the web app, so the report speaks both languages the pages do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from uncounted.cli._output import print_json
from uncounted.cli._vault import JsonOpt, PassFileOpt, UserOpt, VaultArg, _unlock

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
    typer.echo(
        f"Report No. {done.number} committed to the ledger (entry of {done.evidence_id}, tree size "
        f"{done.tree_size}); check it with: uncounted verify {done.package} --fingerprint"
        f" {done.key_fingerprint.replace(' ', '')}",
        err=True,
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

    instead = next_step(advice, vault) if advice is not None else ""
    if instead:
        typer.echo(f"Warning: {behind_caution(behind, str)} {instead}", err=True, nl=False)
        return

    typer.echo(
        f"Warning: {behind_caution(behind, str)} To count"
        f" {'it' if behind.records == 1 else 'them'}, first run `uncounted estimate histories"
        f" {vault} --from-register`, then `uncounted estimate publish {vault} RUN` with the new"
        " run's number.",
        err=True,
    )


def _say_on_stderr(step: str) -> None:
    """A publication's long steps on stderr (the disclosure control can take seconds)."""
    typer.echo(f"{step}...", err=True)


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
