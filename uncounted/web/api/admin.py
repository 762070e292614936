"""Administration through the API: users, grants of cases, the audit trail."""

# No `from __future__ import annotations`: FastAPI reads these routes' annotations at
# definition time.
from typing import Annotated

from fastapi import APIRouter, Query

from uncounted.services import audit, grants, users
from uncounted.web.api.deps import Changing
from uncounted.web.api.errors import ApiRoute
from uncounted.web.api.models import (
    AuditOut,
    CaseAccess,
    Done,
    GrantChange,
    NewUser,
    Revocation,
    Revoked,
    UserOut,
)
from uncounted.web.shell import Signed

router = APIRouter(route_class=ApiRoute)


@router.get("/users")
def user_list(signed: Signed) -> list[UserOut]:
    """Every user of the vault and their role (admin)."""
    with signed.lock:
        return [UserOut.of(user) for user in users.list_users(signed.vault)]


@router.post("/users")
def add_user(signed: Changing, body: NewUser) -> UserOut:
    """Add a user with a role and a first passphrase (admin)."""
    with signed.lock:
        added = users.add_user(
            signed.vault, body.name, body.role.value, body.passphrase, admin_set=True
        )
    return UserOut.of(added)


@router.get("/grants")
def grant_list(signed: Signed) -> list[CaseAccess]:
    """Every case with the users who hold its key."""
    with signed.lock:
        return [CaseAccess.of(info) for info in grants.list_cases(signed.vault)]


@router.post("/grants")
def grant(signed: Changing, body: GrantChange) -> Done:
    """Let a user read the identities of a case (admin holding the case's key)."""
    with signed.lock:
        grants.grant(signed.vault, body.case, body.user)
    return Done()


@router.post("/grants/revoke")
def revoke(signed: Changing, body: Revocation) -> Revoked:
    """Take a case from a user: its key is replaced and its records re-sealed (admin). From
    its last holder only with ``recovery_secret``, which must open the case."""
    with signed.lock:
        count = grants.revoke(signed.vault, body.case, body.user, body.recovery_secret)
    return Revoked(resealed=count)


@router.get("/audit")
def audit_trail(
    signed: Signed,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[AuditOut]:
    """The most recent audit entries, newest first (admin, legal)."""
    with signed.lock:
        entries = audit.audit_trail(signed.vault, limit, offset)
    return [AuditOut.of(entry) for entry in entries]
