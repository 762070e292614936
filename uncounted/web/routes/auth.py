"""Sign-in, sign-out and the choice of language."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.errors import AccessDenied
from uncounted.web.i18n import pick_language
from uncounted.web.security import csrf_matches
from uncounted.web.shell import (
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    AppShell,
    Authenticator,
    SignedForm,
    redirect,
)
from uncounted.web.throttle import client_address

router = APIRouter()


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, shell: AppShell) -> Response:
    token = secrets.token_urlsafe(32)
    response = shell.render(request, "signin.html", None, signin_csrf=token)
    shell.set_cookie(response, SIGNIN_COOKIE, token)
    return response


@router.post("/signin", response_class=HTMLResponse)
async def signin(
    request: Request,
    shell: AppShell,
    authenticate: Authenticator,
    user: str = Form(...),
    passphrase: str = Form(...),
    code: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    _ = shell.translator(request, None).gettext
    if not csrf_matches(request.cookies.get(SIGNIN_COOKIE, ""), csrf_token):
        error = _("The form expired. Please sign in again.")
        return shell.render(request, "signin.html", None, 403, signin_csrf="", error=error)
    with shell.throttle.attempt(user, client_address(request)) as attempt:
        if attempt.locked:
            error = _("Too many failed attempts. Try again later.")
            return shell.render(
                request, "signin.html", None, 429, signin_csrf=csrf_token, error=error
            )
        try:
            # Argon2id takes half a second: on a long-work thread, not a page thread
            keys = await shell.run_long(
                lambda: shell.unlock(authenticate, user, passphrase, code or None)
            )
        except AccessDenied:
            # one message whichever factor failed: it must not confirm a guessed passphrase
            attempt.failed()
            error = _("Wrong user name, passphrase or code.")
            return shell.render(
                request, "signin.html", None, 401, signin_csrf=csrf_token, error=error
            )
        attempt.succeeded()
    session = shell.sessions.open(user, keys, shell.language(request, None))
    response = redirect("/")
    shell.set_cookie(response, SESSION_COOKIE, session.token)
    response.delete_cookie(SIGNIN_COOKIE, path="/")
    return response


@router.post("/signout")
def signout(signed: SignedForm) -> Response:
    signed.shell.sessions.close(signed.session.token)
    response = redirect("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
def change_language(
    request: Request, shell: AppShell, language: str = Form("en"), csrf_token: str = Form("")
) -> Response:
    session = shell.current(request)
    chosen = pick_language(language, shell.settings.default_language)
    if session is not None:
        shell.check_csrf(session, csrf_token)
        session.language = chosen
    response = redirect("/" if session else "/signin")
    shell.set_cookie(response, LANGUAGE_COOKIE, chosen)
    return response
