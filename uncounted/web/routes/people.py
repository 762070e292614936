"""People, events and sources: lists with filters, and a person's page.

Names are shown only where the user holds the case key; everyone else sees the pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import cases, people, records, register
from uncounted.services.people import EventFilter, PeopleFilter
from uncounted.web.labels import Labels, field_captions
from uncounted.web.paging import PAGE_SIZE, Paging
from uncounted.web.routes.evidence import evidence_on_page
from uncounted.web.routes.revisions import may_edit
from uncounted.web.search_form import kept, search_of
from uncounted.web.search_ready import waiting_page
from uncounted.web.shell import Signed

router = APIRouter()


def identity_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    """Captions of the fields a person's page may show, in the user's language."""
    return field_captions(gettext)


@router.get("/people", response_class=HTMLResponse)
def people_list(  # one parameter per filter of the form
    request: Request,
    signed: Signed,
    search: str = "",
    role: str = "",
    sex: str = "",
    event_type: str = "",
    district: str = "",
    source: str = "",
    case: str = "",
    event: str = "",
    page: int = 1,
    attached: int = 0,
) -> Response:
    """*case* in the address is a case page's link to its people, by the case's number (never
    its name); the filter form keeps the case typed in the session
    (:mod:`uncounted.web.search_form`)."""
    paging = Paging.at(page)
    searched = search_of(signed, search)
    if (waiting := waiting_page(request, signed, searched.text)) is not None:
        return waiting
    number = "" if searched.get("case") else case  # the next page carries it on
    with signed.lock:
        named = cases.case_named_by(signed.vault, number) if number else ""
        typed = searched.get("case") or named
        filters = PeopleFilter(searched.text, role, sex, event_type, district, source, typed, event)
        found = people.find_people(signed.vault, filters, paging.limit, paging.offset)
        rows = found.views
        shown = (  # an event's page: the evidence of everyone in it
            evidence_on_page(
                signed, f"/people?event={quote(event)}", paging.rows(rows), event=event
            )
            if event
            else {}
        )
    return signed.render(
        request,
        "people.html",
        rows=paging.rows(rows),
        more=paging.more(rows),
        page=paging.number,
        labels=Labels(signed.session.language),
        query=filters,
        search=searched,
        found=found,
        filtered=filters != PeopleFilter(),
        attached=attached,
        case_number=number,
        **shown,
    )


#: the list's filter form: its search text kept in the session, the list shown with a token
router.post("/people", response_class=HTMLResponse)(kept)


@router.get("/people/{record_id}", response_class=HTMLResponse)
def person_page(
    request: Request, signed: Signed, record_id: str, recorded: int = 0, attached: int = 0
) -> Response:
    with signed.lock:
        person = people.show_person(signed.vault, record_id)
        case_number = cases.case_number(signed.vault, person.case)
        on_register = register.person_of(signed.vault, record_id)
        attach_to = [person]
        event = person.analytic.get("event_id")
        if recorded > 1 and event:  # just recorded: files may be about anyone in the testimony
            together = people.list_people(signed.vault, PeopleFilter(event_id=event), PAGE_SIZE)
            attach_to += [other for other in together if other.record_id != person.record_id]
        back = f"/people/{quote(record_id)}"
        shown = evidence_on_page(signed, back, attach_to, records=[record_id])
    _ = signed.gettext
    message = (
        _("The testimony was recorded. People in it: %(count)s.") % {"count": recorded}
        if recorded > 0
        else None
    )
    return signed.render(
        request,
        "person.html",
        person=person,
        labels=Labels(signed.session.language),
        message=message,
        happened=records.what_happened(person),
        event_fields=records.EVENT_IDENTITY_FIELDS,
        attached=attached,
        may=may_edit(signed),
        on_register=on_register,
        case_number=case_number,
        **shown,
    )


@router.get("/events", response_class=HTMLResponse)
def event_list(
    request: Request,
    signed: Signed,
    event_type: str = "",
    district: str = "",
    search: str = "",
    page: int = 1,
) -> Response:
    """The case typed in the filter is kept in the session (:mod:`uncounted.web.search_form`)."""
    paging = Paging.at(page)
    searched = search_of(signed, search)
    case = searched.get("case")
    filters = EventFilter(event_type or None, district or None, case=case or None)
    with signed.lock:
        rows = people.list_events(signed.vault, filters, paging.limit, paging.offset)
    return signed.render(
        request,
        "events.html",
        rows=paging.rows(rows),
        more=paging.more(rows),
        page=paging.number,
        labels=Labels(signed.session.language),
        query={"event_type": event_type, "district": district, "case": case},
        search=searched,
    )


#: the list's filter form: the case typed kept in the session, the list shown with a token
router.post("/events", response_class=HTMLResponse)(kept)


@router.get("/sources", response_class=HTMLResponse)
def source_list(request: Request, signed: Signed) -> Response:
    with signed.lock:
        rows = people.list_sources(signed.vault)
    return signed.render(request, "sources.html", rows=rows, labels=Labels(signed.session.language))
