"""The person register: people (each linked person with all their records), one person's page
with history, two people compared field by field, and a reviewer's merge, split, confirm, undo.

Every figure and change comes from :mod:`uncounted.services.register`; identities are shown
only where the user holds the case (the services decide, and audit each read).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import cases, register
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.paging import Paging
from uncounted.web.routes.analysis import field_labels
from uncounted.web.routes.evidence import evidence_on_page
from uncounted.web.search_form import kept, search_of
from uncounted.web.search_ready import waiting_page
from uncounted.web.shell import Signed, SignedForm, redirect

router = APIRouter()


def _wanted(person: register.Person, show: str) -> bool:
    if show == "several":
        return len(person.sources) > 1
    if show == "unreviewed":
        return person.unreviewed_links > 0
    return True


@router.get("/register", response_class=HTMLResponse)
def register_page(  # linked, left_out: what the last "Link records into people" did
    request: Request,
    signed: Signed,
    show: str = "",
    search: str = "",
    page: int = 1,
    linked: int | None = None,
    left_out: int = 0,
) -> Response:
    paging = Paging.at(page)
    searched = search_of(signed, search)
    if (waiting := waiting_page(request, signed, searched.text)) is not None:
        return waiting
    with signed.lock:
        found = register.find_people(signed.vault, searched.text)
        counted = register.counts(signed.vault)
        out_of_reach = register.unplaced_out_of_reach(signed.vault)
        changes = register.recent_changes(signed.vault, 10)
        chosen = [person for person in found.people if _wanted(person, show)]
        window = chosen[paging.offset : paging.offset + paging.limit]
        told = register.told_apart(signed.vault, paging.rows(window))
    return signed.render(
        request,
        "register.html",
        people=paging.rows(window),
        told=told,
        matching=len(chosen),
        found=found.records,
        more=paging.more(window),
        page=paging.number,
        show=show,
        search=searched,
        counts=counted,
        out_of_reach=out_of_reach,
        changes=changes,
        change_words={
            "link": signed.gettext("linked the records"),
            "merge": signed.gettext("merged"),
            "split": signed.gettext("split"),
            "confirm": signed.gettext("confirmed"),
            "undo": signed.gettext("undone"),
        },
        labels=Labels(signed.session.language),
        may_link=may(signed.vault, Action.ESTIMATE_RUN),
        linked=linked,
        left_out=left_out,
    )


#: the list's filter form: its search text kept in the session, the list shown with a token
router.post("/register", response_class=HTMLResponse)(kept)


@router.post("/register/link", response_class=HTMLResponse)
async def link(signed: SignedForm) -> Response:
    def run() -> register.Linked:
        with signed.lock:
            return register.link_people_scored(signed.vault)

    linked = await signed.shell.run_long(run)
    return redirect(f"/register?linked={len(linked.frame)}&left_out={linked.left_out}")


@router.get("/register/compare", response_class=HTMLResponse)
def compare_page(request: Request, signed: Signed, left: str = "", right: str = "") -> Response:
    with signed.lock:
        comparison = register.compare(signed.vault, left.strip(), right.strip())
    return signed.render(
        request,
        "register_compare.html",
        comparison=comparison,
        labels=Labels(signed.session.language),
        field_labels={**field_labels(signed.gettext), "source": signed.gettext("Lists")},
        may_review=may(signed.vault, Action.PEOPLE_REVIEW),
    )


@router.get("/register/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, signed: Signed, person_id: str, attached: int = 0) -> Response:
    with signed.lock:
        shown = register.show_person(signed.vault, person_id)
        # each case of its records, linked to its page (walkday5: the person's page led to
        # every record but to no case); cases.case_number asks what the case page asks
        in_cases = [
            (name, cases.case_number(signed.vault, name))
            for name in sorted({record.case for record in shown.records})
        ]
        files = evidence_on_page(  # the evidence of every record of the person
            signed,
            f"/register/{quote(person_id)}",
            shown.records,
            records=[record.record_id for record in shown.records],
        )
    return signed.render(
        request,
        "register_person.html",
        page=shown,
        in_cases=in_cases,
        labels=Labels(signed.session.language),
        may_review=may(signed.vault, Action.PEOPLE_REVIEW),
        attached=attached,
        **files,
    )


@router.post("/register/merge", response_class=HTMLResponse)
def merge(
    signed: SignedForm, left: str = Form(""), right: str = Form(""), reason: str = Form("")
) -> Response:
    with signed.lock:
        merged = register.merge(signed.vault, [left, right], reason)
    return redirect(f"/register/{merged}")


@router.post("/register/{person_id}/split", response_class=HTMLResponse)
def split(
    signed: SignedForm,
    person_id: str,
    records: Annotated[list[str] | None, Form()] = None,
    reason: str = Form(""),
) -> Response:
    with signed.lock:
        made = register.split(signed.vault, person_id, [records or []], reason)
    return redirect(f"/register/{made[0]}")


@router.post("/register/{person_id}/confirm", response_class=HTMLResponse)
def confirm(signed: SignedForm, person_id: str, reason: str = Form("")) -> Response:
    with signed.lock:
        register.confirm(signed.vault, person_id, reason)
    return redirect(f"/register/{person_id}")


@router.post("/register/undo", response_class=HTMLResponse)
def undo(signed: SignedForm, change: int = Form(0), reason: str = Form("")) -> Response:
    with signed.lock:
        register.undo(signed.vault, change, reason)
        done = register.recent_changes(signed.vault, 1)[0]
    back = sorted(done.after)
    return redirect(f"/register/{back[0]}" if back else "/register")
