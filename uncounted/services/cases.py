"""Assistance cases (evacuation, shelter, documents, medical, legal) through their workflow.

A case is also the unit of access: whoever opens one holds its key (with every admin and the
recovery key), its summary is sealed under that key, and its records' identities too. The
workflow itself (request -> assessed -> in progress -> relocated | closed) is the model's
(:meth:`uncounted.model.Case.advance`); this module stores and audits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.model import Case, PartialDate
from uncounted.services.records import RecordFilter, list_records, what_happened
from uncounted.vault import Action, CaseDetails, CaseFields, VaultSession, allowed, transaction

__all__ = [
    "CaseDetails",
    "CaseExists",
    "CaseFields",
    "CaseIntervention",
    "advance_case",
    "case_interventions",
    "case_named_by",
    "case_number",
    "list_case_details",
    "open_case",
    "reopen_case",
    "show_case",
    "update_case",
]


class CaseExists(InputError):
    """Raised when opening a case whose id is already taken in this vault."""


def _fields(case: Case) -> CaseFields:
    return CaseFields(
        tuple(sorted(case.needs)),
        case.status,
        None if case.opened is None else case.opened.isoformat(),
        None if case.follow_up is None else case.follow_up.isoformat(),
    )


def _as_model(details: CaseDetails) -> Case:
    f = details.fields
    return Case(
        case_id=details.name,
        needs=frozenset(f.needs),
        status=f.status,
        opened=None if f.opened is None else dt.date.fromisoformat(f.opened),
        follow_up=None if f.follow_up is None else dt.date.fromisoformat(f.follow_up),
    )


def open_case(vault: VaultSession, case: Case) -> CaseDetails:
    """Open *case*: create its key (held by you, every admin and the recovery key)."""
    vault.require(Action.ASSISTANCE_MANAGE)
    with transaction(vault.conn):
        if any(info.name == case.case_id for info in store.list_cases(vault.conn)):
            raise CaseExists(N_("a case {case!r} already exists in this vault"), case=case.case_id)
        store.create_case(vault, case.case_id)
        store.write_fields(vault, case.case_id, _fields(case))
        if case.summary is not None:
            store.write_summary(vault, case.case_id, case.summary)
        entry = store.AuditEntry(
            vault.user.name, "case.open", case.case_id, {"status": case.status}
        )
        store.record_audit(vault.conn, entry)
    return store.case_details(vault, case.case_id, reveal=False)


def show_case(vault: VaultSession, name: str) -> CaseDetails:
    """Case *name*; its sealed summary is opened (and audited) when you hold its key."""
    vault.require(Action.RECORDS_LIST)
    reveal = allowed(vault.user.role, Action.IDENTITY_READ)
    details = store.case_details(vault, name, reveal)
    if details.summary is not None:
        with transaction(vault.conn):
            entry = store.AuditEntry(vault.user.name, "identity.read", name, {"what": "summary"})
            store.record_audit(vault.conn, entry)
    return details


def case_named_by(vault: VaultSession, number: str) -> str:
    """The name of case number *number*, as the web's addresses carry it (never the name)."""
    vault.require(Action.RECORDS_LIST)
    return store.case_named_by(vault.conn, number)


def case_number(vault: VaultSession, name: str) -> int:
    """The number of case *name* (for a link to its page from a record)."""
    vault.require(Action.RECORDS_LIST)
    return store.require_case(vault, name)


def advance_case(vault: VaultSession, name: str, status: str) -> CaseDetails:
    """Move case *name* to *status*, if its workflow allows that next."""
    return _move(vault, name, status, "case.status", lambda case: case.advance(status))


def reopen_case(vault: VaultSession, name: str, status: str) -> CaseDetails:
    """Undo the closing of case *name*: move it back to *status* (audited)."""
    return _move(vault, name, status, "case.reopen", lambda case: case.reopen(status))


def _move(
    vault: VaultSession, name: str, status: str, action: str, step: Callable[[Case], Case]
) -> CaseDetails:
    """Move case *name* to *status* by *step* (the model's rule for that move), audited as
    *action* with the status it left and the one it reached."""
    vault.require(Action.ASSISTANCE_MANAGE)
    with transaction(vault.conn):
        current = store.case_details(vault, name, reveal=False)
        store.write_fields(vault, name, _fields(step(_as_model(current))))
        entry = store.AuditEntry(
            vault.user.name, action, name, {"from": current.fields.status, "to": status}
        )
        store.record_audit(vault.conn, entry)
    return store.case_details(vault, name, reveal=False)


def update_case(
    vault: VaultSession,
    name: str,
    *,
    needs: frozenset[str] | None = None,
    follow_up: dt.date | None = None,
    summary: str | None = None,
) -> CaseDetails:
    """Change the needs, follow-up date or (sealed) summary of case *name*."""
    vault.require(Action.ASSISTANCE_MANAGE)
    with transaction(vault.conn):
        current = _as_model(store.case_details(vault, name, reveal=False))
        changed = Case(
            case_id=current.case_id,
            needs=current.needs if needs is None else needs,
            status=current.status,
            opened=current.opened,
            follow_up=current.follow_up if follow_up is None else follow_up,
            summary=summary,
        )
        store.write_fields(vault, name, _fields(changed))
        if summary is not None:
            store.write_summary(vault, name, summary)
        fields_changed = [
            label
            for label, value in (("needs", needs), ("follow_up", follow_up), ("summary", summary))
            if value is not None
        ]
        entry = store.AuditEntry(vault.user.name, "case.update", name, {"fields": fields_changed})
        store.record_audit(vault.conn, entry)
    return store.case_details(vault, name, reveal=False)


def list_case_details(vault: VaultSession) -> list[CaseDetails]:
    """Every case with its workflow fields (no summaries)."""
    vault.require(Action.RECORDS_LIST)
    return [
        store.case_details(vault, info.name, reveal=False) for info in store.list_cases(vault.conn)
    ]


@dataclass(frozen=True)
class CaseIntervention:
    """Help given or a step taken for one person of a case (from their testimony record)."""

    record_id: str
    pseudonym: str
    name: str | None
    """The person's name, where the reader holds the case's key."""
    intervention_type: str
    date: PartialDate | None
    """When, where the reader holds the case's key (dates are sealed with the identity)."""


def case_interventions(vault: VaultSession, name: str) -> list[CaseIntervention]:
    """The interventions recorded for the people of case *name* (evacuation, complaint, legal
    aid...), oldest first; names and dates only for a reader granted the case (audited as an
    identity read, as any list of its records)."""
    vault.require(Action.RECORDS_LIST)
    found: list[CaseIntervention] = []
    for view in list_records(vault, RecordFilter(case=name, present=("intervention_types",))):
        happened = what_happened(view)
        name_shown = (view.identity or {}).get("name")
        dated = happened.interventions or tuple((None, c) for c in happened.intervention_types)
        found += [
            CaseIntervention(view.record_id, view.pseudonym, name_shown, code, when)
            for when, code in dated
        ]
    return sorted(found, key=lambda item: (item.date is None, item.date or PartialDate(2000)))
