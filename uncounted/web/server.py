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
"""

from __future__ import annotations

import gc

from uncounted.web import app_for_vault
from uncounted.web.settings import WebSettings

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

    app = app_for_vault(settings)
    settle_collector()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # request lines can carry search terms typed by users
    )
