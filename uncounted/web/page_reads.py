"""One ``identity.read`` audit entry per page view, recorded before the page is sent.

Every read of identities a request makes (a list, a record, the people on a person's page) is
gathered (``services.audit.gather_page_reads``) and recorded as one entry naming the page's
route, how many identities and which cases, just before the response's first message leaves
(``http.response.start``): nothing is shown unrecorded. If recording fails, the page is not
sent; the browser gets a bare 503 instead. Before 2026-12-05 each list of record ids a page
asked for was its own entry, and the trail was flooded.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uncounted.services import audit

_UNRECORDED = b"The page was not sent: what it shows could not be recorded in the audit trail."


class PageReadsMiddleware:
    """Gathers a request's identity reads and records them, once, before its response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reads, token = audit.gather_page_reads(scope.get("path", ""))
        refused = False

        async def send_recorded(message: Message) -> None:
            nonlocal refused
            if refused:
                return  # the page's own messages after the refusal are dropped
            if message["type"] == "http.response.start" and reads.pending:
                reads.where = _route(scope)
                try:
                    await anyio.to_thread.run_sync(reads.flush)
                except Exception:
                    refused = True
                    await send({"type": "http.response.start", "status": 503, "headers": []})
                    await send({"type": "http.response.body", "body": _UNRECORDED})
                    return
            await send(message)

        try:
            await self.app(scope, receive, send_recorded)
        finally:
            audit.stop_gathering(token)


def _route(scope: Scope) -> str:
    """The route the request matched, as written (``/records/{record_id}``: no query, no
    search term), else its path."""
    route: Any = scope.get("route")
    return str(getattr(route, "path", None) or scope.get("path", ""))
