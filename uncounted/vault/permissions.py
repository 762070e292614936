"""Roles and what each may do: the table behind ``docs/permissions.md``.

Permissions gate actions; they do not replace cryptography. Reading an identity needs both the
``identity.read`` permission and a grant of the record's case (the case key wrapped to the
user's public key); without the grant the key is simply not there.
"""

from __future__ import annotations

from enum import StrEnum

from uncounted.errors import AccessDenied, InputError
from uncounted.messages import N_


class Role(StrEnum):
    """A user's role in the organisation."""

    ADMIN = "admin"
    CASEWORKER = "caseworker"
    ANALYST = "analyst"
    LEGAL = "legal"
    VIEWER = "viewer"


class Action(StrEnum):
    """Something a user may ask the vault to do."""

    USERS_MANAGE = "users.manage"
    CASES_GRANT = "cases.grant"
    RECORDS_LIST = "records.list"
    RECORDS_CREATE = "records.create"
    RECORDS_IMPORT = "records.import"
    RECORDS_EDIT = "records.edit"
    RECORDS_WITHDRAW = "records.withdraw"
    IDENTITY_READ = "identity.read"
    ASSISTANCE_MANAGE = "assistance.manage"
    EVIDENCE_ADD = "evidence.add"
    EVIDENCE_EXPORT = "evidence.export"
    AUDIT_READ = "audit.read"
    REPORT_INTERNAL = "report.internal"
    REPORT_PUBLIC = "report.public"
    REPORT_PUBLISH = "report.publish"
    ESTIMATE_RUN = "estimate.run"
    ESTIMATE_PUBLISH = "estimate.publish"
    PEOPLE_REVIEW = "people.review"
    BACKUP_CREATE = "backup.create"
    DURESS_SET = "duress.set"
    VAULT_SETTINGS = "vault.settings"


#: What each role is called in a sentence a user reads (translated with it).
ROLE_NAMES = {
    Role.ADMIN: N_("administrator"),
    Role.CASEWORKER: N_("caseworker"),
    Role.ANALYST: N_("analyst"),
    Role.LEGAL: N_("lawyer"),
    Role.VIEWER: N_("viewer"),
}

#: What each action is, as the end of "your role may not ..." (translated with it).
ACTION_NAMES = {
    Action.USERS_MANAGE: N_("manage users"),
    Action.CASES_GRANT: N_("grant or revoke access to cases"),
    Action.RECORDS_LIST: N_("list records"),
    Action.RECORDS_CREATE: N_("record testimonies"),
    Action.RECORDS_IMPORT: N_("import lists"),
    Action.RECORDS_EDIT: N_("edit records"),
    Action.RECORDS_WITHDRAW: N_("withdraw a person's identity (consent withdrawn)"),
    Action.IDENTITY_READ: N_("read identities"),
    Action.ASSISTANCE_MANAGE: N_("manage assistance cases"),
    Action.EVIDENCE_ADD: N_("add evidence"),
    Action.EVIDENCE_EXPORT: N_("export evidence"),
    Action.AUDIT_READ: N_("read the audit trail"),
    Action.REPORT_INTERNAL: N_("make the internal report"),
    Action.REPORT_PUBLIC: N_("make the public report"),
    Action.REPORT_PUBLISH: N_("publish a report (committed to the ledger)"),
    Action.ESTIMATE_RUN: N_("run linkage and estimates"),
    Action.ESTIMATE_PUBLISH: N_("choose the published estimate"),
    Action.PEOPLE_REVIEW: N_("merge, split or confirm people in the register"),
    Action.BACKUP_CREATE: N_("make backups"),
    Action.DURESS_SET: N_("set a duress passphrase"),
    Action.VAULT_SETTINGS: N_("change the vault's settings"),
}

_A = Action
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.CASEWORKER: frozenset(
        {
            _A.RECORDS_LIST,
            _A.RECORDS_CREATE,
            _A.RECORDS_IMPORT,
            # an edit is a new sealed revision of a record of a granted case; the old stays
            _A.RECORDS_EDIT,
            _A.IDENTITY_READ,
            _A.ASSISTANCE_MANAGE,
            _A.EVIDENCE_ADD,
            _A.REPORT_INTERNAL,
            _A.REPORT_PUBLIC,
            _A.DURESS_SET,
        }
    ),
    Role.ANALYST: frozenset(
        {
            _A.RECORDS_LIST,
            # linking records is reading names side by side; the grant of each case decides
            _A.IDENTITY_READ,
            _A.REPORT_INTERNAL,
            _A.REPORT_PUBLIC,
            _A.ESTIMATE_RUN,
            _A.ESTIMATE_PUBLISH,
            _A.REPORT_PUBLISH,
            # merging and splitting is linkage by hand: names side by side, granted cases only
            _A.PEOPLE_REVIEW,
            _A.DURESS_SET,
        }
    ),
    Role.LEGAL: frozenset(
        {
            _A.RECORDS_LIST,
            _A.IDENTITY_READ,
            # withdrawal of consent destroys an identity for ever: the organisation's lawyer
            # (or an admin), never the caseworker alone at 2 a.m. (docs/permissions.md)
            _A.RECORDS_WITHDRAW,
            _A.EVIDENCE_ADD,
            _A.EVIDENCE_EXPORT,
            _A.AUDIT_READ,
            _A.REPORT_INTERNAL,
            _A.REPORT_PUBLIC,
            _A.DURESS_SET,
        }
    ),
    Role.VIEWER: frozenset({_A.RECORDS_LIST, _A.REPORT_PUBLIC, _A.DURESS_SET}),
}


class NotPermitted(AccessDenied):
    """Raised when a user's role does not allow the action they asked for."""


class UnknownRole(InputError):
    """Raised when a role name is not one of admin, caseworker, analyst, legal, viewer."""

    form_field = "role"


def parse_role(name: str) -> Role:
    """The role called *name*; :class:`UnknownRole` otherwise."""
    try:
        return Role(name.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise UnknownRole(
            N_("unknown role {role!r}: choose one of {choices}"), role=name, choices=choices
        ) from None


def allowed(role: Role, action: Action) -> bool:
    """True when *role* may perform *action*."""
    return action in PERMISSIONS[role]


def require(role: Role, action: Action) -> None:
    """Raise :class:`NotPermitted` unless *role* may perform *action*."""
    if not allowed(role, action):
        raise NotPermitted(
            N_("your role ({role}) may not {action}"),
            role=ROLE_NAMES[role],
            action=ACTION_NAMES[action],
        )


def markdown_table() -> str:
    """The permission table as Markdown (the body of ``docs/permissions.md``)."""
    header = "| action | " + " | ".join(role.value for role in Role) + " |"
    rule = "|---|" + "---|" * len(Role)
    rows = [
        f"| {action.value} | "
        + " | ".join("yes" if allowed(role, action) else "no" for role in Role)
        + " |"
        for action in Action
    ]
    return "\n".join([header, rule, *rows])
