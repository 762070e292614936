"""Editing a record (a new revision, never an overwrite), its history, and withdrawal of consent.

The edit form is laid out like the testimony form (the same field macros, labels in the
user's language, no sideways scroll on a phone) and, like it, Enter in a one-line field never
submits it. The withdrawal page says in plain words what cannot be undone and asks for the
record's pseudonym to be typed: a tired person cannot confirm it by a stray click or Enter.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from uncounted.messages import translated
from uncounted.services import backups, records, revisions
from uncounted.services.permissions import Action, may
from uncounted.web.labels import FIELD_VOCABULARIES, Labels, field_captions
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect
from uncounted.web.timestamps import when, zone_of

router = APIRouter()

#: The order of the edit form's fields: the event, then the person, then the testimony.
_ORDER = (
    "event_type",
    "event_date",
    "place",
    "place_text",
    "act_types",
    "detained_from",
    "detained_until",
    "detention_place",
    "detention_kind",
    "status_history",
    "interventions",
    "perpetrator_type",
    "perpetrator_unit",
    "source_type",
    "role",
    "name",
    "name_original",
    "birth_date",
    "age",
    "sex",
    "contact",
    "address",
    "testimony",
)


#: The dated histories the edit form shows as rows of (a status or kind of help, since when).
_DATED = ("status_history", "interventions")
#: The most rows of a dated history the form sends back.
_MAX_ROWS = 50


def _rows(value: str) -> list[tuple[str, str]]:
    """(date, code) of each line of a stored history, and one empty row to add another."""
    pairs = []
    for line in value.splitlines():
        when, _, code = line.strip().rpartition(" ")
        if code:
            pairs.append((when, code))
    return [*pairs, ("", "")]


def _histories(data: FormData) -> dict[str, str]:
    """The dated histories as the form sent them (one select and one date a row), as the text
    the vault keeps: one ``[date ]code`` a line, rows without a code left out."""
    found = {}
    for name in _DATED:
        count = data.get(f"{name}-rows")
        if not isinstance(count, str) or not count.isdigit():
            continue
        lines = []
        for i in range(min(int(count), _MAX_ROWS)):
            code, when = data.get(f"{name}-code-{i}"), data.get(f"{name}-date-{i}")
            if isinstance(code, str) and code.strip():
                date = when.strip() if isinstance(when, str) else ""
                lines.append(f"{date} {code.strip()}".strip())
        found[name] = "\n".join(lines)
    return found


def _shown(values: dict[str, str]) -> dict[str, str]:
    """*values* without the ids that tie a record to its testimony inside the vault (a
    32-character code means nothing to the person reading the history)."""
    return {name: value for name, value in values.items() if name != "event_id"}


def _ordered(values: dict[str, str]) -> list[tuple[str, str]]:
    rank = {name: i for i, name in enumerate(_ORDER)}
    return sorted(values.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _edit_page(
    request: Request,
    signed: SignedIn,
    record: records.RecordView,
    values: dict[str, str],
    errors: dict[str, str],
    reason: str = "",
    status: int = 200,
    restored: str | None = None,
) -> Response:
    labels = Labels(signed.session.language)
    choices = {name: labels.choices(vocab) for name, vocab in FIELD_VOCABULARIES.items()}
    return signed.render(
        request,
        "record_edit.html",
        status,
        record=record,
        fields=_ordered(values),
        histories={name: _rows(values.get(name, "")) for name in _DATED},
        choices=choices,
        captions=field_captions(signed.gettext),
        errors=errors,
        reason=reason,
        restored=restored,
    )


@router.get("/records/{record_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, signed: Signed, record_id: str) -> Response:
    with signed.lock:
        values = revisions.editable_fields(signed.vault, record_id)
        record = records.show_record(signed.vault, record_id)
        draft = revisions.edit_draft(signed.vault, record_id)
    if draft is None:
        return _edit_page(request, signed, record, values, {})
    typed = {name: value for name, value in draft.fields.items() if name in values}
    saved = when(draft.saved_at, signed.session.language, zone_of(request))
    reason = draft.fields.get("reason", "")
    return _edit_page(request, signed, record, values | typed, {}, reason, restored=saved)


@router.post("/records/{record_id}/edit/draft")
async def save_draft(request: Request, signed: SignedForm, record_id: str) -> Response:
    """Keep what is typed so far (sent by the page as it is typed); 204, nothing shown."""
    async with request.form() as data:
        typed = {name: value for name, value in data.items() if isinstance(value, str)}
        for name in revisions.CODE_LISTS:
            if name in data:
                typed[name] = "|".join(str(code) for code in data.getlist(name))
        typed.update(_histories(data))

    def keep() -> None:
        with signed.lock:
            revisions.save_edit_draft(signed.vault, record_id, typed)

    await run_in_threadpool(keep)
    return Response(status_code=204)


@router.post("/records/{record_id}/edit/draft/discard")
def discard_draft(signed: SignedForm, record_id: str) -> Response:
    """Forget the kept draft and show the record's own values ("Start afresh")."""
    with signed.lock:
        revisions.discard_edit_draft(signed.vault, record_id)
    return redirect(f"/records/{record_id}/edit")


@router.post("/records/{record_id}/edit", response_class=HTMLResponse)
async def edit(request: Request, signed: Signed, record_id: str) -> Response:
    # read here and closed here (a file part would leave a spooled temporary file open)
    async with request.form() as data:
        return _edit(request, signed, record_id, data)


def _edit(request: Request, signed: SignedIn, record_id: str, data: FormData) -> Response:
    token = data.get("csrf_token")
    signed.shell.check_csrf(signed.session, token if isinstance(token, str) else None)
    reason_given = data.get("reason")
    reason = reason_given if isinstance(reason_given, str) else ""
    with signed.lock:
        current = revisions.editable_fields(signed.vault, record_id)
        typed = {name: value for name in current if isinstance(value := data.get(name), str)}
        for name in revisions.CODE_LISTS:  # checkboxes: none ticked sends nothing
            if name in current:
                typed[name] = "|".join(str(code) for code in data.getlist(name))
        typed.update({name: text for name, text in _histories(data).items() if name in current})
        changes = {name: value for name, value in typed.items() if value.strip() != current[name]}
        try:
            revisions.edit_record(
                signed.vault,
                record_id,
                changes,
                reason,
                whole_testimony=data.get("whole_testimony") == "1",
            )
        except revisions.EditRejected as rejected:
            record = records.show_record(signed.vault, record_id)
            errors = {
                name: translated(message, signed.gettext)
                for name, message in rejected.errors.items()
            }
            return _edit_page(request, signed, record, current | typed, errors, reason, status=400)
        except revisions.NothingChanged:
            revisions.discard_edit_draft(signed.vault, record_id)
            return redirect(f"/records/{record_id}?unchanged=1")  # said there: nothing saved
        revisions.discard_edit_draft(signed.vault, record_id)
    return redirect(f"/records/{record_id}/history")


@router.get("/records/{record_id}/history", response_class=HTMLResponse)
def history(request: Request, signed: Signed, record_id: str) -> Response:
    with signed.lock:
        record = records.show_record(signed.vault, record_id)
        found = revisions.record_history(signed.vault, record_id)
    zone, language = zone_of(request), signed.session.language
    changed = dict(
        (revision.number, sorted(fields.items()))
        for revision, fields in revisions.revision_changes(found)
    )
    entries = [
        {
            "number": revision.number,
            "when": when(revision.at, language, zone),
            "by": revision.by,
            "reason": revision.reason,
            "changed": changed.get(revision.number, []),
            "fields": _ordered(_shown(revision.fields())) if revision.number == 1 else [],
        }
        for revision in reversed(found)  # newest first
    ]
    return signed.render(
        request,
        "record_history.html",
        record=record,
        entries=entries,
        withdrawn=when(record.withdrawn_at, language, zone) if record.withdrawn_at else None,
        labels=Labels(language),
    )


@router.get("/records/{record_id}/withdraw", response_class=HTMLResponse)
def withdraw_form(request: Request, signed: Signed, record_id: str) -> Response:
    with signed.lock:
        impact = revisions.withdrawal_impact(signed.vault, record_id)
        record = records.show_record(signed.vault, record_id)
        made = _backups_made(signed)
    return signed.render(
        request, "record_withdraw.html", record=record, impact=impact, error="", backups_made=made
    )


def _backups_made(signed: SignedIn) -> int | None:
    """How many backups the vault made so far, for a user who makes them (else None)."""
    if not may(signed.vault, Action.BACKUP_CREATE):
        return None
    return len(backups.backups_made(signed.vault))


@router.post("/records/{record_id}/withdraw", response_class=HTMLResponse)
def withdraw(
    request: Request,
    signed: SignedForm,
    record_id: str,
    code: Annotated[str, Form()] = "",
) -> Response:
    with signed.lock:
        impact = revisions.withdrawal_impact(signed.vault, record_id)
        record = records.show_record(signed.vault, record_id)
        if code.strip().upper() != record.pseudonym:
            error = signed.gettext(
                "The code typed is not this record's: nothing was destroyed. Type %(code)s."
            ) % {"code": record.pseudonym}
            return signed.render(
                request,
                "record_withdraw.html",
                400,
                record=record,
                impact=impact,
                error=error,
                backups_made=_backups_made(signed),
            )
        revisions.withdraw_record(signed.vault, record_id)
    return redirect(f"/records/{record_id}")


def may_edit(signed: SignedIn) -> dict[str, bool]:
    """Which of this page's buttons the user's role may use (the service checks again)."""
    return {
        "edit": may(signed.vault, Action.RECORDS_EDIT),
        "withdraw": may(signed.vault, Action.RECORDS_WITHDRAW),
    }
