"""Editing a record (a new sealed revision, never an overwrite), its history, and withdrawal
of consent (the identity destroyed, a tombstone kept).

An edit is given as field name -> new text (an empty text removes the field), checked the way
the testimony form checks what is typed (every problem at once, keyed by field), and stored
by ``uncounted.vault`` as a new revision. The fields one may change are the record's own:
those of :class:`uncounted.model.Record` (the identity, the exact date and place, event type,
sex and role) and any other field the record already holds (the testimony form's act and
perpetrator, and whatever later forms add), never its case, list or record id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.messages import N_, Message
from uncounted.model import (
    MAX_SHORT,
    MAX_TEXT,
    InvalidValue,
    PartialDate,
    Record,
    dated_codes_text,
    parse_dated_codes,
    places,
)
from uncounted.services._form_messages import NOT_A_DATE, TOO_LONG, reason_of
from uncounted.services.permissions import may
from uncounted.services.testimonies import _Checker, told_place
from uncounted.vault import (
    Action,
    NotGranted,
    RecordDraft,
    RecordFilter,
    RecordView,
    RecordWithdrawn,
    Revision,
    VaultSession,
    Withdrawal,
)

__all__ = [
    "EDITABLE",
    "TESTIMONY_FIELDS",
    "EditRejected",
    "NothingChanged",
    "RecordWithdrawn",
    "Revision",
    "Withdrawal",
    "discard_edit_draft",
    "edit_draft",
    "edit_record",
    "editable_fields",
    "find_record",
    "history_opens",
    "record_history",
    "revision_changes",
    "save_edit_draft",
    "withdraw_record",
    "withdrawal_impact",
    "withdrawn_count",
]

#: Fields of a record that are never edited: where it belongs, and what is derived (the
#: current status and the kinds of help follow the dated histories they come from).
_FIXED = frozenset(
    {
        "record_id",
        "source",
        "case",
        "event_month",
        "district",
        "event_id",
        "role_as_told",
        "status",
        "intervention_types",
    }
)
#: Fields stored in the record's own columns or analytic fields, not sealed.
_ANALYTIC = frozenset(
    {
        "sex",
        "role",
        "act_type",
        "act_types",
        "perpetrator_type",
        "source_type",
        "detention_kind",
        "status",
        "intervention_types",
    }
)
#: Vocabularies of the fields that take one code (the model's own for Record's fields).
VOCABULARIES = {
    "event_type": "event_types",
    "sex": "sex",
    "role": "roles",
    "act_type": "act_types",
    "source_type": "source_types",
    "place": "places",
    "detention_kind": "location_types",
    "detention_place": "places",
}
#: Fields that take several codes, separated by ``|`` (``arrest|beating``).
CODE_LISTS = {"act_types": "act_types", "perpetrator_type": "perpetrator_types"}
#: Fields that hold several lines of text, one item a line (the perpetrator units as told).
TEXT_LISTS = frozenset({"perpetrator_unit"})
#: Dated histories, one ``[date ]code`` a line (``uncounted.model.parse_dated_codes``).
DATED = {"status_history": "victim_statuses", "interventions": "intervention_types"}
_DATES = frozenset({"birth_date", "event_date", "detained_from", "detained_until"})
EDITABLE = (
    *(f.name for f in fields(Record) if f.name not in _FIXED),
    "perpetrator_type",
    "perpetrator_unit",
    "act_types",
    "detained_from",
    "detained_until",
    "detention_place",
    "detention_kind",
    "status_history",
    "interventions",
)
"""Fields every record may be given; a record may also change any other field it holds."""

UNKNOWN_FIELD = N_("This record has no such field.")


class EditRejected(InputError):
    """Raised when an edit has problems; ``errors`` maps field name to message (templates)."""

    def __init__(self, errors: dict[str, Message]) -> None:
        first = sorted(errors)[0]
        super().__init__(
            N_("the record was not changed: field {field}: {reason}"),
            field=first,
            reason=errors[first],
        )
        self.errors = errors


class NothingChanged(InputError):
    """Raised when an edit gives every field the value it has already."""


@dataclass(frozen=True)
class _Current:
    view: RecordView
    values: dict[str, str]


def _current(vault: VaultSession, record_id: str) -> _Current:
    view = store.get_record(vault, record_id, reveal=True)
    if view.withdrawn_at is not None:
        raise RecordWithdrawn.of(record_id, view.withdrawn_at)
    if view.identity is None:
        raise NotGranted(
            N_("you hold no grant of case {case}: its records cannot be edited"), case=view.case
        )
    values = {"event_type": view.event_type or ""}
    values.update(view.analytic)
    values.update(view.identity)
    return _Current(view, {name: value for name, value in values.items() if value})


def find_record(vault: VaultSession, reference: str) -> str:
    """The id of the record *reference* names: its id, or its pseudonym (``ABCD-EFGH``)."""
    vault.require(Action.RECORDS_LIST)
    wanted = reference.strip()
    named = RecordFilter(matches=lambda view: wanted in (view.record_id, view.pseudonym))
    for view in store.list_records(vault, named, reveal=False):
        return view.record_id
    raise store.RecordNotFound(N_("there is no record {record!r} in this vault"), record=wanted)


def editable_fields(vault: VaultSession, record_id: str) -> dict[str, str]:
    """The fields of *record_id* one may edit, with their current values ("" when empty)."""
    vault.require(Action.RECORDS_EDIT)
    current = _current(vault, record_id)
    found = dict.fromkeys(EDITABLE, "")
    found.update({k: v for k, v in current.values.items() if k not in _FIXED})
    return found


def _check(values: dict[str, str], changes: Mapping[str, str], known: set[str]) -> dict[str, str]:
    """The record's values after *changes*, every problem collected (:class:`EditRejected`)."""
    check = _Checker()
    after = dict(values)
    for name, text in changes.items():
        if name in _FIXED or name not in known:
            check.errors[name] = UNKNOWN_FIELD
            continue
        after[name] = _value(check, name, text.strip())
    if "status_history" in changes and "status_history" not in check.errors:
        statuses = parse_dated_codes(after["status_history"], DATED["status_history"])
        after["status"] = statuses[-1][1] if statuses else ""
    if "interventions" in changes and "interventions" not in check.errors:
        helped = parse_dated_codes(after["interventions"], DATED["interventions"])
        after["intervention_types"] = "|".join(code for _, code in helped)
    if not check.errors:
        _place_as_told(values, changes, after)
        _check_record(check, after)
    if check.errors:
        raise EditRejected(check.errors)
    return {name: value for name, value in after.items() if value}


def _place_as_told(
    values: dict[str, str], changes: Mapping[str, str], after: dict[str, str]
) -> None:
    """The place (and so the district) an edit of the place as told gives, as a new record
    gets it (:func:`~uncounted.services.testimonies.told_place`): the words read into a place
    when no place is chosen. walkday5: "Chali" typed into a record's told place left its
    district "Not known", where a new testimony with the same words was Shali's. A place
    chosen in the edit, or chosen before (not the reading of the words it had), is kept."""
    if "place_text" not in changes and "place" not in changes:
        return
    place = after.get("place", "")
    if place and ("place" in changes or place != told_place(values.get("place_text", ""))):
        return
    after["place"] = told_place(after.get("place_text", "")) or ""


def _value(check: _Checker, name: str, value: str) -> str:
    """*value* of field *name* as stored ("" for none), a problem noted in *check*."""
    if name in VOCABULARIES:
        return check.code(name, value, VOCABULARIES[name], required=name == "event_type") or ""
    if name in _DATES:
        return str(check.date(name, value) or "")
    if name == "age":
        age = check.age(name, value)
        return "" if age is None else str(age)
    if name in CODE_LISTS:
        codes = [code for code in value.replace(",", "|").split("|") if code.strip()]
        known = [check.code(name, code, CODE_LISTS[name]) for code in codes]
        return "|".join(code for code in known if code)
    if name in TEXT_LISTS:
        items = [check.text(name, line) for line in value.replace("\r", "").split("\n")]
        return "\n".join(dict.fromkeys(item for item in items if item))
    if name in DATED:
        try:
            # one "[date ]code" a line; ";" separates lines too (one line on a command line)
            dated = value.replace(";", "\n")
            return dated_codes_text(parse_dated_codes(dated, DATED[name]))
        except InvalidValue as error:
            check.errors[name] = reason_of(error)
            return value
    return check.text(name, value, limit=MAX_TEXT if name == "testimony" else MAX_SHORT) or ""


def _check_record(check: _Checker, after: dict[str, str]) -> None:
    """What the model itself refuses (a birth after the event, ...), keyed by its field."""
    typed = {f.name for f in fields(Record)} - _FIXED
    given = {name: after.get(name) or None for name in typed}
    try:
        Record(
            source="edit",
            record_id="edit",
            event_date=_date(given.pop("event_date")),
            birth_date=_date(given.pop("birth_date")),
            age=int(age) if (age := given.pop("age")) else None,
            **given,  # text fields, checked by Record itself
        )
    except InvalidValue as error:
        check.errors[error.field] = reason_of(error)
    except ValueError:
        check.errors["birth_date"] = NOT_A_DATE


def _date(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _draft(view: RecordView, after: dict[str, str]) -> RecordDraft:
    """The stored form of *after*: columns and analytic fields in the clear, the rest sealed."""
    analytic = {
        name: value
        for name, value in after.items()
        if name in _ANALYTIC or name in view.analytic or name in {"event_id", "role_as_told"}
    }
    for name in ("event_id", "role_as_told"):
        if name in view.analytic:
            analytic[name] = view.analytic[name]
    identity = {
        name: value
        for name, value in after.items()
        if name not in analytic and name != "event_type"
    }
    event_date, place = after.get("event_date"), after.get("place")
    month = str(PartialDate.parse(event_date).to_month()) if event_date else None
    if event_date is None and "event_date" not in (view.identity or {}):
        month = view.event_month  # a list that gave only a month keeps it
    district = places().district_of(place) if place else None
    if place is None and "place" not in (view.identity or {}):
        district = view.district
    return RecordDraft(
        case=view.case,
        source=view.source,
        source_record_id=view.source_record_id,
        event_type=after.get("event_type"),
        event_month=month,
        district=district,
        analytic=analytic,
        identity=identity,
    )


#: The fields a testimony gives every person in it (the form's event and testimony parts).
TESTIMONY_FIELDS = frozenset(
    {
        "event_type",
        "event_date",
        "place",
        "place_text",
        "perpetrator_type",
        "perpetrator_unit",
        "testimony",
        "source_type",
    }
)


def edit_record(
    vault: VaultSession,
    record_id: str,
    changes: Mapping[str, str],
    reason: str = "",
    *,
    whole_testimony: bool = False,
) -> int:
    """Store *changes* (field -> text; "" removes) as a new revision of *record_id*, with the
    optional *reason* sealed with it; return the new revision's number.

    With *whole_testimony*, the changes to the testimony's own fields (:data:`TESTIMONY_FIELDS`:
    what happened, when, where, by whom, the testimony) are made to every other person of the
    same testimony too, each a new revision, all in one transaction (a relative counted as a
    victim of a threat keeps that event type).

    Needs ``records.edit`` and the grant of the record's case. Raises :class:`EditRejected`
    naming every problem field and :class:`NothingChanged` when nothing would change; the
    record is then left as it was. Audited (``records.edit``, naming the fields changed).
    """
    vault.require(Action.RECORDS_EDIT)
    if len(reason) > MAX_TEXT:
        raise EditRejected({"reason": TOO_LONG})
    current = _current(vault, record_id)
    edits = [_edit(current, changes)]
    event_id = current.view.analytic.get("event_id")
    shared = {name: text for name, text in changes.items() if name in TESTIMONY_FIELDS}
    if whole_testimony and event_id and shared:
        for view in store.list_records(
            vault, RecordFilter(analytic=(("event_id", event_id),)), reveal=True
        ):
            if view.record_id == record_id or view.withdrawn_at is not None:
                continue
            theirs = dict(shared)
            if "role_as_told" in view.analytic:
                theirs.pop("event_type", None)
            edits.append(_edit(_current(vault, view.record_id), theirs))
    if not edits[0][2]:
        raise NothingChanged(N_("nothing to change: every value given is the record's own"))
    changed = sorted({name for _, _, fields in edits for name in fields})
    return store.revise_records(
        vault,
        [(edited, draft) for edited, draft, fields in edits if fields],
        reason=reason.strip(),
        changed=changed,
    )[0]


def _edit(current: _Current, changes: Mapping[str, str]) -> tuple[str, RecordDraft, list[str]]:
    """(record id, the draft of its next revision, the names of the fields that change)."""
    known = set(EDITABLE) | set(current.values)
    after = _check(current.values, changes, known)
    changed = sorted(name for name in known if current.values.get(name, "") != after.get(name, ""))
    return current.view.record_id, _draft(current.view, after), changed


def history_opens(vault: VaultSession, record: RecordView) -> bool:
    """Whether :func:`record_history` would open *record* for this user: the role reads
    identities and the user holds the key of the record's case.

    A withdrawn record's identity opens for nobody, so a page cannot tell from it whether to
    offer the history; it asks here instead of offering a link that ends in "not permitted".
    """
    vault.require(Action.RECORDS_LIST)
    if not may(vault, Action.IDENTITY_READ):
        return False
    return store.held_key(vault, store.require_case(vault, record.case)) is not None


def record_history(vault: VaultSession, record_id: str) -> list[Revision]:
    """Every revision of *record_id*, oldest first; needs the grant of its case (audited as an
    identity read). A withdrawn record's revisions have no identity left."""
    vault.require(Action.IDENTITY_READ)
    return store.record_history(vault, record_id)


def revision_changes(
    revisions: list[Revision],
) -> list[tuple[Revision, dict[str, tuple[str, str]]]]:
    """Each revision after the first with its changed fields: name -> (before, after)."""
    return store.revision_changes(revisions)


def withdrawal_impact(vault: VaultSession, record_id: str) -> Withdrawal:
    """What withdrawing *record_id* would destroy (for the confirmation): nothing changes."""
    vault.require(Action.RECORDS_WITHDRAW)
    return store.withdrawal_impact(vault, record_id)


def withdraw_record(vault: VaultSession, record_id: str) -> Withdrawal:
    """Consent withdrawn: destroy the identity of every revision of *record_id* and the
    evidence attached to it, keeping a tombstone (id, list, case, coarse fields, date).

    Needs ``records.withdraw`` and the grant of the case. Cannot be undone, not even with the
    recovery key. Audited (``records.withdraw``), a leaf of the ledger.
    """
    vault.require(Action.RECORDS_WITHDRAW)
    return store.withdraw_record(vault, record_id)


def withdrawn_count(vault: VaultSession) -> int:
    """How many records are tombstones of withdrawn consent (counted, never identified)."""
    vault.require(Action.RECORDS_LIST)
    return store.count_withdrawn_records(vault)


#: The most characters a field of an edit's draft keeps (the testimony's own limit).
_DRAFT_FIELD = MAX_TEXT
#: The most fields an edit's draft keeps (the form has about thirty).
_DRAFT_FIELDS = 100


def save_edit_draft(vault: VaultSession, record_id: str, fields: Mapping[str, str]) -> str:
    """Keep what is typed into the edit form of *record_id* as this user's draft, sealed under
    their own key (``uncounted.vault`` drafts); returns when. Only field names the form can
    have (plain names, at most :data:`_DRAFT_FIELDS` of them) are kept, each value cut to size;
    nothing else is checked: a draft is what was typed, mistakes included."""
    vault.require(Action.RECORDS_EDIT)
    named = [(name, value) for name, value in fields.items() if _field_name(name)]
    kept = {name: str(value)[:_DRAFT_FIELD] for name, value in named[:_DRAFT_FIELDS]}
    return store.save_draft(vault, store.edit_draft_form(record_id), kept)


def _field_name(name: str) -> bool:
    return name.isidentifier() and len(name) <= 64 and name != "csrf_token"


def edit_draft(vault: VaultSession, record_id: str) -> store.Draft | None:
    """This user's draft of the edit of *record_id*, if one is kept."""
    vault.require(Action.RECORDS_EDIT)
    return store.load_draft(vault, store.edit_draft_form(record_id))


def discard_edit_draft(vault: VaultSession, record_id: str) -> None:
    """Forget this user's draft of the edit of *record_id* (saved, or started afresh)."""
    vault.require(Action.RECORDS_EDIT)
    store.discard_draft(vault, store.edit_draft_form(record_id))
