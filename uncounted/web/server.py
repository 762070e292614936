"""Run the web application in this process with uvicorn, as ``uncounted serve`` does.

One place for how the server is started, so the command line, the demo and the load benchmark
serve the same way. Besides uvicorn's settings it sets the garbage collector for a server:

Python's cyclic collector stops every thread while it walks the objects it tracks. After
start-up the process holds about 175,000 of them (FastAPI, pydantic, Jinja, the model's
vocabularies), and each full pass over them took 85–146 ms on the benchmark machine, four times
in 340 list pages: every request in flight waited, which made the slowest pages twice as slow
as the median (``benchmarks/web_load.py``; figures in docs/benchmarks/web.md). Start-up objects
live as long as the process, so they are frozen out of the collector's walks once the
application is built (:func:`gc.freeze`), and young collections run after 10,000 new objects
instead of 700. Nothing is left uncollected: objects that become garbage are still freed as
soon as nothing refers to them, and cycles made while serving are still collected.

Slow clients are cut off. uvicorn closes a connection left idle between requests after
``timeout_keep_alive`` seconds, but waits for ever for a request line and headers sent a byte
at a time (a "slowloris" holds every connection that way), so the protocol here closes a
connection whose request has not finished its headers ``header_timeout`` seconds after it
began; a body that stops arriving is the application's to refuse
(:mod:`uncounted.web.limits`). ``limit_concurrency`` answers 503 beyond
``max_connections`` open connections and running requests.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from typing import TYPE_CHECKING, Any

from uncounted.web import app_for_vault
from uncounted.web.settings import WebSettings

if TYPE_CHECKING:
    import uvicorn

#: Container objects allocated (net) between two young-generation collections; Python's
#: default of 700 ran one every few requests.
YOUNG_GENERATION_THRESHOLD = 10_000


def settle_collector() -> None:
    """Freeze what exists now out of the collector's walks and collect the young less often.

    Call once, after the application is built and before serving: it changes the whole
    process's collector, so it is not done when an application is merely created (tests
    build many).
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)


def serve(settings: WebSettings, host: str, port: int) -> None:
    """Serve the application for *settings* on *host*:*port* until interrupted."""
    import uvicorn  # only the server needs it

    settings = with_bound_host(settings, host)
    config = server_config(app_for_vault(settings), settings, host, port)
    settle_collector()
    uvicorn.Server(config).run()


def with_bound_host(settings: WebSettings, host: str) -> WebSettings:
    """*settings* that also allow the address the server listens on as a Host name."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104  # compared with, not bound to
        return settings
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    if name in settings.allowed_hosts:
        return settings
    return dataclasses.replace(settings, allowed_hosts=(*settings.allowed_hosts, name))


def server_config(app: Any, settings: WebSettings, host: str, port: int) -> uvicorn.Config:
    """uvicorn's configuration for serving *app* as ``uncounted serve`` does."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=slow_header_protocol(settings.header_timeout),
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=5,
        log_level="warning",
        access_log=False,  # request lines can carry search terms typed by users
    )


def slow_header_protocol(header_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol, closing connections whose headers take over *header_timeout* s."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class SlowHeadersCutOff(HttpToolsProtocol):
        """A connection gets *header_timeout* seconds from its first byte (or its opening) to
        the end of a request's headers."""

        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]  # uvicorn's narrower type
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._header_timer is None:
                self._header_timer = self.loop.call_later(header_timeout, self._cut_off)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _cut_off(self) -> None:
            self._header_timer = None
            if not self.transport.is_closing():
                self.transport.close()

    return SlowHeadersCutOff
