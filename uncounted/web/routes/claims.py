"""Official claims (denials, acknowledgements...) set against the documented events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import claims
from uncounted.services.claims import ClaimForm, ClaimRejected
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.shell import Shell, redirect, vault_of


def claim_messages(gettext: Callable[[str], str]) -> dict[str, str]:
    """The claim service's fixed messages in the user's language."""
    return {
        claims.MISSING: gettext("Fill in this field."),
        claims.NOT_A_DATE: gettext("Give a date as YYYY, YYYY-MM or YYYY-MM-DD (or DD.MM.YYYY)."),
        claims.UNKNOWN_CHOICE: gettext("Choose one of the listed options."),
        claims.TOO_LONG: gettext("This text is too long."),
        claims.CONTROL_CHARACTERS: gettext("This text contains invisible control characters."),
    }


def register(app: FastAPI, shell: Shell) -> None:
    """Add the claims page and its form."""

    def page(
        request: Request,
        claim_type: str = "",
        form: ClaimForm | None = None,
        errors: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            rows = claims.list_claims(vault, claim_type or None)
        messages = claim_messages(shell.translator(request, session).gettext)
        return shell.render(
            request,
            "claims.html",
            session,
            status,
            rows=rows,
            labels=Labels(session.language),
            claim_type=claim_type,
            form=form or ClaimForm(),
            errors={field: messages.get(text, text) for field, text in (errors or {}).items()},
            may_add=may(vault, Action.RECORDS_CREATE),
        )

    @app.get("/claims", response_class=HTMLResponse)
    def claim_list(request: Request, claim_type: str = "") -> Response:
        return page(request, claim_type)

    @app.post("/claims", response_class=HTMLResponse)
    def add_claim(  # one parameter per field of the form
        request: Request,
        claim_type: str = Form(""),
        speaker: str = Form(""),
        speaker_office: str = Form(""),
        date: str = Form(""),
        statement: str = Form(""),
        reference: str = Form(""),
        event_types: Annotated[list[str] | None, Form()] = None,
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
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
            with shell.lock(session):
                claims.record_claim(vault, form)
        except ClaimRejected as rejected:
            return page(request, "", form, rejected.errors, 400)
        return redirect("/claims")
