"""The signed-in user's own sign-in code (TOTP): turn it on with a phone app, or off.

Turning it on: the page makes a secret (kept in this server's memory, in the session, until
confirmed), shows it as grouped letters and as a QR code drawn here as SVG (nothing is
fetched from elsewhere), and asks for a code from the app. Turning it off needs the passphrase
and a current code; failures count towards the sign-in lockout, so a stolen session cannot be
used to guess the passphrase.
"""

from __future__ import annotations

import segno
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from uncounted.errors import AccessDenied
from uncounted.services import totp
from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell, redirect, vault_of

PAGE = "/account/totp"


def qr_code(uri: str) -> str:
    """The QR code of *uri* as an SVG ``data:`` URI (allowed by the CSP's ``img-src``)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=4))


def register(app: FastAPI, shell: Shell) -> None:
    """Add the sign-in code page and its two forms."""

    def page(request: Request, session: WebSession, status: int = 200, **extra: object) -> Response:
        vault = vault_of(session)
        with shell.lock(session):
            enabled = totp.is_on(vault)
            if not enabled and session.pending_totp is None:
                session.pending_totp = totp.start(vault)
        enrolment = None if enabled else session.pending_totp
        return shell.render(
            request,
            "account_totp.html",
            session,
            status,
            enabled=enabled,
            enrolment=enrolment,
            qr=None if enrolment is None else qr_code(enrolment.uri),
            **extra,
        )

    def notice(request: Request, session: WebSession, done: str) -> str | None:
        _ = shell.translator(request, session).gettext
        return {
            "on": _("The sign-in code is on. Sign in with your passphrase and a code."),
            "off": _("The sign-in code is off. You sign in with your passphrase alone."),
        }.get(done)

    @app.get(PAGE, response_class=HTMLResponse)
    def totp_page(request: Request, done: str = "") -> Response:
        session = shell.require(request)
        return page(request, session, message=notice(request, session, done))

    @app.post(f"{PAGE}/enable", response_class=HTMLResponse)
    def totp_enable(request: Request, code: str = Form(""), csrf_token: str = Form("")) -> Response:
        session = shell.require_form(request, csrf_token)
        enrolment = session.pending_totp
        if enrolment is None:
            return redirect(PAGE)
        try:
            with shell.lock(session):
                totp.enable(vault_of(session), enrolment, code)
        except totp.WrongCode:
            _ = shell.translator(request, session).gettext
            error = _("That code does not match. Check the time on your phone and type a new code.")
            return page(request, session, 400, error=error)
        session.pending_totp = None
        return redirect(f"{PAGE}?done=on")

    @app.post(f"{PAGE}/disable", response_class=HTMLResponse)
    async def totp_disable(
        request: Request,
        passphrase: str = Form(""),
        code: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        _ = shell.translator(request, session).gettext
        if shell.throttle.is_locked(session.user):
            error = _("Too many failed attempts. Try again later.")
            return await run_in_threadpool(page, request, session, 429, error=error)

        def disable() -> None:  # checks the passphrase (Argon2id): on a long-work thread
            with shell.lock(session):
                totp.disable(vault_of(session), passphrase, code or None)

        try:
            await shell.run_long(disable)
        except AccessDenied:
            shell.throttle.failed(session.user)
            error = _("Wrong passphrase or code. The sign-in code stays on.")
            return await run_in_threadpool(page, request, session, 403, error=error)
        shell.throttle.succeeded(session.user)
        return redirect(f"{PAGE}?done=off")
