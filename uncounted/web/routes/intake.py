"""The guided testimony form: the event, the people in it, what was done, by whom, the source.

The page works without JavaScript: the form offers a few person rows, and a second submit
button redisplays it, as typed, with more. Nothing is recorded until every field checks out;
problems are shown next to each field.

Never lose a call: with JavaScript, what is typed is sent as it is typed to
``POST /testimony/draft`` and kept in the vault, sealed under the user's own key (nothing in
the browser's storage). The form comes back from it after a time-out and a new sign-in, a
language switch or a crash, until the testimony is recorded or the user starts afresh.
Enter in a one-line field never submits the form (a disabled first submit button, the form's
default, takes the implicit submission; no script needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from uncounted.messages import translated
from uncounted.services import cases, testimonies
from uncounted.services import people as registry
from uncounted.services.permissions import Action, may
from uncounted.services.testimonies import IntakeForm, IntakePerson, IntakeRejected
from uncounted.web.labels import Labels
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect
from uncounted.web.timestamps import when, zone_of

router = APIRouter()

DEFAULT_PEOPLE = 3
#: Person rows of a new form: the victim and the relative who calls, the usual hotline call;
#: "Add another person" adds one at a time.
FIRST_PEOPLE = 2
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
    "detained_from",
    "detained_until",
    "detention_place",
    "detention_kind",
)
#: Each person's repeated rows, added one at a time: (hidden count field, its fields, button).
#: An act row is one select (``people-0-act_type-0``); a status or intervention row is a
#: select and its date (``people-0-status-0``, ``people-0-status_date-0``).
_REPEATED = {
    "acts": ("act_type",),
    "statuses": ("status", "status_date"),
    "interventions": ("intervention", "intervention_date"),
}
MAX_REPEATS = 12
#: An event's perpetrator rows: the first is ``perpetrator_type``/``perpetrator_unit``, the
#: next ``perpetrator_type-1``/``perpetrator_unit-1`` ("Add another perpetrator").
_PERPETRATOR_FIELDS = ("perpetrator_type", "perpetrator_unit")


_FORM_FIELDS = (
    "case",
    "source",
    "source_type",
    "event_type",
    "event_date",
    "place",
    "place_text",
    "perpetrator_type",
    "perpetrator_unit",
    "testimony",
)


def _repeats(data: FormData | Mapping[str, Any], name: str) -> int:
    """How many rows of a repeated part the form showed (at least one, at most a dozen)."""
    try:
        return min(max(int(str(data.get(name) or 1)), 1), MAX_REPEATS)
    except ValueError:
        return 1


def _person_names(data: FormData | Mapping[str, Any], i: int) -> list[str]:
    """The names of person *i*'s fields, its repeated rows and their counts included."""
    names = [f"people-{i}-{f}" for f in _PERSON_FIELDS]
    for part, fields in _REPEATED.items():
        count = f"people-{i}-{part}"
        names.append(count)
        names += [f"people-{i}-{f}-{j}" for j in range(_repeats(data, count)) for f in fields]
    return names


def _perpetrator_names(data: FormData | Mapping[str, Any]) -> list[str]:
    """The names of the second and further perpetrator rows' fields and their count."""
    more = range(1, _repeats(data, "perpetrators"))
    return ["perpetrators", *(f"{f}-{j}" for j in more for f in _PERPETRATOR_FIELDS)]


def _typed(data: FormData | Mapping[str, Any]) -> dict[str, str]:
    """The form's own fields in *data* as typed (the token and buttons left out)."""
    rows = _rows(str(data.get("rows") or ""))
    names = [*_FORM_FIELDS, *_perpetrator_names(data)]
    names += [n for i in range(rows) for n in _person_names(data, i)]
    typed = {name: data.get(name) for name in names}
    return {"rows": str(rows)} | {k: v for k, v in typed.items() if isinstance(v, str)}


def _person_from(data: FormData | Mapping[str, Any], i: int) -> IntakePerson:
    def text(name: str) -> str:
        value = data.get(f"people-{i}-{name}", "")
        return value if isinstance(value, str) else ""

    def rows(part: str) -> range:
        return range(_repeats(data, f"people-{i}-{part}"))

    return IntakePerson(
        **{field: text(field) for field in _PERSON_FIELDS},
        acts=tuple(text(f"act_type-{j}") for j in rows("acts")),
        statuses=tuple((text(f"status_date-{j}"), text(f"status-{j}")) for j in rows("statuses")),
        interventions=tuple(
            (text(f"intervention_date-{j}"), text(f"intervention-{j}"))
            for j in rows("interventions")
        ),
    )


def _with_row_added(form: IntakeForm, action: str) -> IntakeForm | None:
    """*form* with one more act, status or intervention row for the person *action* names
    (``act-0``, ``status-1``, ``intervention-0``); None when *action* names none."""
    if action == "perpetrator":
        if len(form.more_perpetrators) + 1 >= MAX_REPEATS:
            return None
        return replace(form, more_perpetrators=(*form.more_perpetrators, ("", "")))
    part, _, index = action.partition("-")
    if not index.isdigit() or int(index) >= len(form.people):
        return None
    person = form.people[int(index)]
    if part == "act" and len(person.acts) < MAX_REPEATS:
        person = replace(person, acts=(*person.acts, ""))
    elif part == "status" and len(person.statuses) < MAX_REPEATS:
        person = replace(person, statuses=(*person.statuses, ("", "")))
    elif part == "intervention" and len(person.interventions) < MAX_REPEATS:
        person = replace(person, interventions=(*person.interventions, ("", "")))
    else:
        return None
    people = list(form.people)
    people[int(index)] = person
    return replace(form, people=tuple(people))


_DETENTION = ("detained_from", "detained_until", "detention_place", "detention_kind", "status")


def _opened(form: IntakeForm, errors: Mapping[str, object], added: bool | str) -> set[str]:
    """Which folded parts of the form show open (``detention-0``, ``help-1``): those with
    anything typed in them, a problem, or a row just added; the rest stay folded."""
    opened = set()
    for i, person in enumerate(form.people):
        wrong = [name.removeprefix(f"people-{i}-") for name in errors]
        detention = (
            person.detained_from,
            person.detained_until,
            person.detention_place,
            person.detention_kind,
            *(code for _, code in person.statuses),
        )
        if any(v.strip() for v in detention) or any(w.startswith(_DETENTION) for w in wrong):
            opened.add(f"detention-{i}")
        if added == f"status-{i}":
            opened.add(f"detention-{i}")
        helped = any(code.strip() for _, code in person.interventions)
        if helped or added == f"intervention-{i}" or any(w.startswith("interv") for w in wrong):
            opened.add(f"help-{i}")
    return opened


def _form_from(data: FormData | Mapping[str, Any], rows: int) -> IntakeForm:
    def text(name: str, default: str = "") -> str:
        value = data.get(name, default)
        return value if isinstance(value, str) else default

    people = tuple(_person_from(data, i) for i in range(rows))
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
        more_perpetrators=tuple(
            (text(f"perpetrator_type-{j}"), text(f"perpetrator_unit-{j}"))
            for j in range(1, _repeats(data, "perpetrators"))
        ),
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
    restored: str | None = None,
    added: bool | str = False,
) -> Response:
    """The form page; *added* is True when a person row was just added, or names the act,
    status or intervention row just added (``act-0``), which then takes the focus."""
    with signed.lock:
        held = [case.name for case in cases.list_case_details(signed.vault) if case.holds_key]
        lists = [source.name for source in registry.list_sources(signed.vault)]
    labels = Labels(signed.session.language)
    return signed.render(
        request,
        "intake.html",
        status,
        form=form,
        errors={field: translated(text, signed.gettext) for field, text in errors.items()},
        labels=labels,
        case_names=held,
        source_names=lists,
        restored=restored,
        added=added,
        opened=_opened(form, errors, added),
    )


@router.get("/testimony", response_class=HTMLResponse)
def intake_form(request: Request, signed: Signed, people: str = "") -> Response:
    draft = None
    if may(signed.vault, Action.RECORDS_CREATE):
        with signed.lock:
            draft = testimonies.testimony_draft(signed.vault)
    if draft is not None:
        form = _form_from(draft.fields, _rows(draft.fields.get("rows")))
        saved = when(draft.saved_at, signed.session.language, zone_of(request))
        return _page(request, signed, form, {}, restored=saved)
    rows = _rows(people or FIRST_PEOPLE)
    chosen: dict[str, str] = {}
    if may(signed.vault, Action.RECORDS_CREATE):
        with signed.lock:
            chosen = testimonies.remembered_choices(signed.vault)
    form = IntakeForm(
        people=tuple(IntakePerson() for _ in range(rows)),
        case=chosen.get("case", ""),
        source=chosen.get("source") or "hotline",
        source_type=chosen.get("source_type") or IntakeForm.source_type,
    )
    return _page(request, signed, form, {})


@router.post("/testimony/draft")
async def save_draft(request: Request, signed: SignedForm) -> Response:
    """Keep what is typed so far (sent by the page as it is typed); 204, nothing shown."""
    typed = _typed(await request.form())

    def keep() -> None:
        with signed.lock:
            testimonies.save_testimony_draft(signed.vault, typed)

    await run_in_threadpool(keep)
    return Response(status_code=204)


@router.post("/testimony/draft/discard")
def discard_draft(signed: SignedForm) -> Response:
    """Forget the kept draft and show an empty form ("Start afresh")."""
    with signed.lock:
        testimonies.discard_testimony_draft(signed.vault)
    return redirect("/testimony")


@router.post("/testimony", response_class=HTMLResponse)
async def record_testimony(request: Request, signed: Signed) -> Response:
    # The form is read here (not by a dependency), so it is closed here: a file part sent to this
    # page would otherwise leave Starlette's spooled temporary file open until collected.
    async with request.form() as data:
        return await _record_testimony(request, signed, data)


async def _record_testimony(request: Request, signed: SignedIn, data: FormData) -> Response:
    token = data.get("csrf_token")
    signed.shell.check_csrf(signed.session, token if isinstance(token, str) else None)
    rows = data.get("rows")
    form = _form_from(data, _rows(rows if isinstance(rows, str) else None))
    action = data.get("action")
    if action == "more":
        # more person rows, keeping what was typed (in the draft too)
        await run_in_threadpool(_keep_quietly, signed, _typed(data))
        rows_now = (*form.people, IntakePerson())[:MAX_PEOPLE]
        more = replace(form, people=rows_now)
        return await run_in_threadpool(_page, request, signed, more, {}, 200, None, True)
    if isinstance(action, str) and (grown := _with_row_added(form, action)) is not None:
        # one more act, status or intervention for one person, focused where it was added
        await run_in_threadpool(_keep_quietly, signed, _typed(data))
        return await run_in_threadpool(_page, request, signed, grown, {}, 200, None, action)

    def store() -> list[str]:
        with signed.lock:
            ids = testimonies.record_testimony(signed.vault, form)
            testimonies.discard_testimony_draft(signed.vault)
            testimonies.remember_choices(signed.vault, form)
            return ids

    try:
        ids = await run_in_threadpool(store)
    except IntakeRejected as rejected:
        return await run_in_threadpool(_page, request, signed, form, rejected.errors, 400)
    return redirect(f"/people/{ids[0]}?recorded={len(ids)}")


def _keep_quietly(signed: SignedIn, typed: Mapping[str, str]) -> None:
    """Keep *typed* as the draft when this user may record testimonies (else nothing)."""
    if may(signed.vault, Action.RECORDS_CREATE):
        with signed.lock:
            testimonies.save_testimony_draft(signed.vault, typed)
