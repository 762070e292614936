"""Every form and every changing API request is refused without the session's CSRF token.

The routes are enumerated from the application, so a form added later is covered too. Each
request carries plausible values for every field the route declares (and a file), so that
only the missing or forged token can be the reason it is refused, and the audit trail shows
that nothing was done.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from permission_helpers import ROLE_USERS, RoleVault, _flat, forms

from uncounted.services import audit, vaults
from uncounted.vault.permissions import Role

ADMIN, ADMIN_PASS = ROLE_USERS[Role.ADMIN]
CHANGING_API = ("POST /api/users", "POST /api/grants", "POST /api/grants/revoke")


def audit_size(vault: RoleVault) -> int:
    """The audit entries of changes (a sign-in is on record too, and changes nothing)."""
    with vaults.unlock(vault.path, ADMIN, ADMIN_PASS) as admin:
        entries = audit.audit_trail(admin, limit=100_000)
    return len([entry for entry in entries if not entry.action.startswith("signin")])


def form_fields(role_app: FastAPI, path: str) -> dict[str, Any]:
    """Plausible values for every form field the route at *path* declares, token excepted."""
    for prefix, route in _flat(role_app.routes):
        if isinstance(route, APIRoute) and prefix + route.path == path and "POST" in route.methods:
            return {
                field.alias: ["detention"] if "list" in str(field.field_info.annotation) else "x1"
                for field in route.dependant.body_params
                if field.alias != "csrf_token"
            }
    raise AssertionError(f"no POST route {path}")


def test_every_form_refuses_a_missing_or_forged_token(
    role_app: FastAPI, role_vault: RoleVault
) -> None:
    targets = sorted(forms(role_app))
    assert {"/signout", "/testimony", "/cases"} <= set(targets)
    before = audit_size(role_vault)
    with TestClient(role_app, base_url="http://127.0.0.1") as client:
        signed = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
        assert signed.status_code == 200
        refused = {}
        for path in targets:
            url = path.replace("{item_id}", "0" * 32).replace("{record_id}", role_vault.record_id)
            url = url.replace("{person_id}", role_vault.person_id)
            url = url.replace("{evidence_id}", "0" * 32)
            assert "{" not in url, f"add a sample value for the parameters of {path}"
            data = form_fields(role_app, path)
            upload = {"file": ("list.csv", b"source,record_id\nhotline,1\n", "text/csv")}
            for token in (None, "forged-token"):
                sent = data if token is None else data | {"csrf_token": token}
                response = client.post(url, data=sent, files=upload, follow_redirects=False)
                refused[(path, token)] = response.status_code
        assert client.get("/api/session").status_code == 200  # the forged sign-out did nothing
    assert refused == dict.fromkeys(refused, 403)
    assert audit_size(role_vault) == before


def test_changing_api_requests_need_the_header(role_app: FastAPI, role_vault: RoleVault) -> None:
    body = {"case": "case-b", "user": ROLE_USERS[Role.VIEWER][0]}
    bodies = {
        "POST /api/users": {
            "name": "intruder",
            "role": "admin",
            "passphrase": "seven unrelated words in a row",
        }
    }
    before = audit_size(role_vault)
    with TestClient(role_app, base_url="http://127.0.0.1") as client:
        signed = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
        csrf = signed.json()["csrf_token"]
        for endpoint in (*CHANGING_API, "DELETE /api/session"):
            method, url = endpoint.split(" ")
            for headers in ({}, {"X-CSRF-Token": "forged"}, {"X-CSRF-Token": csrf[:-1]}):
                response = client.request(
                    method, url, json=bodies.get(endpoint, body), headers=headers
                )
                assert response.status_code == 403, endpoint
                assert response.json()["error"]["code"] == "csrf_refused"
        assert client.get("/api/session").json()["user"] == ADMIN
    assert audit_size(role_vault) == before


def test_the_api_lists_every_changing_endpoint_here(role_app: FastAPI) -> None:
    changing = {
        f"{method} {prefix}{route.path}"
        for prefix, route in _flat(role_app.routes)
        if isinstance(route, APIRoute) and (prefix + route.path).startswith("/api/")
        for method in route.methods
        if method in {"POST", "PUT", "PATCH", "DELETE"} and not route.path.endswith("{rest:path}")
    }
    assert changing - {"POST /api/session", "DELETE /api/session"} == set(CHANGING_API)
