"""``uncounted demo``: a vault of synthetic people, analysed and served."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from uncounted.cli._language import said
from uncounted.cli._report import check_it

if TYPE_CHECKING:
    from uncounted.services.demo import DemoVault


def _report(built: DemoVault) -> None:
    """What the demo built, its cautions before its figures."""
    result = built.analysis.estimate
    typer.echo(f"Demo vault: {built.path}")
    typer.echo(f"  {built.records} records from {len(built.sources)} sources")
    typer.echo(f"  linked into {built.analysis.people} people seen on at least one list")
    cautions = [c.sentence for c in result.checks if c.severity != "note"]
    if built.truth_caution is not None:
        cautions.insert(0, built.truth_caution)
    for caution in cautions:
        typer.echo(f"  CAUTION: {caution}")
    centre = result.median if result.median is not None else result.point
    if centre is None or result.q025 is None or result.q975 is None:
        typer.echo(f"  no estimated total ({result.method} refused: see the caution above)")
    else:
        typer.echo(
            f"  estimated total: {centre:,.0f} "
            f"(95% interval {result.q025:,.0f} to {result.q975:,.0f}, {result.method})"
        )
    typer.echo(f"  true total in this synthetic world: {built.true_population:,}")
    for warning in result.warnings:
        if warning not in cautions:
            typer.echo(f"  note: {warning}")


def _publish(vault: Path, admin: tuple[str, str, str]) -> None:
    """Publish the demo's report next to its vault and print the package's path."""
    from uncounted.services import vaults
    from uncounted.services.reports import publish_report
    from uncounted.web.i18n import Translator

    package = vault.resolve().parent / f"{vault.name}-report.zip"
    if package.exists():
        typer.echo(f"{package} exists already: no new report written.", err=True)
        return
    translators = {language: Translator(language) for language in ("en", "ru")}
    name, _role, passphrase = admin
    with vaults.unlock(vault, name, passphrase) as session:
        done = publish_report(session, package, translators)
    typer.echo(f"Report (PDF and HTML, English and Russian; verifiable): {done.package}")
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
        from uncounted.services.demo import DEMO_USERS, build_demo_vault

        if vault.exists():
            typer.echo(f"{vault} exists already: serving it as it is.", err=True)
        else:
            built = build_demo_vault(
                vault,
                people=people,
                seed=seed,
                progress=lambda message: typer.echo(f"… {message}", err=True),
            )
            _report(built)
            _publish(vault, DEMO_USERS[0])
            typer.echo(
                "Recovery secret of this demo vault (shown once; synthetic data only): "
                f"{built.recovery_secret}"
            )
        typer.echo("Sign in with (synthetic data only, so the passphrases are public):")
        for name, role, passphrase in DEMO_USERS:
            typer.echo(f"  {name} ({role}): {passphrase}")
        if serve:
            from uncounted.cli._web import run_server

            run_server(vault, "127.0.0.1", port)
