"""Limits on every request before any route runs: allowed Host names and body sizes.

**Host.** A page on an attacker's site can make a browser reach uncounted at 127.0.0.1 under
the attacker's own name (DNS rebinding) and read the answers as same-origin; a request whose
Host header is not one of :attr:`WebSettings.allowed_hosts` is refused with 400 before
anything else. **Body size.** Without a limit, a 300 MB JSON body sent to ``/api/session``
without signing in cost the server about 900 MB (issue 18). A body declared larger than its
limit is refused with 413 before a byte is read; a body sent without a declared length (chunked)
is counted as it arrives, and when it passes the limit the application is told the client went
away and the client is answered 413 instead of whatever the application says. File uploads
(``multipart/form-data``) have the larger limit; each upload page then applies its own, lower
one (:func:`uncounted.web.uploads.read_upload`). **Slow bodies.** A client that stops in the
middle of a body for ``body_timeout`` seconds is answered 408 and its request dropped; slow
request lines and headers are cut off by the server itself (:mod:`uncounted.web.server`).
"""

from __future__ import annotations

import json
import math

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uncounted.messages import N_


class RequestLimitsMiddleware:
    """Refuse unknown Host names (400) and bodies over their limit (413), as plain ASGI."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: tuple[str, ...],
        max_body_bytes: int,
        max_upload_bytes: int,
        body_timeout: float = math.inf,
    ) -> None:
        self._app = app
        self._body_timeout = body_timeout
        self._hosts = frozenset(host.lower() for host in allowed_hosts)
        self._max_body = max_body_bytes
        self._max_upload = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        if host_name(headers.get(b"host", b"").decode("latin-1")) not in self._hosts:
            await _refuse(send, 400, "host", N_("This server does not answer to that host name."))
            return
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        limit = self._max_upload if content_type == b"multipart/form-data" else self._max_body
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(
                send, 413, "too_large", N_("The request is larger than this server takes.")
            )
            return
        received = 0
        refusal: tuple[int, str, str] | None = None

        async def counted_receive() -> Message:
            nonlocal received, refusal
            if refusal is not None:
                return {"type": "http.disconnect"}
            try:
                with anyio.fail_after(self._body_timeout):
                    message = await receive()
            except TimeoutError:
                refusal = (408, "too_slow", N_("The request body stopped arriving."))
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refusal = (
                        413,
                        "too_large",
                        N_("The request is larger than this server takes."),
                    )
                    return {"type": "http.disconnect"}
            return message

        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refusal is None:  # once refused, whatever the application answers is dropped
                started = started or message["type"] == "http.response.start"
                await send(message)

        await self._app(scope, counted_receive, guarded_send)
        if refusal is not None and not started:
            await _refuse(send, *refusal)


def host_name(host: str) -> str:
    """The name in a Host header without its port: ``[::1]:8000`` -> ``[::1]``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    """A short JSON answer in the API's error shape (read by people and programs alike).

    In English: it is given before any session or language cookie is looked at.
    """
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
