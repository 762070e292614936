"""Recording one testimony: an event, the people in it, what was done to them, and its source.

A testimony becomes one vault record per person named in it (the unit linkage and estimation
count), all sharing a random event id so the event can be listed with its people. Identity
fields (names, birth date, age, contact, address, the testimony, the exact date and place,
the perpetrator units as told (one a line), the detention's dates and place, the dated status
history and interventions) are sealed by the vault; role, sex, the acts, the current status,
the kind of place of detention, the kinds of intervention and the perpetrator types
(``|``-separated) are analytic (codes, stored like the event type inside the encrypted
database: counting needs them).
Every field is checked before anything is stored, and every problem is reported at
once, keyed by the form field it concerns, so a caseworker fixes the form in one pass.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypedDict

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.linkage import place_code
from uncounted.messages import N_, Message
from uncounted.model import (
    MAX_AGE,
    MAX_SHORT,
    MAX_TEXT,
    InvalidValue,
    PartialDate,
    Record,
    dated_codes_text,
    load,
    places,
)
from uncounted.services._form_messages import (
    CONTROL_CHARACTERS,
    MISSING,
    NOT_A_DATE,
    NOT_AN_AGE,
    TOO_LONG,
    UNKNOWN_CHOICE,
    reason_of,
)
from uncounted.services.records import draft_from_record
from uncounted.vault import (
    Action,
    BadCaseName,
    CaseNotFound,
    VaultSession,
    check_case_name,
    held_key,
    require_case,
)

__all__ = [
    "INTAKE_MESSAGES",
    "TESTIMONY_FORM",
    "IntakeForm",
    "IntakePerson",
    "IntakeRejected",
    "discard_testimony_draft",
    "record_testimony",
    "remember_choices",
    "remembered_choices",
    "save_testimony_draft",
    "testimony_draft",
]

NO_PERSON = N_("Name at least one person, or give their age or contact.")
BAD_CASE = N_("A case name needs 1 to 100 printable characters.")
NOT_GRANTED = N_("You hold no grant of this case: choose another, or ask an administrator.")
ENDS_BEFORE_START = N_("The release date lies before the date of detention.")
INTAKE_MESSAGES = (
    MISSING,
    NOT_A_DATE,
    NOT_AN_AGE,
    UNKNOWN_CHOICE,
    TOO_LONG,
    CONTROL_CHARACTERS,
    NO_PERSON,
    BAD_CASE,
    NOT_GRANTED,
    ENDS_BEFORE_START,
)
"""The form's own per-field messages (templates; a refused value may also carry the model's
reason). None repeats what was typed."""


#: Acts that make a relative named in a testimony a victim in their own right: they are
#: counted as victims of a threat to relatives (the event type below), never of the event the
#: testimony is about (docs/counting.md).
THREATS_TO_RELATIVES = frozenset({"threat_to_family", "death_threat"})
THREAT_TO_RELATIVES = "threat_to_relatives"


@dataclass(frozen=True)
class IntakePerson:
    """One person named in a testimony, as typed into the form (all text)."""

    role: str = ""
    """Chosen for each person, never assumed: only victims are counted (docs/counting.md)."""
    name: str = ""
    name_original: str = ""
    birth_date: str = ""
    age: str = ""
    sex: str = ""
    contact: str = ""
    address: str = ""
    acts: tuple[str, ...] = ()
    """What was done to this person, one act type code each (several: arrest, beating...)."""
    detained_from: str = ""
    detained_until: str = ""
    detention_place: str = ""
    """A gazetteer code: where the person was held."""
    detention_kind: str = ""
    """A ``location_types`` code: police station, prison, unofficial place of detention..."""
    statuses: tuple[tuple[str, str], ...] = ()
    """What became of the person, oldest first: (date as typed, ``victim_statuses`` code)."""
    interventions: tuple[tuple[str, str], ...] = ()
    """What was done for them: (date as typed, ``intervention_types`` code), on their case."""

    def is_blank(self) -> bool:
        """True when nothing identifies this person (an unused row of the form)."""
        return not any(
            value.strip()
            for value in (
                self.name,
                self.name_original,
                self.birth_date,
                self.age,
                self.contact,
                self.address,
            )
        )


@dataclass(frozen=True)
class IntakeForm:
    """A testimony as typed into the intake form (all text; checked by record_testimony)."""

    case: str = ""
    source: str = ""
    source_type: str = "hotline_testimony"
    event_type: str = ""
    event_date: str = ""
    place: str = ""
    place_text: str = ""
    perpetrator_type: str = ""
    perpetrator_unit: str = ""
    testimony: str = ""
    #: Further perpetrators of the event, each ``(type, unit as told)``: the form's
    #: ``perpetrator_type-1``/``perpetrator_unit-1``... rows after the first.
    more_perpetrators: tuple[tuple[str, str], ...] = ()
    people: tuple[IntakePerson, ...] = ()


class IntakeRejected(InputError):
    """Raised when a testimony form has problems; ``errors`` maps form field to message.

    Field names are those of the form: ``event_date``, ``people-0-name``, ... Messages are
    templates (:data:`INTAKE_MESSAGES`, or the model's reason for a refused value); none repeats
    what was typed. Shells show them with :meth:`Message.translated`.
    """

    def __init__(self, errors: dict[str, Message]) -> None:
        super().__init__(
            N_("the testimony was not recorded: check the fields {fields}"),
            fields=", ".join(sorted(errors)),
        )
        self.errors = errors


class _Checker:
    """Collects per-field problems while turning form text into typed values."""

    def __init__(self) -> None:
        self.errors: dict[str, Message] = {}

    def text(self, field: str, value: str, limit: int = MAX_SHORT) -> str | None:
        cleaned = value.strip()
        if not cleaned:
            return None
        if len(cleaned) > limit:
            self.errors[field] = TOO_LONG
        return cleaned

    def required(self, field: str, value: str) -> str:
        cleaned = self.text(field, value) or ""
        if not cleaned:
            self.errors[field] = MISSING
        return cleaned

    def code(self, field: str, value: str, vocabulary: str, required: bool = False) -> str | None:
        cleaned = value.strip()
        if not cleaned:
            if required:
                self.errors[field] = MISSING
            return None
        known = places() if vocabulary == "places" else load(vocabulary)
        if cleaned not in known:
            self.errors[field] = UNKNOWN_CHOICE
            return None
        return cleaned

    def date(self, field: str, value: str) -> PartialDate | None:
        if not value.strip():
            return None
        try:
            return PartialDate.parse(value)
        except InvalidValue:
            self.errors[field] = NOT_A_DATE
            return None

    def age(self, field: str, value: str) -> int | None:
        cleaned = value.strip()
        if not cleaned:
            return None
        if not cleaned.isdigit() or not 0 <= int(cleaned) <= MAX_AGE:
            self.errors[field] = NOT_AN_AGE
            return None
        return int(cleaned)


class _PersonValues(TypedDict):
    """One person's checked form values, named as :class:`Record`'s fields."""

    role: str | None
    sex: str | None
    name: str | None
    name_original: str | None
    birth_date: PartialDate | None
    age: int | None
    contact: str | None
    address: str | None


_PERSON_FIELDS = frozenset(_PersonValues.__annotations__)


@dataclass(frozen=True)
class _EventOfPerson:
    """One person's checked acts, detention, status history and interventions."""

    acts: tuple[str, ...]
    detained_from: PartialDate | None
    detained_until: PartialDate | None
    detention_place: str | None
    detention_kind: str | None
    statuses: tuple[tuple[PartialDate | None, str], ...]
    interventions: tuple[tuple[PartialDate | None, str], ...]

    def analytic(self) -> dict[str, str]:
        """The codes counting needs (stored like the event type, unsealed)."""
        values = {
            "act_types": "|".join(self.acts),
            "status": self.statuses[-1][1] if self.statuses else "",
            "detention_kind": self.detention_kind or "",
            "intervention_types": "|".join(code for _, code in self.interventions),
        }
        return {name: value for name, value in values.items() if value}

    def identity(self) -> dict[str, str]:
        """Dates and the exact place (sealed, like the event's own date and place)."""
        values = {
            "detained_from": str(self.detained_from or ""),
            "detained_until": str(self.detained_until or ""),
            "detention_place": self.detention_place or "",
            "status_history": dated_codes_text(self.statuses),
            "interventions": dated_codes_text(self.interventions),
        }
        return {name: value for name, value in values.items() if value}


def _dated(
    check: _Checker, field: str, pairs: tuple[tuple[str, str], ...], vocabulary: str
) -> tuple[tuple[PartialDate | None, str], ...]:
    kept: list[tuple[PartialDate | None, str]] = []
    for j, (when, code) in enumerate(pairs):
        chosen = check.code(f"{field}-{j}", code, vocabulary)
        date = check.date(f"{field}_date-{j}", when)
        if chosen is None and date is not None:
            check.errors[f"{field}-{j}"] = MISSING
        if chosen is not None:
            kept.append((date, chosen))
    return tuple(kept)


def _event_of(check: _Checker, prefix: str, person: IntakePerson) -> _EventOfPerson:
    acts = [
        check.code(f"{prefix}act_type-{j}", code, "act_types") for j, code in enumerate(person.acts)
    ]
    start = check.date(prefix + "detained_from", person.detained_from)
    end = check.date(prefix + "detained_until", person.detained_until)
    if start is not None and end is not None and end.surely_before(start):
        check.errors[prefix + "detained_until"] = ENDS_BEFORE_START
    return _EventOfPerson(
        acts=tuple(dict.fromkeys(code for code in acts if code)),
        detained_from=start,
        detained_until=end,
        detention_place=check.code(prefix + "detention_place", person.detention_place, "places"),
        detention_kind=check.code(
            prefix + "detention_kind", person.detention_kind, "location_types"
        ),
        statuses=_dated(check, prefix + "status", person.statuses, "victim_statuses"),
        interventions=_dated(
            check, prefix + "intervention", person.interventions, "intervention_types"
        ),
    )


def told_place(told: str) -> str | None:
    """The place the words typed as "The place as told" name, for a testimony whose "Where"
    was left "Not known": a caseworker typing "Shali", "Chali" or "Шали" there saw the record's
    district "Not known" (and the report counted it nowhere) while an imported list's row with
    the same words was Shali's. The same reading as the import's (:func:`place_code`, the one
    rule); words naming no place, or several, leave the place unknown, and the words are kept
    as told either way. An edit of the words reads them again (``revisions``)."""
    return place_code(told.strip()) if told.strip() else None


def _detained_from_the_event(
    check: _Checker, prefix: str, form: IntakeForm, event: _EventOfPerson
) -> _EventOfPerson:
    """A default that saves a step of the call: when the event is a detention and something of
    this person's detention is told (its end, place or kind) but not its start, it started on
    the event's date."""
    told = event.detained_until or event.detention_place or event.detention_kind
    if event.detained_from is not None or not told or form.event_type.strip() != "detention":
        return event
    start = check.date("event_date", form.event_date)
    ends = event.detained_until
    if start is not None and ends is not None and ends.surely_before(start):
        check.errors[prefix + "detained_until"] = ENDS_BEFORE_START
    return replace(event, detained_from=start)


def _record(
    check: _Checker, form: IntakeForm, index: int, person: IntakePerson, event_id: str
) -> tuple[Record, _EventOfPerson] | None:
    prefix = f"people-{index}-"
    values: _PersonValues = {
        "role": check.code(prefix + "role", person.role, "roles", required=True),
        "sex": check.code(prefix + "sex", person.sex, "sex"),
        "name": check.text(prefix + "name", person.name),
        "name_original": check.text(prefix + "name_original", person.name_original),
        "birth_date": check.date(prefix + "birth_date", person.birth_date),
        "age": check.age(prefix + "age", person.age),
        "contact": check.text(prefix + "contact", person.contact),
        "address": check.text(prefix + "address", person.address),
    }
    event = _event_of(check, prefix, person)
    event = _detained_from_the_event(check, prefix, form, event)
    if check.errors:
        return None
    try:
        record = Record(
            source=form.source.strip(),
            record_id=f"{event_id}-{index + 1}",
            case=form.case.strip(),
            event_type=form.event_type.strip(),
            event_date=PartialDate.parse(form.event_date) if form.event_date.strip() else None,
            place=form.place.strip() or told_place(form.place_text),
            place_text=form.place_text.strip() or None,
            testimony=form.testimony.strip() or None,
            **values,
        )
    except InvalidValue as error:
        field = prefix + error.field if error.field in _PERSON_FIELDS else error.field
        check.errors[field] = reason_of(error)
        return None
    return record, event


def _granted(vault: VaultSession, name: str) -> bool:
    """True when case *name* is new (you will hold its key) or you hold its key already."""
    try:
        case_id = require_case(vault, name)
    except CaseNotFound:
        return True
    return held_key(vault, case_id) is not None


def _check_event(vault: VaultSession, check: _Checker, form: IntakeForm) -> None:
    try:
        name = check_case_name(form.case)
    except BadCaseName:
        check.errors["case"] = MISSING if not form.case.strip() else BAD_CASE
    else:
        if not _granted(vault, name):
            check.errors["case"] = NOT_GRANTED
    check.required("source", form.source)
    check.code("source_type", form.source_type, "source_types", required=True)
    check.code("event_type", form.event_type, "event_types", required=True)
    check.date("event_date", form.event_date)
    check.code("place", form.place, "places")
    check.text("place_text", form.place_text)
    for j, (kind, unit) in enumerate(_perpetrators(form)):
        suffix = f"-{j}" if j else ""
        check.code("perpetrator_type" + suffix, kind, "perpetrator_types")
        check.text("perpetrator_unit" + suffix, unit)
    check.text("testimony", form.testimony, limit=MAX_TEXT)


def _perpetrators(form: IntakeForm) -> tuple[tuple[str, str], ...]:
    """Every perpetrator row of *form*, ``(type, unit as told)``, the first included. An event
    may have several (a police unit and a security service; docs/vault.md): the types are
    stored as codes separated by ``|``, the units as told one a line, sealed."""
    return ((form.perpetrator_type, form.perpetrator_unit), *form.more_perpetrators)


def record_testimony(vault: VaultSession, form: IntakeForm) -> list[str]:
    """Check *form* and store one record per person in it, all or none; return their ids.

    Raises :class:`IntakeRejected` naming every problem field. The case is created (its key
    held by you, every admin and the recovery key) when new; adding to an existing case needs
    a grant of it.
    """
    vault.require(Action.RECORDS_CREATE)
    check = _Checker()
    _check_event(vault, check, form)
    named = [(i, person) for i, person in enumerate(form.people) if not person.is_blank()]
    if not named:
        check.errors["people-0-name"] = NO_PERSON
    event_id = os.urandom(8).hex()
    built = [_record(check, form, i, person, event_id) for i, person in named]
    if check.errors:
        raise IntakeRejected(check.errors)
    drafts = []
    for built_one in built:
        assert built_one is not None  # every record was built when no error was found
        record, event = built_one
        draft = draft_from_record(record, case=record.case)
        analytic = dict(draft.analytic)
        analytic.update(event_id=event_id, source_type=form.source_type.strip())
        analytic.update(event.analytic())
        event_type = draft.event_type
        if analytic.get("role") == "relative" and THREATS_TO_RELATIVES & set(event.acts):
            # a threatened relative is a victim of the threat, not of the detention
            analytic.update(role="victim", role_as_told="relative")
            event_type = THREAT_TO_RELATIVES
        kinds = [kind.strip() for kind, _ in _perpetrators(form) if kind.strip()]
        if kinds:
            analytic["perpetrator_type"] = "|".join(dict.fromkeys(kinds))
        identity = dict(draft.identity) | event.identity()
        units = [unit.strip() for _, unit in _perpetrators(form) if unit.strip()]
        if units:
            identity["perpetrator_unit"] = "\n".join(dict.fromkeys(units))
        drafts.append(
            store.RecordDraft(
                case=draft.case,
                source=draft.source,
                source_record_id=record.record_id.rsplit("-", 1)[1],  # the person's place
                event_type=event_type,
                event_month=draft.event_month,
                district=draft.district,
                analytic=analytic,
                identity=identity,
            )
        )
    with store.transaction(vault.conn):  # the number is taken and used in one transaction
        number = f"T-{store.next_testimony_number(vault.conn)}"
        numbered = [replace(d, source_record_id=f"{number}-{d.source_record_id}") for d in drafts]
        return store.insert_records(vault, numbered)


#: The name under which the testimony form's draft is kept.
TESTIMONY_FORM = "testimony"
#: The most fields a draft keeps (the form has 11, and per person 12 and 2 or 3 for each act,
#: status and intervention row: at most 20 people).
MAX_DRAFT_FIELDS = 1000


def save_testimony_draft(vault: VaultSession, fields: Mapping[str, str]) -> str:
    """Keep *fields* (form field name to text, as typed) as this user's testimony draft, sealed
    under their own key; returns when it was saved. Nothing is checked but size: a draft is
    what was typed, mistakes included. Extra fields and overlong values are cut."""
    vault.require(Action.RECORDS_CREATE)
    kept = {
        str(name)[:MAX_SHORT]: str(value)[:MAX_TEXT]
        for name, value in list(fields.items())[:MAX_DRAFT_FIELDS]
    }
    return store.save_draft(vault, TESTIMONY_FORM, kept)


def testimony_draft(vault: VaultSession) -> store.Draft | None:
    """This user's testimony draft, if one is kept."""
    vault.require(Action.RECORDS_CREATE)
    return store.load_draft(vault, TESTIMONY_FORM)


def discard_testimony_draft(vault: VaultSession) -> None:
    """Forget this user's testimony draft (recorded, or started afresh)."""
    vault.require(Action.RECORDS_CREATE)
    store.discard_draft(vault, TESTIMONY_FORM)


#: Under which name the case and source of the user's last testimony are kept (sealed like a
#: draft), so that the next call starts with them: a hotline shift works one case and source.
CHOICES_FORM = "testimony-choices"


def remember_choices(vault: VaultSession, form: IntakeForm) -> None:
    """Keep the case and source of *form* (just recorded) for this user's next testimony."""
    vault.require(Action.RECORDS_CREATE)
    chosen = {"case": form.case, "source": form.source, "source_type": form.source_type}
    store.save_draft(vault, CHOICES_FORM, {name: value.strip() for name, value in chosen.items()})


def remembered_choices(vault: VaultSession) -> dict[str, str]:
    """The case and source of this user's last testimony (empty before the first)."""
    vault.require(Action.RECORDS_CREATE)
    kept = store.load_draft(vault, CHOICES_FORM)
    return kept.fields if kept is not None else {}
