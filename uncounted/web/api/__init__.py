"""The JSON API under ``/api``: the pages' services, sessions and permissions, as JSON.

Sign in with ``POST /api/session`` (the same session cookie as the pages); every request that
changes something sends the session's CSRF token in the ``X-CSRF-Token`` header. Every error
is ``{"error": {"code", "message"}}`` (see :mod:`uncounted.web.api.errors`).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from uncounted.messages import N_
from uncounted.web.api import admin, auth, data
from uncounted.web.api.errors import ERROR_RESPONSES, ApiRoute, error_response, gettext_for
from uncounted.web.routes.auth import Authenticate
from uncounted.web.shell import Shell

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def register(app: FastAPI, shell: Shell, authenticate: Authenticate) -> None:
    """Add every ``/api`` endpoint to *app*."""
    router = APIRouter(prefix="/api", route_class=ApiRoute, responses=ERROR_RESPONSES)
    auth.register(router, shell, authenticate)
    router.include_router(data.router)
    router.include_router(admin.router)

    @router.api_route("/{rest:path}", methods=ALL_METHODS, include_in_schema=False)
    def no_such_endpoint(request: Request, rest: str) -> JSONResponse:
        message = N_("there is no such API endpoint").translated(gettext_for(request))
        return error_response(404, "no_such_endpoint", message)

    app.include_router(router)
