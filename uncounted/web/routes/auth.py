"""Sign-in, sign-out and the choice of language."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.errors import AccessDenied
from uncounted.web import search_ready
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


def local_path(target: str | None) -> str:
    """*target* when it is a path of this site ("/testimony?people=3"), else "/".

    Only a path: never a scheme, a host or ``//host``, so a link cannot send a user who signs
    in to another site.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 or c in "\x7f" for c in target) or len(target) > 500:
        return "/"
    return target


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, shell: AppShell, next: str = "") -> Response:
    token = secrets.token_urlsafe(32)
    back = local_path(next)
    response = shell.render(
        request, "signin.html", None, signin_csrf=token, next=back if back != "/" else ""
    )
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
    next: str = Form(""),
) -> Response:
    _ = shell.translator(request, None).gettext
    if not csrf_matches(request.cookies.get(SIGNIN_COOKIE, ""), csrf_token):
        error = _("The form expired. Please sign in again.")
        return shell.render(
            request, "signin.html", None, 403, signin_csrf="", error=error, next=local_path(next)
        )
    with shell.throttle.attempt(user, client_address(request), sign_in=True) as attempt:
        if attempt.locked:
            error = _("Too many failed attempts. Try again later.")
            return shell.render(
                request,
                "signin.html",
                None,
                429,
                signin_csrf=csrf_token,
                error=error,
                next=local_path(next),
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
                request,
                "signin.html",
                None,
                401,
                signin_csrf=csrf_token,
                error=error,
                next=local_path(next),
            )
        attempt.succeeded()
    session = search_ready.signed_in(shell, request, user, keys)
    response = redirect(local_path(next))
    shell.set_cookie(response, SESSION_COOKIE, session.token)
    response.delete_cookie(SIGNIN_COOKIE, path="/")
    return response


@router.post("/signout")
def signout(signed: SignedForm) -> Response:
    signed.shell.sessions.close(signed.session.token)
    response = redirect("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/session/keepalive")
def keep_alive(signed: SignedForm) -> Response:
    """Nothing but a request: the page sends it while a form is being typed in, or when the
    user answers the time-out warning, so the session's idle timer starts again."""
    return Response(status_code=204)


@router.post("/language")
def change_language(
    request: Request,
    shell: AppShell,
    language: str = Form("en"),
    csrf_token: str = Form(""),
    next: str = Form(""),
) -> Response:
    """Switch language and come back to the page it was switched on (*next*)."""
    session = shell.current(request)
    chosen = pick_language(language, shell.settings.default_language)
    if session is not None:
        shell.check_csrf(session, csrf_token)
        session.language = chosen
    back = local_path(next)
    if session is None and not back.startswith("/signin"):
        back = "/signin" if back == "/" else f"/signin?next={quote(back)}"
    response = redirect(back)
    shell.set_cookie(response, LANGUAGE_COOKIE, chosen)
    return response
