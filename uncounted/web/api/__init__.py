"""The JSON API under ``/api``: the pages' services, sessions and permissions, as JSON.

Sign in with ``POST /api/session`` (the same session cookie as the pages); every request that
changes something sends the session's CSRF token in the ``X-CSRF-Token`` header. Every error
is ``{"error": {"code", "message"}}`` (see :mod:`uncounted.web.api.errors`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from uncounted.messages import N_
from uncounted.web.api import admin, auth, data
from uncounted.web.api.errors import ERROR_RESPONSES, ApiRoute, error_response, gettext_for

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


#: Every ``/api`` endpoint; ``create_app`` includes it.
router = APIRouter(prefix="/api", route_class=ApiRoute, responses=ERROR_RESPONSES)
router.include_router(auth.router)
router.include_router(data.router)
router.include_router(admin.router)


@router.api_route("/{rest:path}", methods=ALL_METHODS, include_in_schema=False)
def no_such_endpoint(request: Request, rest: str) -> JSONResponse:
    """The JSON 404 for a path under /api that no endpoint answers."""
    message = N_("there is no such API endpoint").translated(gettext_for(request))
    return error_response(404, "no_such_endpoint", message)
