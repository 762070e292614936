"""Administration: the vault's users, who holds which case, and the audit trail.

Each page calls a service that checks the role itself (users and grants need an admin, the
audit trail an admin or a lawyer); a refusal is shown as the 403 error page.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import audit, grants, totp, users
from uncounted.web.shell import Shell, redirect, vault_of

AUDIT_PAGE = 50


def _notices(gettext: Callable[[str], str]) -> dict[str, str]:
    """What the page says after each action, in the user's language."""
    return {
        "added": gettext("The user was added."),
        "code_reset": gettext("The sign-in code is off; the user needs only the passphrase."),
        "granted": gettext("The case was granted."),
        "revoked": gettext("The case was taken back; its records were sealed under a new key."),
    }


def register(app: FastAPI, shell: Shell) -> None:
    """Add the users, grants and audit pages."""

    def notice(request: Request, done: str) -> str | None:
        session = shell.current(request)
        return _notices(shell.translator(request, session).gettext).get(done)

    @app.get("/admin/users", response_class=HTMLResponse)
    def user_list(request: Request, done: str = "") -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            rows = users.list_users(vault)
            with_codes = totp.users_with_codes(vault)
        return shell.render(
            request,
            "admin_users.html",
            session,
            rows=rows,
            with_codes=with_codes,
            roles=users.roles(),
            message=notice(request, done),
        )

    @app.post("/admin/users", response_class=HTMLResponse)
    def user_add(
        request: Request,
        name: str = Form(""),
        role: str = Form(""),
        passphrase: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            users.add_user(vault, name, role, passphrase)
        return redirect("/admin/users?done=added")

    @app.post("/admin/users/totp-reset", response_class=HTMLResponse)
    def user_totp_reset(
        request: Request, user: str = Form(""), csrf_token: str = Form("")
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            totp.reset(vault, user)
        return redirect("/admin/users?done=code_reset")

    @app.get("/admin/grants", response_class=HTMLResponse)
    def grant_list(request: Request, done: str = "") -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            people = users.list_users(vault)  # admins only: refuses everyone else
            cases = grants.list_cases(vault)
        return shell.render(
            request,
            "admin_grants.html",
            session,
            cases=cases,
            user_names=[user.name for user in people],
            message=notice(request, done),
        )

    @app.post("/admin/grants/grant", response_class=HTMLResponse)
    def grant_case(
        request: Request,
        case: str = Form(""),
        user: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            grants.grant(vault, case, user)
        return redirect("/admin/grants?done=granted")

    @app.post("/admin/grants/revoke", response_class=HTMLResponse)
    def revoke_case(
        request: Request,
        case: str = Form(""),
        user: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            grants.revoke(vault, case, user)
        return redirect("/admin/grants?done=revoked")

    @app.get("/admin/audit", response_class=HTMLResponse)
    def audit_page(request: Request, page: int = 1) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        page = max(page, 1)
        with shell.lock(session):
            rows = audit.audit_trail(vault, AUDIT_PAGE + 1, (page - 1) * AUDIT_PAGE)
        return shell.render(
            request,
            "admin_audit.html",
            session,
            rows=rows[:AUDIT_PAGE],
            more=len(rows) > AUDIT_PAGE,
            page=page,
        )
