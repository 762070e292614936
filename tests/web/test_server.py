"""``uncounted serve`` as a user starts it: a real process answering on a loopback port."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from server_helpers import free_port
from web_helpers import ADMIN, ADMIN_PASS, WebVault

from uncounted.services import vaults


@contextmanager
def serving(command: list[str], port: int) -> Iterator[str]:
    """Run `uncounted serve` in a child process until it answers; its pipes closed after."""
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"{base}/signin", timeout=5)
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError("uncounted serve did not start") from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_serve_answers_sign_in_and_pages_with_security_headers(web_vault: WebVault) -> None:
    port = free_port()
    command = [sys.executable, "-m", "uncounted", "serve", str(web_vault.path), "--port", str(port)]
    with serving(command, port) as base:
        page = httpx.get(f"{base}/signin", timeout=5)
        assert page.status_code == 200
        assert "default-src 'none'" in page.headers["content-security-policy"]
        with httpx.Client(base_url=base, timeout=30) as client:
            signed_in = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
            assert signed_in.status_code == 200
            records = client.get("/records")
            assert records.status_code == 200
            assert "case-a" in records.text


def test_the_server_freezes_start_up_objects_out_of_the_collectors_walks() -> None:
    # In a child process: the setting is process-wide and must not change the test runner's.
    probe = (
        "import gc; from uncounted.web.server import settle_collector, YOUNG_GENERATION_THRESHOLD;"
        "before = gc.get_freeze_count(); settle_collector();"
        "print(before, gc.get_freeze_count(), gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD)"
    )
    answer = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(answer[0]) == 0
    assert int(answer[1]) > 10_000  # the web stack's modules, now outside every collection
    assert answer[2] == "True"


def test_serve_takes_the_panic_after_setting(web_vault: WebVault) -> None:
    """Issue 18: `panic_after_failures` could not be set from `uncounted serve`."""
    port = free_port()
    command = [sys.executable, "-m", "uncounted", "serve", str(web_vault.path)]
    command += ["--port", str(port), "--panic-after", "2"]
    with serving(command, port) as base, httpx.Client(base_url=base, timeout=60) as client:
        for guess in ("first wrong guess", "second wrong guess"):
            wrong = client.post("/api/session", json={"user": ADMIN, "passphrase": guess})
            assert wrong.status_code == 401
        assert vaults.user_names(web_vault.path) == []  # the keys are gone
        late = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
        assert late.status_code == 401
