"""The signed-in user's own sign-in code (TOTP): turn it on with a phone app, or off.

Turning it on: the page makes a secret (kept in this server's memory, in the session, until
confirmed), shows it as grouped letters and as a QR code drawn here as SVG (nothing is
fetched from elsewhere), and asks for a code from the app. Turning it off needs the passphrase
and a current code; failures count towards the sign-in lockout, so a stolen session cannot be
used to guess the passphrase.
"""

from __future__ import annotations

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import totp
from uncounted.web.routes.passphrase import under_lockout
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect

PAGE = "/account/totp"

router = APIRouter()


def qr_code(uri: str) -> str:
    """The QR code of *uri* as an SVG ``data:`` URI (allowed by the CSP's ``img-src``)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=4))


def page(request: Request, signed: SignedIn, status: int = 200, **extra: object) -> Response:
    session = signed.session
    with signed.lock:
        enabled = totp.is_on(signed.vault)
        if not enabled and session.pending_totp is None:
            session.pending_totp = totp.start(signed.vault)
    enrolment = None if enabled else session.pending_totp
    return signed.render(
        request,
        "account_totp.html",
        status,
        enabled=enabled,
        enrolment=enrolment,
        qr=None if enrolment is None else qr_code(enrolment.uri),
        **extra,
    )


def notice(signed: SignedIn, done: str) -> str | None:
    _ = signed.gettext
    return {
        "on": _("The sign-in code is on. Sign in with your passphrase and a code."),
        "off": _("The sign-in code is off. You sign in with your passphrase alone."),
    }.get(done)


@router.get(PAGE, response_class=HTMLResponse)
def totp_page(request: Request, signed: Signed, done: str = "") -> Response:
    return page(request, signed, message=notice(signed, done))


@router.post(f"{PAGE}/enable", response_class=HTMLResponse)
def totp_enable(request: Request, signed: SignedForm, code: str = Form("")) -> Response:
    enrolment = signed.session.pending_totp
    if enrolment is None:
        return redirect(PAGE)
    try:
        with signed.lock:
            totp.enable(signed.vault, enrolment, code)
    except totp.WrongCode:
        _ = signed.gettext
        error = _("That code does not match. Check the time on your phone and type a new code.")
        return page(request, signed, 400, error=error)
    signed.session.pending_totp = None
    return redirect(f"{PAGE}?done=on")


@router.post(f"{PAGE}/disable", response_class=HTMLResponse)
async def totp_disable(
    request: Request,
    signed: SignedForm,
    passphrase: str = Form(""),
    code: str = Form(""),
) -> Response:
    _ = signed.gettext
    refused = await under_lockout(
        request,
        signed,
        lambda: totp.disable(signed.vault, passphrase, code or None),
        page,
        _("Wrong passphrase or code. The sign-in code stays on."),
    )
    if refused is not None:
        return refused
    return redirect(f"{PAGE}?done=off")
