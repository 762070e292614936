"""The FastAPI application for one vault: wiring only, no business logic and no SQL.

Sign-in unlocks the user's keys into this process's memory through *authenticate* (the vault
service in production); every page but sign-in and the static files needs a live session.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig

from uncounted.errors import UncountedError
from uncounted.services import vaults
from uncounted.web import api
from uncounted.web.api.panic import throttle_for
from uncounted.web.limits import RequestLimitsMiddleware
from uncounted.web.page_reads import PageReadsMiddleware
from uncounted.web.routes import (
    account,
    admin,
    analysis,
    auth,
    cases,
    claims,
    evidence,
    imports,
    intake,
    passphrase,
    people,
    records,
    register,
    reports,
    revisions,
    vault_page,
)
from uncounted.web.security import SecurityHeadersMiddleware
from uncounted.web.sessions import Clock, Ending, SessionStore, SignInRequired
from uncounted.web.settings import WebSettings
from uncounted.web.shell import (
    HERE,
    OWN_KEYS_PAGE,
    Authenticate,
    CsrfRefused,
    PassphraseChangeRequired,
    Shell,
    redirect,
    status_of,
)

#: FastAPI records every request (its URL, parameters, validation errors with the values typed,
#: exception messages) as OpenTelemetry spans, logs and metrics whenever any tracer, meter or
#: logger provider is configured in the process, and exports them when the environment names an
#: endpoint. Nothing about a request may leave the machine or reach a log (DESIGN.md), so all of
#: it is off, whatever the environment says.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


_log = logging.getLogger("uncounted.web")

#: Seconds between two looks, on the server's own timer, for sessions past their idle timeout
#: or lifetime: a session's keys go at most this long after its time plus their deadline
#: (``web.sessions.KEYS_DEADLINE_SECONDS``) even when no request comes.
EXPIRY_LOOK_SECONDS = 1.0


async def _expire_on_time(sessions: SessionStore, scope: anyio.CancelScope) -> None:
    """End idle sessions on the server's own timer (until *scope* is cancelled at its end).

    Expiry was noticed only by the next request: a server nobody asked anything (the browser
    closed, the office gone home) kept an idle session's keys in memory past the time-out the
    page told the user of, for as long as it stayed so (keywait)."""
    with scope:
        while True:
            await anyio.sleep(EXPIRY_LOOK_SECONDS)
            try:
                await anyio.to_thread.run_sync(sessions.expire_idle)
            except Exception as error:  # one failed look must not end the server; the next looks
                _log.warning("idle sessions were not looked for: %s", type(error).__name__)


def create_app(
    settings: WebSettings, authenticate: Authenticate, clock: Clock = time.monotonic
) -> FastAPI:
    """Build the application; *authenticate(user, passphrase, code)* unlocks keys or raises.

    *clock* (seconds, only differences matter) times idle sessions; tests pass a fake one.
    """
    sessions = SessionStore(settings.idle_timeout, clock, settings.session_lifetime)
    shell = Shell(settings=settings, sessions=sessions, throttle=throttle_for(settings, sessions))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        vaults.prepare_sign_in()  # a duress sign-in then takes as long as any other
        async with anyio.create_task_group() as background:  # waited for before the end
            shell.background = background
            expiring = anyio.CancelScope()
            background.start_soon(_expire_on_time, shell.sessions, expiring)
            try:
                yield
            finally:  # keys never outlive the server; a draft stops at its next turn
                expiring.cancel()
                ended = shell.sessions.close_all(Ending.SHUTDOWN)
        shell.background = None
        # A session's search index is read by a thread of its own (uncounted.web.search_ready),
        # not a background task, and it may hold the vault for one batch as the server ends:
        # the keys' deadline is kept off the event loop (wiped under whatever holds them then).
        await anyio.to_thread.run_sync(ended.keep)

    app = FastAPI(
        title="uncounted",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        telemetry=NO_TELEMETRY,
    )
    app.add_middleware(PageReadsMiddleware)  # innermost: around the routes only
    app.add_middleware(
        RequestLimitsMiddleware,
        allowed_hosts=settings.allowed_hosts,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        body_timeout=settings.body_timeout,
    )
    app.add_middleware(SecurityHeadersMiddleware, tls=settings.secure_cookies)  # outermost
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.shell = shell
    app.state.authenticate = authenticate
    areas = (
        auth,
        records,
        revisions,
        intake,
        people,
        register,
        cases,
        claims,
        reports,
        evidence,
        imports,
        analysis,
        admin,
    )
    for area in (*areas, account, passphrase, vault_page, api):
        app.include_router(area.router)

    @app.exception_handler(SignInRequired)
    def sign_in_first(request: Request, error: SignInRequired) -> Response:
        # back to the page after signing in (a form's own page: what it held is its draft)
        back = request.url.path
        if request.method != "GET":  # a form's own page is its area's: /testimony, /cases
            back = "/" + back.split("/")[1]
        elif request.url.query:
            back = f"{back}?{request.url.query}"
        if back in ("/", "/signin") or back.startswith("/signout"):
            return redirect("/signin")
        return redirect(f"/signin?next={quote(back)}")

    @app.exception_handler(PassphraseChangeRequired)
    def change_passphrase_first(request: Request, error: PassphraseChangeRequired) -> Response:
        return redirect(f"{OWN_KEYS_PAGE}?must=1")  # the API answers in JSON (api/errors.py)

    @app.exception_handler(CsrfRefused)
    def csrf_refused(request: Request, error: CsrfRefused) -> Response:
        session = shell.current(request)
        message = shell.translator(request, session).gettext(
            "The form expired or did not come from uncounted; nothing was done."
        )
        return shell.render(request, "error.html", session, 403, error=message)

    @app.exception_handler(UncountedError)
    def user_error(request: Request, error: UncountedError) -> Response:
        session = shell.current(request)
        status = status_of(error)
        message = error.translated(shell.translator(request, session))
        from_form = request.method == "POST"  # the page offers a way back to the form
        return shell.render(
            request, "error.html", session, status, error=message, from_form=from_form
        )

    return app
