"""People, events and sources: lists with filters, and a person's page.

Names are shown only where the user holds the case key; everyone else sees the pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import people
from uncounted.services.people import EventFilter, PeopleFilter
from uncounted.web.labels import Labels
from uncounted.web.shell import Shell, vault_of

PAGE_SIZE = 50


def identity_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    """Captions of the sealed fields a person's page may show, in the user's language."""
    return {
        "name": gettext("Name"),
        "name_original": gettext("Name in another script"),
        "birth_date": gettext("Date of birth"),
        "age": gettext("Age"),
        "contact": gettext("Contact"),
        "address": gettext("Address"),
        "event_date": gettext("Date of the event"),
        "place": gettext("Place"),
        "place_text": gettext("The place as told"),
        "perpetrator_unit": gettext("Unit or official, as told"),
        "testimony": gettext("Testimony"),
    }


def register(app: FastAPI, shell: Shell) -> None:
    """Add the people, events and sources pages."""

    @app.get("/people", response_class=HTMLResponse)
    def people_list(  # one parameter per filter of the form
        request: Request,
        q: str = "",
        role: str = "",
        sex: str = "",
        event_type: str = "",
        district: str = "",
        source: str = "",
        case: str = "",
        event: str = "",
        page: int = 1,
    ) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        page = max(page, 1)
        filters = PeopleFilter(q, role, sex, event_type, district, source, case, event)
        with shell.lock(session):
            rows = people.list_people(vault, filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        return shell.render(
            request,
            "people.html",
            session,
            rows=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            page=page,
            labels=Labels(session.language),
            query=filters,
        )

    @app.get("/people/{record_id}", response_class=HTMLResponse)
    def person_page(request: Request, record_id: str, recorded: int = 0) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            person = people.show_person(vault, record_id)
        _ = shell.translator(request, session)
        message = (
            _.gettext("The testimony was recorded. People in it: %(count)s.") % {"count": recorded}
            if recorded > 0
            else None
        )
        return shell.render(
            request,
            "person.html",
            session,
            person=person,
            labels=Labels(session.language),
            captions=identity_labels(_.gettext),
            message=message,
        )

    @app.get("/events", response_class=HTMLResponse)
    def event_list(
        request: Request, event_type: str = "", district: str = "", case: str = "", page: int = 1
    ) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        page = max(page, 1)
        filters = EventFilter(event_type or None, district or None, case=case or None)
        with shell.lock(session):
            rows = people.list_events(vault, filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        return shell.render(
            request,
            "events.html",
            session,
            rows=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            page=page,
            labels=Labels(session.language),
            query={"event_type": event_type, "district": district, "case": case},
        )

    @app.get("/sources", response_class=HTMLResponse)
    def source_list(request: Request) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            rows = people.list_sources(vault)
        return shell.render(
            request, "sources.html", session, rows=rows, labels=Labels(session.language)
        )
