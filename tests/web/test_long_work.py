"""Long jobs (an import, an evidence file, linkage, an estimate) never take the pages' threads."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import anyio.to_thread
from web_helpers import run_async

from uncounted.web.sessions import SessionStore
from uncounted.web.settings import WebSettings
from uncounted.web.shell import Shell
from uncounted.web.throttle import SignInThrottle


def test_a_page_is_served_while_a_long_job_holds_every_long_work_thread(tmp_path: Path) -> None:
    settings = WebSettings(vault=tmp_path, worker_threads=1, long_work_threads=1)
    shell = Shell(settings=settings, sessions=SessionStore(60), throttle=SignInThrottle(5, 60))
    started, page_served = threading.Event(), threading.Event()
    outcome: dict[str, bool] = {}

    def long_job() -> None:
        started.set()
        outcome["page served meanwhile"] = page_served.wait(timeout=20)

    async def main() -> None:
        # as in the app: page handlers get worker_threads threads (here one)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        async with anyio.create_task_group() as group:
            group.start_soon(shell.run_long, long_job)
            while not started.is_set():
                await anyio.sleep(0.01)
            await anyio.to_thread.run_sync(page_served.set)  # a page handler's thread

    run_async(main)
    assert outcome == {"page served meanwhile": True}
