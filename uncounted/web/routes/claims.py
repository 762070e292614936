"""Official claims (denials, acknowledgements...) set against the documented events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.messages import translated
from uncounted.services import claims
from uncounted.services.claims import ClaimForm, ClaimRejected
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect

router = APIRouter()


def _page(
    request: Request,
    signed: SignedIn,
    claim_type: str = "",
    form: ClaimForm | None = None,
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> Response:
    with signed.lock:
        rows = claims.list_claims(signed.vault, claim_type or None)
    return signed.render(
        request,
        "claims.html",
        status,
        rows=rows,
        labels=Labels(signed.session.language),
        claim_type=claim_type,
        form=form or ClaimForm(),
        errors={field: translated(text, signed.gettext) for field, text in (errors or {}).items()},
        may_add=may(signed.vault, Action.RECORDS_CREATE),
    )


@router.get("/claims", response_class=HTMLResponse)
def claim_list(request: Request, signed: Signed, claim_type: str = "") -> Response:
    return _page(request, signed, claim_type)


@router.post("/claims", response_class=HTMLResponse)
def add_claim(  # one parameter per field of the form
    request: Request,
    signed: SignedForm,
    claim_type: str = Form(""),
    speaker: str = Form(""),
    speaker_office: str = Form(""),
    date: str = Form(""),
    statement: str = Form(""),
    reference: str = Form(""),
    event_types: Annotated[list[str] | None, Form()] = None,
) -> Response:
    form = ClaimForm(
        claim_type,
        speaker,
        speaker_office,
        date,
        statement,
        reference,
        tuple(event_types or ()),
    )
    try:
        with signed.lock:
            claims.record_claim(signed.vault, form)
    except ClaimRejected as rejected:
        return _page(request, signed, "", form, rejected.errors, 400)
    return redirect("/claims")
