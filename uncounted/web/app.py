"""The FastAPI application: sign-in, sessions, language, and the pages.

This module wires requests to services and templates; it holds no business logic and no SQL.
Sign-in unlocks the user's keys into this process's memory through the injected
``authenticate`` callable (the vault service in production), and every page requires a live
session except the sign-in page and the static files.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from uncounted.errors import AccessDenied, UncountedError
from uncounted.web.i18n import LANGUAGES, Translator, pick_language
from uncounted.web.security import SecurityHeadersMiddleware, csrf_matches
from uncounted.web.sessions import SessionStore, UnlockedKeys, WebSession
from uncounted.web.settings import WebSettings
from uncounted.web.throttle import SignInThrottle

HERE = Path(__file__).parent
SESSION_COOKIE = "uncounted_session"
LANGUAGE_COOKIE = "uncounted_language"
SIGNIN_COOKIE = "uncounted_signin"

Authenticate = Callable[[str, str], UnlockedKeys]


def create_app(settings: WebSettings, authenticate: Authenticate) -> FastAPI:
    """Build the application for one vault; *authenticate* unlocks a user's keys or raises."""
    app = FastAPI(title="uncounted", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.add_middleware(SecurityHeadersMiddleware, tls=settings.secure_cookies)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    sessions = SessionStore(settings.idle_timeout)
    throttle = SignInThrottle(settings.max_failed_attempts, settings.lockout_seconds)
    app.state.sessions = sessions
    app.state.settings = settings

    def current(request: Request) -> WebSession | None:
        return sessions.get(request.cookies.get(SESSION_COOKIE))

    def language_of(request: Request, session: WebSession | None) -> str:
        if session is not None:
            return session.language
        return pick_language(request.cookies.get(LANGUAGE_COOKIE), settings.default_language)

    def render(
        request: Request, name: str, session: WebSession | None, status: int = 200, **extra: Any
    ) -> HTMLResponse:
        language = language_of(request, session)
        translator = Translator(language)
        context = {
            "session": session,
            "language": language,
            "languages": LANGUAGES,
            "_": translator.gettext,
            **extra,
        }
        return templates.TemplateResponse(request, name, context, status_code=status)

    def set_cookie(response: Response, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="strict",
            path="/",
        )

    def to_signin() -> RedirectResponse:
        return RedirectResponse("/signin", status_code=303)

    @app.get("/signin", response_class=HTMLResponse)
    def signin_page(request: Request) -> Response:
        token = secrets.token_urlsafe(32)
        response = render(request, "signin.html", None, signin_csrf=token)
        set_cookie(response, SIGNIN_COOKIE, token)
        return response

    @app.post("/signin", response_class=HTMLResponse)
    def signin(
        request: Request,
        user: str = Form(...),
        passphrase: str = Form(...),
        csrf_token: str = Form(""),
    ) -> Response:
        translator = Translator(language_of(request, None))
        if not csrf_matches(request.cookies.get(SIGNIN_COOKIE, ""), csrf_token):
            return render(
                request,
                "signin.html",
                None,
                status=403,
                signin_csrf="",
                error=translator.gettext("The form expired. Please sign in again."),
            )
        if throttle.is_locked(user):
            return render(
                request,
                "signin.html",
                None,
                status=429,
                signin_csrf=csrf_token,
                error=translator.gettext("Too many failed attempts. Try again later."),
            )
        try:
            keys = authenticate(user, passphrase)
        except AccessDenied:
            throttle.failed(user)
            return render(
                request,
                "signin.html",
                None,
                status=401,
                signin_csrf=csrf_token,
                error=translator.gettext("Wrong user name or passphrase."),
            )
        throttle.succeeded(user)
        session = sessions.open(user, keys, language_of(request, None))
        response = RedirectResponse("/", status_code=303)
        set_cookie(response, SESSION_COOKIE, session.token)
        response.delete_cookie(SIGNIN_COOKIE, path="/")
        return response

    @app.post("/signout")
    def signout(request: Request, csrf_token: str = Form("")) -> Response:
        session = current(request)
        if session is None:
            return to_signin()
        if not csrf_matches(session.csrf_token, csrf_token):
            return Response("The form expired; nothing was done.", status_code=403)
        sessions.close(session.token)
        response = to_signin()
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.post("/language")
    def change_language(
        request: Request, language: str = Form("en"), csrf_token: str = Form("")
    ) -> Response:
        session = current(request)
        chosen = pick_language(language, settings.default_language)
        if session is not None:
            if not csrf_matches(session.csrf_token, csrf_token):
                return Response("The form expired; nothing was done.", status_code=403)
            session.language = chosen
        response = RedirectResponse("/" if session else "/signin", status_code=303)
        set_cookie(response, LANGUAGE_COOKIE, chosen)
        return response

    @app.get("/", response_class=HTMLResponse)
    def dashboard(request: Request) -> Response:
        session = current(request)
        if session is None:
            return to_signin()
        return render(request, "dashboard.html", session)

    @app.exception_handler(UncountedError)
    def user_error(request: Request, error: UncountedError) -> Response:
        session = current(request)
        return render(request, "error.html", session, status=400, error=str(error))

    return app
