"""Official claims: record a public statement and list them against the documentation."""

from __future__ import annotations

from dataclasses import dataclass

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.messages import N_, Message
from uncounted.model import MAX_SHORT, MAX_TEXT, Claim, InvalidValue, PartialDate, load
from uncounted.services._form_messages import (
    CONTROL_CHARACTERS,
    MISSING,
    NOT_A_DATE,
    TOO_LONG,
    UNKNOWN_CHOICE,
    reason_of,
)
from uncounted.vault import Action, ClaimRow, VaultSession

__all__ = ["ClaimForm", "ClaimRejected", "ClaimRow", "list_claims", "record_claim"]


@dataclass(frozen=True)
class ClaimForm:
    """A claim as typed into the form (text; checked by :func:`record_claim`)."""

    claim_type: str = ""
    speaker: str = ""
    speaker_office: str = ""
    date: str = ""
    statement: str = ""
    reference: str = ""
    event_types: tuple[str, ...] = ()


class ClaimRejected(InputError):
    """Raised when a claim form has problems; ``errors`` maps form field to a message template."""

    def __init__(self, errors: dict[str, Message]) -> None:
        super().__init__(
            N_("the claim was not recorded: check the fields {fields}"),
            fields=", ".join(sorted(errors)),
        )
        self.errors = errors


def _text(
    errors: dict[str, Message], field: str, value: str, limit: int, required: bool
) -> str | None:
    cleaned = value.strip()
    if not cleaned:
        if required:
            errors[field] = MISSING
        return None
    if len(cleaned) > limit:
        errors[field] = TOO_LONG
    elif not cleaned.isprintable() and field != "statement":
        errors[field] = CONTROL_CHARACTERS
    return cleaned


def record_claim(vault: VaultSession, form: ClaimForm) -> str:
    """Check and store a claim; return its id. Raises :class:`ClaimRejected` listing problems."""
    vault.require(Action.RECORDS_CREATE)
    errors: dict[str, Message] = {}
    if form.claim_type not in load("claim_types"):
        errors["claim_type"] = UNKNOWN_CHOICE if form.claim_type else MISSING
    speaker = _text(errors, "speaker", form.speaker, MAX_SHORT, required=True)
    office = _text(errors, "speaker_office", form.speaker_office, MAX_SHORT, required=False)
    statement = _text(errors, "statement", form.statement, MAX_TEXT, required=True)
    reference = _text(errors, "reference", form.reference, MAX_SHORT, required=False)
    date: PartialDate | None = None
    if not form.date.strip():
        errors["date"] = MISSING
    else:
        try:
            date = PartialDate.parse(form.date)
        except InvalidValue:
            errors["date"] = NOT_A_DATE
    known = load("event_types")
    if any(code not in known for code in form.event_types):
        errors["event_types"] = UNKNOWN_CHOICE
    if errors or date is None or speaker is None or statement is None:
        raise ClaimRejected(errors)
    try:
        claim = Claim(
            claim_id="new",
            claim_type=form.claim_type,
            speaker=speaker,
            date=date,
            statement=statement,
            speaker_office=office,
            reference=reference,
            event_types=frozenset(form.event_types),
        )
    except InvalidValue as error:
        raise ClaimRejected({error.field: reason_of(error)}) from None
    return store.insert_claim(vault, claim)


def list_claims(vault: VaultSession, claim_type: str | None = None) -> list[ClaimRow]:
    """Every claim, latest first, each with the number of people (victims, each once) documented
    for what it is about."""
    vault.require(Action.RECORDS_LIST)
    return store.list_claims(vault, claim_type)
