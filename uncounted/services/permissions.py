"""The permission layer: every check of what a user's role allows is made in ``services``.

The table itself (which role may do which :class:`Action`) is data stored with the users, in
``uncounted.vault``; the checks are here, at the top of the service function for each user
action, as ``vault.require(Action....)``. The shells use :func:`may` only to show or hide a
button: the service still checks when the button is pressed.
"""

from __future__ import annotations

from uncounted.vault import Action, VaultSession, allowed

__all__ = ["Action", "may"]


def may(vault: VaultSession, action: Action) -> bool:
    """True when the signed-in user's role allows *action* (for showing a control)."""
    return allowed(vault.user.role, action)
