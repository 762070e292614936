"""``uncounted demo``: a vault of synthetic people, analysed and served."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from uncounted.cli._language import part, said
from uncounted.cli._report import check_it
from uncounted.messages import N_, Counted, Message

if TYPE_CHECKING:
    from uncounted.services.demo import DemoVault


def _report(built: DemoVault) -> None:
    """What the demo built, its cautions before its figures."""
    result = built.analysis.estimate
    typer.echo(part(N_("Demo vault: {vault}"), vault=str(built.path)))
    records = Counted(N_("%(num)d record"), N_("%(num)d records"), built.records)
    sources = Counted(N_("from %(num)d source"), N_("from %(num)d sources"), len(built.sources))
    typer.echo("  " + part(N_("{records} {sources}"), records=records, sources=sources))
    people = Counted(
        N_("linked into %(num)d person seen on at least one list"),
        N_("linked into %(num)d people seen on at least one list"),
        built.analysis.people,
    )
    typer.echo("  " + said(people, sentence=False))
    cautions = [c.sentence for c in result.checks if c.severity != "note"]
    if built.truth_caution is not None:
        cautions.insert(0, built.truth_caution)
    for caution in cautions:
        typer.echo("  " + part(N_("CAUTION: {caution}"), caution=caution))
    centre = result.median if result.median is not None else result.point
    if centre is None or result.q025 is None or result.q975 is None:
        refused = N_("no estimated total ({method} refused: see the caution above)")
        typer.echo("  " + part(refused, method=result.method))
    else:
        total = N_(
            "estimated total: {centre:,.0f} (95% interval {low:,.0f} to {high:,.0f}, {method})"
        )
        typer.echo(
            "  "
            + part(total, centre=centre, low=result.q025, high=result.q975, method=result.method)
        )
    truth = N_("true total in this synthetic world: {people:,}")
    typer.echo("  " + part(truth, people=built.true_population))
    for warning in result.warnings:
        if warning not in cautions:
            typer.echo("  " + part(N_("note: {warning}"), warning=warning))


def _publish(vault: Path, admin: tuple[str, str, str]) -> None:
    """Publish the demo's report next to its vault and print the package's path."""
    from uncounted.services import vaults
    from uncounted.services.reports import publish_report
    from uncounted.web.i18n import Translator

    package = vault.resolve().parent / f"{vault.name}-report.zip"
    if package.exists():
        typer.echo(
            said(
                Message(
                    N_("{package} exists already: no new report written."), package=str(package)
                )
            ),
            err=True,
        )
        return
    translators = {language: Translator(language) for language in ("en", "ru")}
    name, _role, passphrase = admin
    with vaults.unlock(vault, name, passphrase) as session:
        done = publish_report(session, package, translators)
    typer.echo(
        part(
            N_("Report (PDF and HTML, English and Russian; verifiable): {package}"),
            package=str(done.package),
        )
    )
    typer.echo("  " + said(check_it(done.package, done.key_fingerprint), sentence=False))


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command to *app*."""

    @app.command()
    def demo(
        vault: Annotated[
            Path, typer.Argument(help="Where to create the demo vault (a new directory).")
        ] = Path("demo-vault"),
        people: Annotated[int, typer.Option(help="Synthetic victims in the world.")] = 1200,
        seed: Annotated[int, typer.Option(help="Seed of the synthetic world.")] = 2017,
        serve: Annotated[
            bool, typer.Option(help="Serve the web application when the vault is ready.")
        ] = True,
        port: Annotated[int, typer.Option(help="Port of the web application.")] = 8000,
    ) -> None:
        """Create a vault full of SYNTHETIC people, link and estimate them, and serve it.

        Six sources (a hotline in Cyrillic, press, passport-style, French, German and
        scholarly lists) are imported, a caseworker is granted half of the cases (so the
        others show only pseudonyms) and an analyst every list, the records are linked into
        people across scripts, and
        the total number of victims is estimated with LCMCR. The lists tell what was done to
        people (acts, statuses, detention and release dates) and a few were helped
        (evacuation, complaints...), so the dashboard, person pages and report show them.
        If VAULT exists already, it is served as it is.
        """
        from uncounted.services import users
        from uncounted.services.demo import DEMO_USERS, build_demo_vault

        if vault.exists():
            typer.echo(
                said(Message(N_("{vault} exists already: serving it as it is."), vault=str(vault))),
                err=True,
            )
        else:
            built = build_demo_vault(
                vault,
                people=people,
                seed=seed,
                progress=lambda step: typer.echo(f"… {said(step, sentence=False)}", err=True),
            )
            _report(built)
            _publish(vault, DEMO_USERS[0])
            secret = N_(
                "Recovery secret of this demo vault (shown once; synthetic data only): {secret}"
            )
            typer.echo(part(secret, secret=built.recovery_secret))
        typer.echo(part(N_("Sign in with (synthetic data only, so the passphrases are public):")))
        roles = users.role_names()
        for name, role, passphrase in DEMO_USERS:
            typer.echo(f"  {name} ({said(roles.get(role, role), sentence=False)}): {passphrase}")
        if serve:
            from uncounted.cli._web import run_server

            run_server(vault, "127.0.0.1", port)
