"""Limits on every request (issue 18): Host names, body sizes, slow clients, sign-in floods,
uploads checked before they are read, and 500 answers that carry the security headers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

import pytest
import uvicorn
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.requests import Request
from web_helpers import ADMIN, ADMIN_PASS, WebVault, run_async, sign_in

from uncounted.services import users, vaults
from uncounted.web import WebSettings, app_for_vault
from uncounted.web.security import SECURITY_HEADERS
from uncounted.web.server import server_config, with_bound_host
from uncounted.web.uploads import UploadRefused, read_upload

VIEWER, VIEWER_PASS = "vera", "viewer passphrase, synthetic"
SECRET = "Секретова Зарема"  # a synthetic name that must never come back in an error


def _has_security_headers(headers: object) -> bool:
    return all(headers.get(name) == value for name, value in SECURITY_HEADERS.items())  # type: ignore[attr-defined]


@contextmanager
def _client(settings: WebSettings) -> Iterator[TestClient]:
    with TestClient(app_for_vault(settings), base_url="http://127.0.0.1") as client:
        yield client


# --- Host names -----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "attacker:8000"])
def test_an_unknown_host_name_is_refused(client: TestClient, host: str) -> None:
    answer = client.get("/signin", headers={"host": host})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "host"
    assert _has_security_headers(answer.headers)


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]:8000"])
def test_local_host_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/signin", headers={"host": host}).status_code == 200


def test_serve_allows_the_address_it_listens_on(web_vault: WebVault) -> None:
    settings = WebSettings(vault=web_vault.path)
    assert "10.0.0.5" in with_bound_host(settings, "10.0.0.5").allowed_hosts
    assert "[fd00::5]" in with_bound_host(settings, "fd00::5").allowed_hosts
    assert with_bound_host(settings, "0.0.0.0").allowed_hosts == settings.allowed_hosts


# --- body sizes -----------------------------------------------------------------------------


def test_a_large_json_body_is_refused_before_it_is_parsed(web_vault: WebVault) -> None:
    settings = WebSettings(vault=web_vault.path, max_body_bytes=64 << 10)
    body = b'{"user": "' + b"a" * (128 << 10) + b'", "passphrase": "x"}'
    with _client(settings) as client:
        answer = client.post(
            "/api/session", content=body, headers={"content-type": "application/json"}
        )
        assert answer.status_code == 413
        assert _has_security_headers(answer.headers)

        def chunks() -> Iterator[bytes]:  # no declared length: counted as it arrives
            yield body[: 32 << 10]
            yield body[32 << 10 :]

        answer = client.post(
            "/api/session", content=chunks(), headers={"content-type": "application/json"}
        )
        assert answer.status_code == 413


def _request(headers: dict[str, str], parts: list[bytes], pulled: list[int]) -> Request:
    """A real Starlette request whose body arrives as *parts*; *pulled* counts parts read."""
    queue = list(parts)

    async def receive() -> dict[str, object]:
        pulled.append(1)
        body = queue.pop(0) if queue else b""
        return {"type": "http.request", "body": body, "more_body": bool(queue)}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/import",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }
    return Request(scope, receive)  # type: ignore[arg-type]


BOUNDARY = "fuzzboundary"


def _multipart(csrf: str) -> list[bytes]:
    fields = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    file_parts = [b"record_id,name\r\n" + f"1,{SECRET}\r\n".encode() * 1000 for _ in range(20)]
    return [fields, *file_parts, f"\r\n--{BOUNDARY}--\r\n".encode()]


async def _read(request: Request, check: object) -> object:
    try:
        return await read_upload(request, "file", 1 << 20, check)  # type: ignore[arg-type]
    except Exception as refusal:  # the refusal is what the test inspects
        return refusal


def test_an_upload_refused_by_its_checks_is_not_read() -> None:

    class Refused(Exception):
        pass

    seen: list[dict[str, str]] = []

    def refuse(fields: dict[str, str]) -> None:
        seen.append(dict(fields))
        raise Refused

    pulled: list[int] = []
    parts = _multipart("token-1")
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    outcome = run_async(_read, _request(headers, parts, pulled), refuse)
    assert isinstance(outcome, Refused)
    assert seen == [{"csrf_token": "token-1"}]
    assert len(pulled) == 1  # only the first part, with the fields, was ever received


def test_an_upload_declared_too_large_is_refused_before_reading() -> None:

    pulled: list[int] = []
    headers = {
        "content-type": f"multipart/form-data; boundary={BOUNDARY}",
        "content-length": str(300 << 20),
    }
    outcome = run_async(_read, _request(headers, _multipart("t"), pulled), None)
    assert isinstance(outcome, UploadRefused)
    assert "larger than 1 MiB" in str(outcome)
    assert pulled == []


def test_a_viewer_upload_is_refused_by_role_and_a_forged_one_by_csrf(
    web_vault: WebVault, client: TestClient
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, VIEWER, "viewer", VIEWER_PASS, admin_set=False)
    csrf = sign_in(client, VIEWER, VIEWER_PASS)
    files = {"file": ("list.csv", f"record_id,name\r\n1,{SECRET}\r\n".encode(), "text/csv")}
    answer = client.post("/import", data={"csrf_token": csrf, "source": "x"}, files=files)
    assert answer.status_code == 403
    assert SECRET not in answer.text
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    answer = client.post("/import", data={"csrf_token": "forged", "source": "x"}, files=files)
    assert answer.status_code == 403
    assert "did not come from uncounted" in answer.text


# --- sign-in floods -------------------------------------------------------------------------


def test_forty_simultaneous_wrong_passphrases_check_only_the_limit(
    web_vault: WebVault,
) -> None:
    settings = WebSettings(vault=web_vault.path, max_failed_attempts=5, long_work_threads=8)
    with _client(settings) as client:

        def attempt(_: int) -> int:
            body = {"user": ADMIN, "passphrase": "wrong guess"}
            return client.post("/api/session", json=body).status_code

        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(attempt, range(40)))
        assert statuses.count(401) == 5  # checked, and wrong
        assert statuses.count(429) == 35  # refused without checking
        # the real passphrase is refused too, while the name is locked
        body = {"user": ADMIN, "passphrase": ADMIN_PASS}
        assert client.post("/api/session", json=body).status_code == 429


# --- failures inside uncounted --------------------------------------------------------------


def test_a_failure_inside_a_page_is_a_bare_500_with_the_security_headers(
    web_vault: WebVault,
) -> None:
    app = app_for_vault(WebSettings(vault=web_vault.path))

    def broken() -> None:
        raise ValueError(f"a detail holding {SECRET}")

    app.add_api_route("/broken", broken)
    app.router.routes.insert(0, APIRoute("/api/broken", broken))  # before the API's catch-all
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/broken")
        api = client.get("/api/broken")
    for answer in (page, api):
        assert answer.status_code == 500
        assert _has_security_headers(answer.headers)
        assert SECRET not in answer.text
        assert "Traceback" not in answer.text and "ValueError" not in answer.text
    assert api.json()["error"]["code"] == "internal"


# --- slow clients ---------------------------------------------------------------------------


@contextmanager
def _served(settings: WebSettings) -> Iterator[int]:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = uvicorn.Server(server_config(app_for_vault(settings), settings, "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join()


def _talk(port: int, data: bytes) -> bytes:
    """Send *data*, then wait (up to a minute) for whatever the server answers and its close."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(data)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def test_slow_headers_and_slow_bodies_are_cut_off(web_vault: WebVault) -> None:
    settings = replace(WebSettings(vault=web_vault.path), header_timeout=0.5, body_timeout=0.5)
    with _served(settings) as port:
        # a request line and half a header, then nothing: the server closes the connection
        assert _talk(port, b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") == b""
        # a body that promises 100 bytes and sends 10: answered 408
        head = (
            b"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        )
        answer = _talk(port, head + b'{"user": "')
        assert answer.startswith(b"HTTP/1.1 408")
        assert b"content-security-policy" in answer.lower()
