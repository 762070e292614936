"""Every role × page and role × API endpoint behaves as docs/permissions.md says.

The test reads the tables in the docs and enumerates the application's routes: a page or
endpoint that exists but is missing from the tables (or listed but gone) fails, so new pages
must be added to the docs, with what each role may do there.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from permission_helpers import (
    ROLE_USERS,
    RoleVault,
    api_endpoints,
    pages,
    read_table,
    sample,
)

from uncounted.vault.permissions import Role


def call(client: TestClient, target: str, vault: RoleVault, role: Role, csrf: str) -> int:
    url, body = sample(target, vault, role)
    method = target.split(" ")[0] if " " in target else "GET"
    headers = {"X-CSRF-Token": csrf}
    response = client.request(method, url, json=body, headers=headers, follow_redirects=False)
    if response.status_code == 403 and url.startswith("/api/"):
        assert response.json()["error"]["code"] == "forbidden", response.text
    return response.status_code


def test_the_tables_cover_every_page_and_endpoint(role_app: FastAPI) -> None:
    documented_pages = set(read_table("pages"))
    documented_api = set(read_table("api"))
    assert pages(role_app) - documented_pages == set(), "pages missing from docs/permissions.md"
    assert documented_pages - pages(role_app) == set(), (
        "docs/permissions.md lists pages that are gone"
    )
    assert api_endpoints(role_app) - documented_api == set(), "endpoints missing from the docs"
    assert documented_api - api_endpoints(role_app) == set(), (
        "the docs list endpoints that are gone"
    )


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_the_table_says(
    role_app: FastAPI, role_vault: RoleVault, role: Role
) -> None:
    name, passphrase = ROLE_USERS[role]
    table = read_table("pages") | read_table("api")
    # signing out must come last, changes in the order the table gives (grant before revoke)
    order = sorted(table, key=lambda target: target == "DELETE /api/session")
    with TestClient(role_app, base_url="http://127.0.0.1") as client:
        signed = client.post("/api/session", json={"user": name, "passphrase": passphrase})
        assert signed.status_code == 200, signed.text
        assert signed.json()["role"] == role.value
        csrf = signed.json()["csrf_token"]
        observed = {target: call(client, target, role_vault, role, csrf) for target in order}
    expected = {target: 200 if table[target][role] else 403 for target in order}
    assert observed == expected


def test_signed_out_pages_redirect_and_endpoints_answer_401(
    role_app: FastAPI, role_vault: RoleVault
) -> None:
    with TestClient(role_app, base_url="http://127.0.0.1") as client:
        for page in read_table("pages"):
            url, _ = sample(page, role_vault, Role.VIEWER)
            response = client.get(url, follow_redirects=False)
            assert response.status_code == 303, page
            assert response.headers["location"].partition("?")[0] == "/signin", page
        for endpoint in read_table("api"):
            url, body = sample(endpoint, role_vault, Role.VIEWER)
            method = endpoint.split(" ")[0]
            response = client.request(method, url, json=body)
            assert response.status_code == 401, endpoint
            assert response.json() == {
                "error": {
                    "code": "sign_in_required",
                    "message": "Sign in first; the session has ended.",
                }
            }


def test_the_doc_tables_read_back_as_written() -> None:
    # the parser must see every role column and every row; a typo'd cell fails instead of passing
    api = read_table("api")
    assert api["GET /api/audit"] == {
        Role.ADMIN: True,
        Role.CASEWORKER: False,
        Role.ANALYST: False,
        Role.LEGAL: True,
        Role.VIEWER: False,
    }
    assert all(set(row) == set(Role) for row in api.values())
