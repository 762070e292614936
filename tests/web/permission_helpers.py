"""A vault with one user per role, the app's routes enumerated, and the docs' tables read.

Shared by the permission and CSRF tests. Every route the app has is classified here: a page
(GET, HTML), a form (POST from a page), an API endpoint, or public; the tests fail loudly when
a new route appears that the tables in ``docs/permissions.md`` do not cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from PIL import Image
from starlette.routing import BaseRoute

from uncounted.services import cases, evidence, grants, records, register, users, vaults
from uncounted.vault.permissions import Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
#: One synthetic user per role: (name, passphrase).
ROLE_USERS: dict[Role, tuple[str, str]] = {
    Role.ADMIN: ("ana", "admin passphrase for tests"),
    Role.CASEWORKER: ("boris", "caseworker passphrase for tests"),
    Role.ANALYST: ("dina", "analyst passphrase for tests"),
    Role.LEGAL: ("lev", "legal passphrase for tests"),
    Role.VIEWER: ("vera", "viewer passphrase for tests"),
}
#: Routes anyone may reach without a session.
PUBLIC = {
    ("GET", "/signin"),
    ("POST", "/signin"),
    ("POST", "/language"),
    ("GET", "/api/openapi.json"),
    ("POST", "/api/session"),
}


@dataclass(frozen=True)
class RoleVault:
    path: Path
    record_id: str
    case: str
    item_id: str
    person_id: str
    #: case-a's number and each user's, as the web's addresses carry them (never the names)
    case_number: int
    user_numbers: dict[str, int]


def build_role_vault(path: Path) -> RoleVault:
    """A vault with one user per role, a record in ``case-a`` (granted to all) and ``case-b``."""
    admin_name, admin_pass = ROLE_USERS[Role.ADMIN]
    vaults.init_vault(path, admin_name, admin_pass)
    with vaults.unlock(path, admin_name, admin_pass) as admin:
        for role, (name, passphrase) in ROLE_USERS.items():
            if role is not Role.ADMIN:
                users.add_user(admin, name, role.value, passphrase, admin_set=False)
        record_id = records.create_record(
            admin,
            records.RecordDraft(
                case="case-a",
                source="hotline",
                event_type="detention",
                event_month="2017-03",
                identity={"name": "Synthetic Testperson"},
            ),
        )
        for role, (name, _) in ROLE_USERS.items():
            if role is not Role.ADMIN:
                grants.grant(admin, "case-a", name)
        records.create_record(admin, records.RecordDraft(case="case-b", source="hotline"))
        records.create_record(  # a second source, so that linkage has lists to compare
            admin,
            records.RecordDraft(
                case="case-a",
                source="ngo-list",
                event_type="detention",
                event_month="2017-03",
                identity={"name": "Synthetic Testperson"},
            ),
        )
        photo = path.parent / "photo.png"  # an image: it has a thumbnail to ask for
        Image.new("RGB", (24, 16), (90, 90, 200)).save(photo, "PNG")
        item = evidence.add_evidence(admin, photo, record_id)
        photo.unlink()
        register.link_people(admin)
        person_id = next(
            p.id
            for p in register.list_people(admin)
            if record_id in {r.record_id for r in p.records}
        )
        case_number = cases.case_number(admin, "case-a")
        numbers = {user.name: user.id for user in users.list_users(admin)}
    return RoleVault(path, record_id, "case-a", item.id, person_id, case_number, numbers)


def _flat(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """(path prefix, route) for every route, looking inside included routers.

    FastAPI 0.16x keeps an included router as one lazy entry of ``app.routes``; its routes
    (whose paths already hold the router's own prefix) are under ``original_router``.
    """
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _flat(inner.routes, prefix + getattr(context, "prefix", ""))
        else:
            yield prefix, route


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (METHOD, path template) the app answers, the API catch-all excepted."""
    found: set[tuple[str, str]] = set()
    for prefix, route in _flat(app.routes):
        if isinstance(route, APIRoute) and route.path.endswith("{rest:path}"):
            continue  # the API's JSON 404 for unknown endpoints
        methods = getattr(route, "methods", None)
        path = getattr(route, "path", None)
        if not methods or path is None:
            continue  # mounts (static files)
        found.update((method, prefix + path) for method in methods if method != "HEAD")
    return found


def pages(app: FastAPI) -> set[str]:
    """The GET pages behind sign-in (path templates)."""
    return {
        path
        for method, path in routes(app)
        if method == "GET" and not path.startswith("/api/") and (method, path) not in PUBLIC
    }


def forms(app: FastAPI) -> set[str]:
    """The POST routes pages submit forms to (sign-in and language excepted)."""
    return {
        path
        for method, path in routes(app)
        if method == "POST" and not path.startswith("/api/") and (method, path) not in PUBLIC
    }


def api_endpoints(app: FastAPI) -> set[str]:
    """The API endpoints as "METHOD /api/path" (the OpenAPI document excepted)."""
    return {
        f"{method} {path}"
        for method, path in routes(app)
        if path.startswith("/api/") and (method, path) not in PUBLIC
    }


def read_table(name: str) -> dict[str, dict[Role, bool]]:
    """The table between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` in the docs."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"docs/permissions.md has no {name} table"
    lines = [line.strip() for line in match.group(1).strip().splitlines()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    roles = [Role(cell) for cell in header[1:]]
    table: dict[str, dict[Role, bool]] = {}
    for line in lines[2:]:
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        assert all(cell in ("yes", "no") for cell in cells[1:]), line
        table[cells[0]] = {role: cell == "yes" for role, cell in zip(roles, cells[1:], strict=True)}
    return table


Request = tuple[str, dict[str, Any] | None]


def sample(target: str, vault: RoleVault, role: Role) -> Request:
    """A URL (and JSON body) that exercises *target*; fails loudly when none is known."""
    path = target.split(" ")[-1]
    bodies: dict[str, dict[str, Any]] = {
        "POST /api/users": {
            "name": f"new-{role.value}",
            "role": "viewer",
            "passphrase": "seven unrelated words in a row",
        },
        "POST /api/grants": {"case": "case-b", "user": ROLE_USERS[Role.VIEWER][0]},
        "POST /api/grants/revoke": {"case": "case-b", "user": ROLE_USERS[Role.VIEWER][0]},
    }
    queries = {"/api/cases/view": "?name=case-a"}
    admin, viewer = (vault.user_numbers[ROLE_USERS[role][0]] for role in (Role.ADMIN, Role.VIEWER))
    queries["/admin/grants/revoke"] = f"?case={vault.case_number}&user={admin}"
    for page in ("/admin/users/deactivate", "/admin/users/remove", "/admin/users/reset"):
        queries[page] = f"?user={viewer}"
    queries["/register/compare"] = f"?left={vault.person_id}&right={vault.person_id}"
    url = path.replace("{record_id}", vault.record_id).replace("{item_id}", vault.item_id)
    url = url.replace("{person_id}", vault.person_id).replace("{number}", str(vault.case_number))
    url += queries.get(path, "")
    assert "{" not in url, f"add a sample value for the parameters of {target} to this test"
    method = target.split(" ")[0] if " " in target else "GET"
    if method == "POST":
        assert target in bodies, f"add a sample JSON body for {target} to this test"
    return url, bodies.get(target)
