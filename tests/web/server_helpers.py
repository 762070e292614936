"""Serve the real web app with uvicorn on a free loopback port (no browser needed).

Browser tests drive it with Chromium (``browser_helpers.py``); other tests reach it over HTTP.

``pytest --slow-static=MS`` (``tests/web/conftest.py``) makes every served stylesheet and script
arrive *MS* milliseconds late, so a browser test that reads a page before its style or script
applies fails every time instead of once in a CI run (stop 21's official CI read an unstyled
row). The delay is added here, in the test server, not by Playwright's ``page.route``: the sync
API runs a route handler on the test's own thread, so a handler that waits holds the test back
too and hides the race it should show.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from uncounted.web import WebSettings
from uncounted.web.server import server_config

#: Seconds each ``/static/`` request waits before it is answered; set from ``--slow-static``
#: by ``tests/web/conftest.py`` (0: no delay, the default).
STATIC_DELAY = 0.0


class SlowStatic:
    """*app*, with every request for ``/static/`` (the stylesheet and the script) answered
    *seconds* late; other requests (pages, forms) are not held. Tests only."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self._app = app
        self._seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith("/static/"):
            await asyncio.sleep(self._seconds)
        await self._app(scope, receive, send)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: ASGIApp, settings: WebSettings | None = None) -> Iterator[str]:
    """Serve *app* on 127.0.0.1 in a thread (its static files :data:`STATIC_DELAY` late);
    yields its base URL. With *settings*, uvicorn is set up as ``uncounted serve`` sets it up
    (``server_config``: its logging, limits and header time-out)."""
    port = free_port()
    served = SlowStatic(app, STATIC_DELAY) if STATIC_DELAY > 0 else app
    config = (
        uvicorn.Config(served, host="127.0.0.1", port=port, log_level="warning", access_log=False)
        if settings is None
        else server_config(served, settings, "127.0.0.1", port)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
