"""``uncounted serve``: run the web application on this machine."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from uncounted.cli._language import part
from uncounted.messages import N_
from uncounted.services.vaults import require_vault


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to *app*."""

    @app.command()
    def serve(
        vault: Annotated[Path, typer.Argument(help="The vault directory to serve.")],
        host: Annotated[
            str,
            typer.Option(help="Address to listen on. Keep 127.0.0.1 unless behind a TLS proxy."),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        idle_minutes: Annotated[
            float, typer.Option(help="Minutes of inactivity before a session's keys are wiped.")
        ] = 15,
        tls_proxy: Annotated[
            bool,
            typer.Option(help="Set when a TLS proxy fronts uncounted: cookies become Secure."),
        ] = False,
        allowed_host: Annotated[
            list[str] | None,
            typer.Option(
                help=(
                    "A host name browsers use to reach uncounted (repeat for several). "
                    "Requests for any other name are refused; localhost names and the "
                    "listening address are always allowed."
                )
            ),
        ] = None,
        panic_after: Annotated[
            int | None,
            typer.Option(
                min=1,
                help=(
                    "Destroy this device's keys (as `uncounted panic`) after this many "
                    "consecutive failed sign-ins, whatever user names they tried. Off unless "
                    "given; only the recovery secret opens the vault afterwards."
                ),
            ),
        ] = None,
    ) -> None:
        """Serve the web application for VAULT to browsers on this machine.

        Users sign in with their own name and passphrase; their keys stay in this process's
        memory until they sign out or stay idle. Every page and file is served by uncounted
        itself: nothing is loaded from the internet.
        """
        run_server(
            vault,
            host,
            port,
            idle_minutes * 60,
            tls_proxy,
            tuple(allowed_host or ()),
            panic_after,
        )


def run_server(
    vault: Path,
    host: str,
    port: int,
    idle_seconds: float = 15 * 60,
    tls_proxy: bool = False,
    allowed_hosts: tuple[str, ...] = (),
    panic_after: int | None = None,
) -> None:
    """Serve the web application for *vault* until interrupted."""
    from uncounted.web import WebSettings
    from uncounted.web.server import serve

    require_vault(vault)
    settings = WebSettings(
        vault=vault,
        idle_timeout=idle_seconds,
        secure_cookies=tls_proxy,
        panic_after_failures=panic_after,
    )
    if allowed_hosts:
        names = (*settings.allowed_hosts, *(name.lower() for name in allowed_hosts))
        settings = dataclasses.replace(settings, allowed_hosts=names)
    serving = N_("uncounted is serving {vault} at {url} (Ctrl+C stops it)")
    typer.echo(part(serving, vault=str(vault), url=f"http://{host}:{port}/"))
    serve(settings, host, port)
