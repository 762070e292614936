"""Assistance cases: the list, the cases due for follow-up, one case and its workflow.

Only roles the permission table allows to manage assistance see the forms that change a case;
the services refuse the others whatever they send.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.model import CASE_TRANSITIONS, Case
from uncounted.services import cases, followups
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.shell import Shell, redirect, vault_of


class BadFollowUp(InputError):
    """Raised when a follow-up date typed into a case form is not a calendar day."""


def _day(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadFollowUp(N_("the follow-up date must be a day written YYYY-MM-DD")) from None


def _case_url(name: str) -> str:
    return "/cases/view?" + urlencode({"name": name})


def register(app: FastAPI, shell: Shell) -> None:
    """Add the assistance case pages."""

    def list_page(request: Request, status: int = 200, error: str = "", **typed: str) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            every = cases.list_case_details(vault)
            due = followups.cases_due(vault, dt.date.today())
        return shell.render(
            request,
            "cases.html",
            session,
            status,
            cases=every,
            due=due,
            labels=Labels(session.language),
            may_manage=may(vault, Action.ASSISTANCE_MANAGE),
            error=error,
            typed=typed,
        )

    @app.get("/cases", response_class=HTMLResponse)
    def case_list(request: Request) -> Response:
        return list_page(request)

    @app.post("/cases", response_class=HTMLResponse)
    def open_case(
        request: Request,
        case_id: str = Form(""),
        needs: Annotated[list[str] | None, Form()] = None,
        follow_up: str = Form(""),
        summary: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        try:
            case = Case(
                case_id=case_id.strip(),
                needs=frozenset(needs or ()),
                opened=dt.date.today(),
                follow_up=_day(follow_up),
                summary=summary.strip() or None,
            )
            with shell.lock(session):
                cases.open_case(vault_of(session), case)
        except InputError as error:
            message = error.translated(shell.translator(request, session).gettext)
            return list_page(
                request, 400, message, case_id=case_id, follow_up=follow_up, summary=summary
            )
        return redirect(_case_url(case.case_id))

    @app.get("/cases/view", response_class=HTMLResponse)
    def case_page(request: Request, name: str = "") -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            case = cases.show_case(vault, name)
        return shell.render(
            request,
            "case.html",
            session,
            case=case,
            next_statuses=sorted(CASE_TRANSITIONS.get(case.fields.status, frozenset())),
            labels=Labels(session.language),
            may_manage=may(vault, Action.ASSISTANCE_MANAGE),
        )

    @app.post("/cases/status")
    def advance_case(
        request: Request,
        name: str = Form(""),
        status: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        with shell.lock(session):
            cases.advance_case(vault_of(session), name, status)
        return redirect(_case_url(name))

    @app.post("/cases/update")
    def update_case(
        request: Request,
        name: str = Form(""),
        needs: Annotated[list[str] | None, Form()] = None,
        follow_up: str = Form(""),
        summary: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        with shell.lock(session):
            cases.update_case(
                vault_of(session),
                name,
                needs=frozenset(needs or ()),
                follow_up=_day(follow_up),
                summary=summary.strip() or None,
            )
        return redirect(_case_url(name))
