"""The permission layer: every check of what a user's role allows is made in ``services``.

The table itself (which role may do which :class:`Action`) is data stored with the users, in
``uncounted.vault``; the checks are here, at the top of the service function for each user
action, as ``vault.require(Action....)``. The shells use :func:`may` only to show or hide a
button, and :func:`refusal` to say before a long job (choosing and uploading a list) what the
service would say after it: the service still checks when the button is pressed.
"""

from __future__ import annotations

from uncounted.vault import Action, NotPermitted, VaultSession, allowed, held_key, require_case

__all__ = ["Action", "may", "refusal"]


def may(vault: VaultSession, action: Action, case: str | None = None) -> bool:
    """True when the signed-in user's role allows *action* (for showing a control) and, for
    an action on *case*, the user holds that case (it is granted to them): whatever their
    role, the vault refuses a change to a case whose key the user does not hold, so an
    administrator not granted a case is not offered its buttons ("Move to")."""
    if not allowed(vault.user.role, action):
        return False
    return case is None or held_key(vault, require_case(vault, case)) is not None


def refusal(vault: VaultSession, action: Action) -> NotPermitted | None:
    """The refusal the service gives the signed-in user for *action* ("your role (analyst) may
    not import lists"), or None when their role allows it: the import page says it before the
    file is chosen and uploaded, instead of after (the role only: grants are the service's)."""
    try:
        vault.require(action)
    except NotPermitted as refused:
        return refused
    return None
