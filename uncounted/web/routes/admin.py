"""Administration: the vault's users, who holds which case, and the audit trail.

Each page calls a service that checks the role itself (users and grants need an admin, the
audit trail an admin or a lawyer); a refusal of the role is shown as the 403 error page. A form
refused for what was typed in it (a name taken, a passphrase too easy to guess, a wrong
recovery secret) comes back with the reason next to its field and what was typed kept, secrets
(passphrases, the recovery secret) excepted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.errors import InputError, NotFound, UncountedError
from uncounted.messages import translated
from uncounted.services import audit, cases, grants, totp, users
from uncounted.services.vaults import UnlockedVault
from uncounted.web.routes.passphrase import mistyped
from uncounted.web.search_form import kept, search_of
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect, status_of

AUDIT_PAGE = 50

router = APIRouter()


def _notices(gettext: Callable[[str], str]) -> dict[str, str]:
    """What the page says after each action, in the user's language."""
    return {
        "added": gettext("The user was added."),
        "role": gettext("The role was changed; the user's open sessions were ended."),
        "deactivated": gettext(
            "The user was deactivated: their cases have new keys and they cannot sign in."
        ),
        "reactivated": gettext(
            "The user can sign in again with the passphrase you gave; grant them cases again."
        ),
        "code_reset": gettext("The sign-in code is off; the user needs only the passphrase."),
        "removed": gettext("The user was removed for good: their cases have new keys."),
        "reset": gettext(
            "The passphrase was reset; the user must change it when they next sign in."
        ),
        "granted": gettext("The case was granted."),
        "revoked": gettext("The case was taken back; its records were sealed under a new key."),
        "recovered": gettext("The case was granted with the recovery secret."),
    }


def _refused(signed: SignedIn, error: UncountedError) -> dict[str, str]:
    """*error*'s message keyed by the field it is about (``form``: the form as a whole), when
    the form comes back with it: a mistake in what was typed (a bad or missing value, a wrong
    recovery secret). Any other refusal, the role's among them, is raised again: the error
    page says it."""
    if not isinstance(error, InputError | NotFound) and error.form_field is None:
        raise error
    return {error.form_field or "form": error.translated(signed.gettext)}


def _refused_at(signed: SignedIn, error: UncountedError, key: str) -> dict[str, str]:
    """:func:`_refused`'s message shown at *key* (a row of a table) instead of its field."""
    return {key: next(iter(_refused(signed, error).values()))}


def _users_page(request: Request, signed: SignedIn, status: int = 200, **extra: object) -> Response:
    """The Users page; *extra* may hold a notice, or a refused form's ``errors`` and ``typed``."""
    with signed.lock:
        rows = users.list_users(signed.vault)
        with_codes = totp.users_with_codes(signed.vault)
        deactivated = users.deactivated_users(signed.vault)
    return signed.render(
        request,
        "admin_users.html",
        status,
        rows=rows,
        with_codes=with_codes,
        deactivated=deactivated,
        roles=users.roles(),
        role_names=users.role_names(),
        **{"errors": {}, "typed": {}, **extra},
    )


@router.get("/admin/users", response_class=HTMLResponse)
def user_list(request: Request, signed: Signed, done: str = "") -> Response:
    return _users_page(request, signed, message=_notices(signed.gettext).get(done))


@router.post("/admin/users", response_class=HTMLResponse)
def user_add(
    request: Request,
    signed: SignedForm,
    name: str = Form(""),
    role: str = Form(""),
    passphrase: str = Form(""),
    again: str = Form(""),
) -> Response:
    typed = {"name": name, "role": role}  # never the passphrase
    differ = mistyped(signed, passphrase, again)
    if differ:  # nothing added: a typo would keep the new user out from the start
        return _users_page(request, signed, 400, errors={"again": differ}, typed=typed)
    try:
        with signed.lock:
            users.add_user(signed.vault, name, role, passphrase, admin_set=True)
    except UncountedError as error:
        errors = _refused(signed, error)
        return _users_page(request, signed, status_of(error), errors=errors, typed=typed)
    return redirect("/admin/users?done=added")


def _end_sessions_of(signed: SignedIn, name: str) -> None:
    """End *name*'s live web sessions now (their role or keys changed)."""
    for session in signed.shell.sessions.live():
        if session.user == name:
            signed.shell.end(session)


def _change_user(
    signed: SignedIn, user: str, step: Callable[[UnlockedVault, str], object], done: str
) -> Response:
    """Run *step* (a service, which checks the role) on *user*, end their live sessions, and
    come back to the Users page saying *done*."""
    with signed.lock:
        step(signed.vault, user)
    _end_sessions_of(signed, user)
    return redirect(f"/admin/users?done={done}")


@router.post("/admin/users/role", response_class=HTMLResponse)
def user_role(
    request: Request, signed: SignedForm, user: str = Form(""), role: str = Form("")
) -> Response:
    def change(vault: UnlockedVault, name: str) -> None:
        users.change_role(vault, name, role)

    try:
        return _change_user(signed, user, change, "role")
    except UncountedError as error:
        errors = _refused_at(signed, error, "users")  # above the table
        return _users_page(request, signed, status_of(error), errors=errors)


def _user_page(
    request: Request,
    signed: SignedIn,
    user: str,
    template: str,
    facts: Callable[[UnlockedVault, str], dict[str, Any]] = lambda vault, user: {},
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The confirmation or form *template* about *user*, with *facts* (services, which check
    the role), a refused form's *errors* and what was *typed* in it (never a passphrase); the
    Users page saying so when there is no such (not removed) user: an address kept from
    before, or one typed by hand, would otherwise land on the list with no word of why."""
    with signed.lock:
        known = user in {row.name for row in users.list_users(signed.vault)}
        found = facts(signed.vault, user) if known else {}
    if not known:
        gone = signed.gettext(
            "There is no such user (removed, or the address mistyped): choose one here."
        )
        return _users_page(request, signed, 404, errors={"users": gone})
    return signed.render(
        request, template, status, user=user, errors=errors or {}, typed=typed or {}, **found
    )


def _held(vault: UnlockedVault, user: str) -> dict[str, Any]:
    return {"held": [case.name for case in grants.list_cases(vault) if user in case.granted]}


def _user_named(signed: SignedIn, number: str) -> str:
    """The name of user *number*, as the Users and Grants pages' links carry it (a user's name
    is a person's: it stays out of the address); "there is no user number ..." otherwise."""
    with signed.lock:
        return users.user_named_by(signed.vault, number)


def _listed_user(signed: SignedIn, number: str) -> str:
    """:func:`_user_named`, or "" for a number of no user: :func:`_user_page` then shows the
    Users page saying so, to choose from."""
    try:
        return _user_named(signed, number)
    except NotFound:
        return ""


@router.get("/admin/users/deactivate", response_class=HTMLResponse)
def user_deactivate_confirm(request: Request, signed: Signed, user: str = "") -> Response:
    """What deactivating user number *user* does, before anything is done."""
    return _user_page(request, signed, _listed_user(signed, user), "admin_deactivate.html", _held)


@router.post("/admin/users/deactivate", response_class=HTMLResponse)
def user_deactivate(signed: SignedForm, user: str = Form("")) -> Response:
    return _change_user(signed, user, users.deactivate_user, "deactivated")


@router.get("/admin/users/remove", response_class=HTMLResponse)
def user_remove_confirm(request: Request, signed: Signed, user: str = "") -> Response:
    """What removing user number *user* takes from them, before anything is done."""

    def impact(vault: UnlockedVault, name: str) -> dict[str, Any]:
        return {"impact": users.removal_impact(vault, name)}

    return _user_page(request, signed, _listed_user(signed, user), "admin_remove.html", impact)


@router.post("/admin/users/remove", response_class=HTMLResponse)
def user_remove(signed: SignedForm, user: str = Form("")) -> Response:
    return _change_user(signed, user, users.remove_user, "removed")


def _role(vault: UnlockedVault, user: str) -> dict[str, Any]:
    """The user's role: how strong a new passphrase of theirs must be depends on it."""
    return {"role": next(row.role.value for row in users.list_users(vault) if row.name == user)}


@router.get("/admin/users/reset", response_class=HTMLResponse)
def user_reset_page(request: Request, signed: Signed, user: str = "") -> Response:
    """The reset form of user number *user*: what a reset does, the recovery secret, the new
    passphrase (its estimate as it is typed, by the rule of the user's role)."""
    return _user_page(request, signed, _listed_user(signed, user), "admin_reset.html", _role)


@router.post("/admin/users/reset", response_class=HTMLResponse)
def user_reset(
    request: Request,
    signed: SignedForm,
    user: str = Form(""),
    recovery_secret: str = Form(""),
    passphrase: str = Form(""),
    again: str = Form(""),
) -> Response:
    def reset(vault: UnlockedVault, name: str) -> None:
        users.reset_passphrase(vault, name, recovery_secret, passphrase)

    # the recovery secret, pasted from a printed sheet, is typed back after a refusal of the
    # new passphrase (not after its own: a wrong one is pasted again); the new passphrase
    # never is (typed twice again, as it must be)
    typed = {"recovery_secret": recovery_secret}
    differ = mistyped(signed, passphrase, again)
    if differ:  # before the recovery secret is tried: nothing is changed
        errors = {"again": differ}
        return _user_page(request, signed, user, "admin_reset.html", _role, 400, errors, typed)
    try:
        return _change_user(signed, user, reset, "reset")
    except UncountedError as error:
        errors, status = _refused(signed, error), status_of(error)
        kept = {} if "recovery_secret" in errors else typed
        return _user_page(request, signed, user, "admin_reset.html", _role, status, errors, kept)


@router.post("/admin/users/reactivate", response_class=HTMLResponse)
def user_reactivate(
    request: Request,
    signed: SignedForm,
    user: str = Form(""),
    passphrase: str = Form(""),
    again: str = Form(""),
) -> Response:
    differ = mistyped(signed, passphrase, again)
    if differ:  # nothing changed: the user stays deactivated
        return _users_page(request, signed, 400, errors={f"reactivate:{user}": differ})
    try:
        with signed.lock:
            users.reactivate_user(signed.vault, user, passphrase)
    except UncountedError as error:
        errors = _refused_at(signed, error, f"reactivate:{user}")
        return _users_page(request, signed, status_of(error), errors=errors)
    return redirect("/admin/users?done=reactivated")


@router.post("/admin/users/totp-reset", response_class=HTMLResponse)
def user_totp_reset(signed: SignedForm, user: str = Form("")) -> Response:
    with signed.lock:
        totp.reset(signed.vault, user)
    return redirect("/admin/users?done=code_reset")


def _grants_page(
    request: Request, signed: SignedIn, status: int = 200, **extra: object
) -> Response:
    """The Grants page; *extra* may hold a notice, or a refused form's ``errors`` and ``typed``."""
    with signed.lock:
        people = users.list_users(signed.vault)  # admins only: refuses everyone else
        listed = grants.list_cases(signed.vault)
    return signed.render(
        request,
        "admin_grants.html",
        status,
        cases=listed,
        user_names=[user.name for user in people],
        user_numbers={user.name: user.id for user in people},
        **{"errors": {}, "typed": {}, **extra},
    )


@router.get("/admin/grants", response_class=HTMLResponse)
def grant_list(
    request: Request, signed: Signed, done: str = "", case: str = "", user: str = ""
) -> Response:
    return _grants_page(request, signed, message=_grant_notice(signed, done, case, user))


def _grant_done(signed: SignedIn, done: str, case: str, user: str) -> Response:
    """Back to the Grants page saying *done* of case *case* and user *user*, both carried in
    the address by number (a case's or user's name stays out of it, as in every link)."""
    with signed.lock:
        number = cases.case_number(signed.vault, case)
        held = {listed.name: listed.id for listed in users.list_users(signed.vault)}
    said = {"done": done, "case": number, "user": held.get(user, "")}
    return redirect(f"/admin/grants?{urlencode(said)}")


def _grant_notice(signed: SignedIn, done: str, case: str, user: str) -> str | None:
    """What the Grants page says after *done*: which case, to or from whom (walkday4: "The
    case was granted." named neither), as the page names them; the bare notice when case
    or user number *case*, *user* names none (removed since, or an address typed by hand)."""
    gettext = signed.gettext
    said = {
        "granted": gettext("Case %(case)s was granted to %(user)s."),
        "recovered": gettext("Case %(case)s was granted to %(user)s with the recovery secret."),
        "revoked": gettext(
            "Case %(case)s was taken back from %(user)s; its records were sealed under a new key."
        ),
    }.get(done)
    if said is None or not case or not user:
        return _notices(gettext).get(done)
    try:
        with signed.lock:
            named = {
                "case": cases.case_named_by(signed.vault, case),
                "user": users.user_named_by(signed.vault, user),
            }
    except NotFound:
        return _notices(gettext).get(done)
    return said % named


@router.post("/admin/grants/grant", response_class=HTMLResponse)
def grant_case(
    request: Request,
    signed: SignedForm,
    case: str = Form(""),
    user: str = Form(""),
) -> Response:
    try:
        with signed.lock:
            grants.grant(signed.vault, case, user)
    except UncountedError as error:
        errors = _refused_at(signed, error, f"grant:{case}")
        return _grants_page(request, signed, status_of(error), errors=errors)
    return _grant_done(signed, "granted", case, user)


@router.post("/admin/grants/recovery", response_class=HTMLResponse)
def grant_with_recovery(
    request: Request,
    signed: SignedForm,
    case: str = Form(""),
    user: str = Form(""),
    recovery_secret: str = Form(""),
) -> Response:
    try:
        with signed.lock:
            grants.grant_with_recovery(signed.vault, case, user, recovery_secret)
    except UncountedError as error:
        errors = _refused(signed, error)
        typed = {"case": case, "user": user}  # never the recovery secret
        return _grants_page(request, signed, status_of(error), errors=errors, typed=typed)
    return _grant_done(signed, "recovered", case, user)


def _revoke_page(
    request: Request,
    signed: SignedIn,
    case: str,
    user: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    with signed.lock:
        impact = grants.revoke_impact(signed.vault, case, user)
    return signed.render(request, "admin_revoke.html", status, impact=impact, errors=errors or {})


@router.get("/admin/grants/revoke", response_class=HTMLResponse)
def revoke_confirm(request: Request, signed: Signed, case: str = "", user: str = "") -> Response:
    """What taking case number *case* back from user number *user* makes unreadable to whom,
    before anything is done."""
    holder = _user_named(signed, user)  # admins only: the role is refused before the case
    with signed.lock:
        named = cases.case_named_by(signed.vault, case)
    return _revoke_page(request, signed, named, holder)


@router.post("/admin/grants/revoke", response_class=HTMLResponse)
def revoke_case(
    request: Request,
    signed: SignedForm,
    case: str = Form(""),
    user: str = Form(""),
    recovery_secret: str = Form(""),
) -> Response:
    try:
        with signed.lock:
            grants.revoke(signed.vault, case, user, recovery_secret or None)
    except UncountedError as error:
        errors = _refused(signed, error)
        return _revoke_page(request, signed, case, user, status_of(error), errors)
    return _grant_done(signed, "revoked", case, user)


def _action_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The audit trail's actions in words, in the reader's language (unknown ones as coded)."""
    return {
        "vault.init": gettext("made the vault"),
        "vault.backup": gettext("made a backup"),
        "vault.panic_after": gettext(
            "changed after how many failed sign-ins the keys are destroyed"
        ),
        "user.add": gettext("added a user"),
        "user.role": gettext("changed a user's role"),
        "user.deactivate": gettext("deactivated a user"),
        "user.reactivate": gettext("reactivated a user"),
        "user.remove": gettext("removed a user"),
        "user.reset": gettext("reset a user's passphrase"),
        "user.passphrase": gettext("changed their passphrase"),
        "totp.enable": gettext("turned their sign-in code on"),
        "totp.disable": gettext("turned their sign-in code off"),
        "totp.reset": gettext("turned off a user's sign-in code"),
        "case.create": gettext("created a case"),
        "case.open": gettext("opened a case"),
        "case.status": gettext("moved a case on"),
        "case.reopen": gettext("reopened a case"),
        "case.update": gettext("changed a case"),
        "case.grant": gettext("granted a case"),
        "case.revoke": gettext("took a case back"),
        "records.import": gettext("imported a list"),
        "records.create": gettext("created records"),
        "records.revise": gettext("revised records"),
        "records.edit": gettext("edited a record (a new revision)"),
        "records.withdraw": gettext("destroyed an identity (consent withdrawn)"),
        "identity.read": gettext("looked at identities"),
        "evidence.add": gettext("added evidence"),
        "evidence.export": gettext("exported evidence"),
        "estimate.run": gettext("ran an estimate"),
        "estimate.publish": gettext("chose the headline estimate"),
        "report.publish": gettext("published a report"),
        # a draft reads the register and the last report's sealed true figures, and a
        # publication refused after reading them is on record too (both read as "looked at
        # an evidence file's metadata" until reportux4)
        "report.draft": gettext("made a draft report"),
        "report.refused": gettext("tried to publish a report; nothing was published"),
        # a publication's read of the earlier reports' true figures, on record as it happens
        # (keywait: recorded with the publication, a failure in between left it unrecorded)
        "report.publishing": gettext(
            "began publishing a report: read the earlier reports' true figures"
        ),
        # every hand-out of a published package, the first as Publish ends too
        "report.download": gettext("downloaded a published report"),
        "access.recover": gettext("got access back with the recovery secret"),
        "duress.set": gettext("set their duress passphrase"),
        "claim.create": gettext("recorded an official claim"),
        "evidence.metadata.read": gettext("looked at an evidence file's metadata"),
        "ledger.witness.add": gettext("added a witness of the ledger"),
        "linkage.decide": gettext("decided whether two records are one person"),
        "people.link": gettext("linked the records into people"),
        "people.merge": gettext("merged people"),
        "people.split": gettext("split a person"),
        "people.confirm": gettext("confirmed a person"),
        "people.undo": gettext("undid a change of the register"),
        "signin": gettext("signed in"),
        "signin.failed": gettext("failed to sign in"),
        "signin.lockout": gettext("was locked out after failed sign-ins"),
    }


def _detail_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """What each detail of an entry is called, in the reader's language (others as coded)."""
    return {
        "count": gettext("how many"),
        "cases": gettext("cases"),
        "case": gettext("case"),
        "records": gettext("records (pseudonyms)"),
        "sources": gettext("sources"),
        "record": gettext("record id"),
        "user": gettext("user"),
        "role": gettext("role"),
        "from": gettext("before"),
        "to": gettext("after"),
        "status": gettext("status"),
        "fields": gettext("fields"),
        "resealed": gettext("records sealed again"),
        "unopenable": gettext("records no key opens"),
        "last_holder": gettext("was the last holder"),
        "rekeyed": gettext("cases given a new key"),
        "not_rekeyed": gettext("cases not given a new key"),
        "with": gettext("by means of"),
        "what": gettext("what"),
        "evidence": gettext("evidence files"),
        "revision": gettext("revision"),
        "reason_given": gettext("reason given"),
        "confirmed": gettext("confirmed with a code"),
        "unknown_name": gettext("a name that is no user of this vault"),
        "before": gettext("before"),
        "after": gettext("after"),
        "media_type": gettext("kind of file"),
        "size": gettext("size in bytes"),
        "history": gettext("with its history"),
        "change": gettext("change"),
        "people_before": gettext("people before"),
        "people_after": gettext("people after"),
        "undoes": gettext("undoes change"),
        "made_on": gettext("made on"),
        "decision": gettext("decision"),
        "copy": gettext("copy"),
        "kind": gettext("kind"),
        "in": gettext("in package"),
        "method": gettext("method"),
        "partial": gettext("over part of the data"),
        "lists": gettext("the lists"),
        "tables_sha256": gettext("fingerprint of the tables"),
        "via": gettext("through"),
        "page": gettext("on the page"),
        "failures": gettext("failed sign-ins in a row"),
        "last": gettext("the last one at"),
        "more_not_kept": gettext("more were not kept"),
        "number": gettext("report No."),
        "protected_with": gettext("protected together with report No."),
        "protected_with_reports": gettext("protected together with reports No."),
    }


def _people_change_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The details of a change to the person register (``people.*``) that mean something else
    there: its record count and the people before and after it (the first 50 of each)."""
    return {
        "records": gettext("records in the people after"),
        "before": gettext("people before (the first 50)"),
        "after": gettext("people after (the first 50)"),
    }


#: Details kept for checking, not for reading (a digest of the record ids read).
_UNREAD_DETAILS = ("digest", "tables_sha256", "vkey")
#: Details whose name ends in "No." and reads with its number as one: "report No. 2", «отчёт
#: № 2» (the Audit page said «отчёт №: 2», stop 28).
_NUMBERS = ("number", "protected_with")


def _in_words(entry: audit.AuditEntry, gettext: Callable[[str], str]) -> str:
    """*entry*'s details as "what: value" in the reader's language (lists joined, yes/no)."""
    names = _detail_words(gettext)
    if isinstance(entry.detail.get("records"), int):  # a count (a backup's), not pseudonyms
        names["records"] = gettext("how many records")
    if entry.action.startswith("people."):
        names |= _people_change_words(gettext)
    values = {True: gettext("yes"), False: gettext("no"), None: "—"}
    coded = {
        "recovery": gettext("the recovery secret"),
        "summary": gettext("the case summary"),
        "web": gettext("the web application"),
        "cli": gettext("the command line"),
    }
    # a role in words only where a role is written: a user may be named "analyst" (the demo's)
    roles = {  # values after a detail's name ("было: аналитик"): parts of the sentence
        code: translated(name, gettext, sentence=False) for code, name in users.role_names().items()
    }
    role_keys = {"role", "from", "to"} if entry.action == "user.role" else {"role"}
    parts = []
    for key, value in entry.detail.items():
        if key in _UNREAD_DETAILS or value == "":  # a published report's file has no record
            continue
        if isinstance(value, bool) or value is None:
            text = values[value]
        elif isinstance(value, list | tuple):
            text = ", ".join(str(item) for item in value) or "—"
        elif key in role_keys:
            text = roles.get(str(value), str(value))
        else:
            text = coded.get(str(value), str(value))
        parts.append(f"{names.get(key, key)}{' ' if key in _NUMBERS else ': '}{text}")
    return "; ".join(parts)


def _target_in_words(target: str, gettext: Callable[[str], str]) -> str:
    """An entry's target as a reader says it: "records" (several) and "change N" (of the
    person register) in their language; names and ids as they are."""
    if target == "records":
        return gettext("several records")
    imported = target.removeprefix("import ")
    if imported != target and imported.isdigit():  # its name is sealed from this reader
        return f"{gettext('an imported file')} {imported}"
    number = target.removeprefix("change ")
    if number != target and number.isdigit():
        return f"{gettext('change')} {number}"
    return target


def _numbered_action_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The actions said with the report's number where the entry keeps it ("published report
    No. 3"): a trail of "published a report" twice said nothing of which."""
    return {
        "report.publish": gettext("published report No. %(number)s"),
        "report.download": gettext("downloaded report No. %(number)s"),
    }


def _action_in_words(
    entry: audit.AuditEntry, words: Mapping[str, str], gettext: Callable[[str], str]
) -> str:
    """An entry's action as the reader reads it: in words (:func:`_action_words`, unknown
    ones as coded), with the report's number where it has one."""
    number = entry.detail.get("number")
    numbered = _numbered_action_words(gettext).get(entry.action)
    if numbered is not None and isinstance(number, int) and not isinstance(number, bool):
        return numbered % {"number": number}
    return words.get(entry.action, entry.action)


def _entry_in_words(
    entry: audit.AuditEntry, words: Mapping[str, str], gettext: Callable[[str], str]
) -> tuple[str, str, str]:
    """An entry's action, target and details as the reader reads them."""
    return (
        _action_in_words(entry, words, gettext),
        _target_in_words(entry.target, gettext),
        _in_words(entry, gettext),
    )


def _audit_filter(
    signed: Signed, search: str = "", action: str = "", since: str = "", until: str = ""
) -> audit.AuditFilter:
    """The audit trail's filters (empty ones keep everything): the user and the case typed,
    kept in the session behind the address's token (:mod:`uncounted.web.search_form`), the
    action and the days from the address."""
    typed = search_of(signed, search)
    given = (typed.get("user"), action, typed.get("case"), since, until)
    return audit.AuditFilter(*(value or None for value in given))


AuditQuery = Annotated[audit.AuditFilter, Depends(_audit_filter)]


def _query(keep: audit.AuditFilter, search: str) -> str:
    """The address's filters of the next page and the CSV: codes, days and the token."""
    on = {"action": keep.action, "since": keep.since, "until": keep.until, "search": search}
    return urlencode({name: value for name, value in on.items() if value})


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(  # search: the token of the user and case typed
    request: Request, signed: Signed, keep: AuditQuery, search: str = "", page: int = 1
) -> Response:
    page = max(page, 1)
    searched = search_of(signed, search)
    with signed.lock:
        rows = audit.audit_trail(signed.vault, AUDIT_PAGE, (page - 1) * AUDIT_PAGE, keep=keep)
        total = audit.audit_size(signed.vault, keep=keep)
    words = _action_words(signed.gettext)
    return signed.render(
        request,
        "admin_audit.html",
        rows=[(entry, *_entry_in_words(entry, words, signed.gettext)) for entry in rows],
        more=page * AUDIT_PAGE < total,
        page=page,
        total=total,
        actions=words,
        chosen=keep,
        search=searched,
        filters=_query(keep, searched.token),
    )


#: the trail's filter form: the user and case typed kept in the session, the page shown with a
#: token (a user's or a case's name stays out of the browser's history)
router.post("/admin/audit", response_class=HTMLResponse)(kept)


#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@router.get("/admin/audit.csv")
def audit_csv(signed: Signed, keep: AuditQuery) -> Response:
    """The audit entries the filters keep, every page, as CSV (actions in words too)."""
    with signed.lock:
        total = audit.audit_size(signed.vault, keep=keep)
        rows = audit.audit_trail(signed.vault, max(total, 1), 0, keep=keep)
    words = _action_words(signed.gettext)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "user", "action", "action_words", "target", "detail"])
    for entry in rows:
        cells = (entry.at, entry.user, entry.action)
        writer.writerow(
            [_cell(c) for c in (*cells, *_entry_in_words(entry, words, signed.gettext))]
        )
    headers = {"Content-Disposition": 'attachment; filename="audit.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
