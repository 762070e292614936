"""The guided testimony form: the event, the people in it, what was done, by whom, the source.

One page without JavaScript: the form offers a few person rows, and a second submit button
redisplays it, as typed, with more. Nothing is stored until every field checks out; problems
are shown next to each field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from uncounted.messages import translated
from uncounted.services import cases, testimonies
from uncounted.services.testimonies import IntakeForm, IntakePerson, IntakeRejected
from uncounted.web.labels import Labels
from uncounted.web.shell import Signed, SignedIn, redirect

router = APIRouter()

DEFAULT_PEOPLE = 3
MAX_PEOPLE = 20
_PERSON_FIELDS = (
    "role",
    "name",
    "name_original",
    "birth_date",
    "age",
    "sex",
    "contact",
    "address",
    "act_type",
)


def _form_from(data: FormData, rows: int) -> IntakeForm:
    def text(name: str, default: str = "") -> str:
        value = data.get(name, default)
        return value if isinstance(value, str) else default

    people = tuple(
        IntakePerson(**{field: text(f"people-{i}-{field}") for field in _PERSON_FIELDS})
        for i in range(rows)
    )
    return IntakeForm(
        case=text("case"),
        source=text("source"),
        source_type=text("source_type"),
        event_type=text("event_type"),
        event_date=text("event_date"),
        place=text("place"),
        place_text=text("place_text"),
        perpetrator_type=text("perpetrator_type"),
        perpetrator_unit=text("perpetrator_unit"),
        testimony=text("testimony"),
        people=people,
    )


def _rows(requested: str | int | None) -> int:
    try:
        count = int(requested or DEFAULT_PEOPLE)
    except ValueError:
        count = DEFAULT_PEOPLE
    return min(max(count, 1), MAX_PEOPLE)


def _page(
    request: Request,
    signed: SignedIn,
    form: IntakeForm,
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    with signed.lock:
        held = [case.name for case in cases.list_case_details(signed.vault) if case.holds_key]
    labels = Labels(signed.session.language)
    return signed.render(
        request,
        "intake.html",
        status,
        form=form,
        errors={field: translated(text, signed.gettext) for field, text in errors.items()},
        labels=labels,
        case_names=held,
    )


@router.get("/testimony", response_class=HTMLResponse)
def intake_form(request: Request, signed: Signed, people: str = "") -> Response:
    rows = _rows(people)
    form = IntakeForm(people=tuple(IntakePerson() for _ in range(rows)), source="hotline")
    return _page(request, signed, form, {})


@router.post("/testimony", response_class=HTMLResponse)
async def record_testimony(request: Request, signed: Signed) -> Response:
    data = await request.form()
    token = data.get("csrf_token")
    signed.shell.check_csrf(signed.session, token if isinstance(token, str) else None)
    rows = data.get("rows")
    form = _form_from(data, _rows(rows if isinstance(rows, str) else None))
    if data.get("action") == "more":  # more person rows, keeping what was typed
        extra = tuple(IntakePerson() for _ in range(DEFAULT_PEOPLE))
        rows_now = (form.people + extra)[:MAX_PEOPLE]
        return await run_in_threadpool(_page, request, signed, replace(form, people=rows_now), {})

    def store() -> list[str]:
        with signed.lock:
            return testimonies.record_testimony(signed.vault, form)

    try:
        ids = await run_in_threadpool(store)
    except IntakeRejected as rejected:
        return await run_in_threadpool(_page, request, signed, form, rejected.errors, 400)
    return redirect(f"/people/{ids[0]}?recorded={len(ids)}")
