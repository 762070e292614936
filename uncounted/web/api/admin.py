"""Administration through the API: users, grants of cases, the audit trail."""

# No `from __future__ import annotations`: FastAPI reads these routes' annotations at
# definition time, and they name dependencies local to register().
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from uncounted.services import audit, grants, users
from uncounted.web.api.deps import readers, vault_of
from uncounted.web.api.models import (
    AuditOut,
    CaseAccess,
    Done,
    GrantChange,
    NewUser,
    Revoked,
    UserOut,
)
from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell


def register(router: APIRouter, shell: Shell) -> None:
    """Add the users, grants and audit endpoints (the services check the roles)."""
    signed_in, checked = readers(shell)
    Session = Annotated[WebSession, Depends(signed_in)]
    Changing = Annotated[WebSession, Depends(checked)]

    @router.get("/users")
    def user_list(session: Session) -> list[UserOut]:
        """Every user of the vault and their role (admin)."""
        with shell.lock(session):
            return [UserOut.of(user) for user in users.list_users(vault_of(session))]

    @router.post("/users")
    def add_user(session: Changing, body: NewUser) -> UserOut:
        """Add a user with a role and a first passphrase (admin)."""
        with shell.lock(session):
            added = users.add_user(vault_of(session), body.name, body.role.value, body.passphrase)
        return UserOut.of(added)

    @router.get("/grants")
    def grant_list(session: Session) -> list[CaseAccess]:
        """Every case with the users who hold its key."""
        with shell.lock(session):
            return [CaseAccess.of(info) for info in grants.list_cases(vault_of(session))]

    @router.post("/grants")
    def grant(session: Changing, body: GrantChange) -> Done:
        """Let a user read the identities of a case (admin holding the case's key)."""
        with shell.lock(session):
            grants.grant(vault_of(session), body.case, body.user)
        return Done()

    @router.post("/grants/revoke")
    def revoke(session: Changing, body: GrantChange) -> Revoked:
        """Take a case from a user: its key is replaced and its records re-sealed (admin)."""
        with shell.lock(session):
            count = grants.revoke(vault_of(session), body.case, body.user)
        return Revoked(resealed=count)

    @router.get("/audit")
    def audit_trail(
        session: Session,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> list[AuditOut]:
        """The most recent audit entries, newest first (admin, legal)."""
        with shell.lock(session):
            entries = audit.audit_trail(vault_of(session), limit, offset)
        return [AuditOut.of(entry) for entry in entries]
