"""Assistance cases: the list, the cases due for follow-up, one case and its workflow.

Only roles the permission table allows to manage assistance see the forms that change a case,
and only on a case granted to them (``permissions.may`` with the case); the services refuse the
others whatever they send.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.model import CASE_TRANSITIONS, Case
from uncounted.services import cases, followups, people
from uncounted.services.people import PeopleFilter
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.routes.evidence import evidence_on_page
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect

router = APIRouter()


class BadFollowUp(InputError):
    """Raised when a follow-up date typed into a case form is not a calendar day."""


def _day(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadFollowUp(N_("the follow-up date must be a day written YYYY-MM-DD")) from None


def case_url(number: int) -> str:
    """A case's page: by its number, never its name (a case may be named after the family it
    helps, and browser history and access logs keep every address)."""
    return f"/cases/{number}"


def _numbered(signed: SignedIn, name: str) -> str:
    """The page of case *name* (a form sent its name: the redirect carries its number)."""
    with signed.lock:
        return case_url(cases.case_number(signed.vault, name))


def _list_page(
    request: Request, signed: SignedIn, status: int = 200, error: str = "", **typed: str
) -> Response:
    with signed.lock:
        every = cases.list_case_details(signed.vault)
        due = followups.cases_due(signed.vault, dt.date.today())
    return signed.render(
        request,
        "cases.html",
        status,
        cases=every,
        due=due,
        labels=Labels(signed.session.language),
        may_manage=may(signed.vault, Action.ASSISTANCE_MANAGE),
        error=error,
        typed=typed,
    )


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request, signed: Signed) -> Response:
    return _list_page(request, signed)


@router.post("/cases", response_class=HTMLResponse)
def open_case(
    request: Request,
    signed: SignedForm,
    case_id: str = Form(""),
    needs: Annotated[list[str] | None, Form()] = None,
    follow_up: str = Form(""),
    summary: str = Form(""),
) -> Response:
    try:
        case = Case(
            case_id=case_id.strip(),
            needs=frozenset(needs or ()),
            opened=dt.date.today(),
            follow_up=_day(follow_up),
            summary=summary.strip() or None,
        )
        with signed.lock:
            opened = cases.open_case(signed.vault, case)
    except InputError as error:
        message = error.translated(signed.gettext)
        return _list_page(
            request, signed, 400, message, case_id=case_id, follow_up=follow_up, summary=summary
        )
    return redirect(case_url(opened.id))


#: The records of a case offered to attach a file to from its page (the first ones; a larger
#: case attaches from the person's own page).
CASE_RECORDS = 200

#: The statuses a closed case can be reopened to (every other one; the model checks it).
REOPEN_TO = ("request", "assessed", "in_progress", "relocated")


@router.get("/cases/{number}", response_class=HTMLResponse)
def case_page(  # one parameter per thing the page may have been asked to show
    request: Request,
    signed: Signed,
    number: str,
    close: str = "",
    closed_from: str = "",
    attached: int = 0,
) -> Response:
    """Case *number*; ``close`` asks to confirm closing it, ``closed_from`` offers the undo."""
    with signed.lock:
        name = cases.case_named_by(signed.vault, number)
        case = cases.show_case(signed.vault, name)
        in_case = people.list_people(signed.vault, PeopleFilter(case=case.name), CASE_RECORDS)
        shown = evidence_on_page(signed, case_url(case.id), in_case, case=case.name)
        interventions = cases.case_interventions(signed.vault, name)
        may_manage = may(signed.vault, Action.ASSISTANCE_MANAGE, case=case.name)
    closed = case.fields.status == "closed"
    return signed.render(
        request,
        "case.html",
        case=case,
        interventions=interventions,
        next_statuses=sorted(CASE_TRANSITIONS.get(case.fields.status, frozenset())),
        labels=Labels(signed.session.language),
        may_manage=may_manage,
        role_manages=may(signed.vault, Action.ASSISTANCE_MANAGE),
        confirm_close=bool(close) and not closed,
        closed_from=closed_from if closed and closed_from in REOPEN_TO else "",
        reopen_to=REOPEN_TO if closed else (),
        attached=attached,
        may_package=may(signed.vault, Action.EVIDENCE_EXPORT),
        **shown,
    )


@router.post("/cases/package")
async def package_case(signed: SignedForm, name: str = Form(""), to: str = Form("")) -> Response:
    """The case's evidence in one package for the recipient named (a journalist...), built in
    anonymous memory; the recipient is recorded with the export."""
    from uncounted.services.evidence_packages import package_evidence_into
    from uncounted.web.i18n import Translator
    from uncounted.web.routes.evidence import PackageTooLarge, built_in_memory, zip_download

    translators = {language: Translator(language).gettext for language in ("en", "ru")}
    done, package = await built_in_memory(
        signed,
        "uncounted-case-package",
        lambda handle: package_evidence_into(signed.vault, handle, to, translators, case=name),
        PackageTooLarge(
            N_(
                "the package is too large to build in this server's memory;"
                " export it with `uncounted evidence package`"
            )
        ),
    )
    return zip_download(package, f"{done.evidence_id}-package.zip")


@router.post("/cases/status")
def advance_case(
    signed: SignedForm,
    name: str = Form(""),
    status: str = Form(""),
    confirm: str = Form(""),
) -> Response:
    """Move a case on; closing it asks for a confirmation first and can be undone."""
    if status == "closed" and confirm != "yes":
        return redirect(_numbered(signed, name) + "?close=1")
    with signed.lock:
        before = cases.show_case(signed.vault, name).fields.status
        moved = cases.advance_case(signed.vault, name, status)
    if status == "closed":
        return redirect(case_url(moved.id) + "?" + urlencode({"closed_from": before}))
    return redirect(case_url(moved.id))


@router.post("/cases/reopen")
def reopen_case(
    signed: SignedForm,
    name: str = Form(""),
    status: str = Form(""),
) -> Response:
    with signed.lock:
        reopened = cases.reopen_case(signed.vault, name, status)
    return redirect(case_url(reopened.id))


@router.post("/cases/update")
def update_case(
    signed: SignedForm,
    name: str = Form(""),
    needs: Annotated[list[str] | None, Form()] = None,
    follow_up: str = Form(""),
    summary: str = Form(""),
) -> Response:
    with signed.lock:
        updated = cases.update_case(
            signed.vault,
            name,
            needs=frozenset(needs or ()),
            follow_up=_day(follow_up),
            summary=summary.strip() or None,
        )
    return redirect(case_url(updated.id))
