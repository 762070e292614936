"""``uncounted user totp``: the optional sign-in code (TOTP) of the web application.

The code guards the web application, the door a network reaches. The command line runs on the
machine that holds the vault's files, where the passphrase alone opens them whatever uncounted
asks, so commands sign in with the passphrase only; this command is how automation and
administrators turn the code on, off, or reset it.
"""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from uncounted.cli._language import said, say
from uncounted.cli._output import print_json
from uncounted.errors import InputError
from uncounted.messages import N_, Message
from uncounted.services import totp, vaults

from . import _vault


class TotpAction(enum.StrEnum):
    """What ``user totp`` does."""

    enable = "enable"
    disable = "disable"
    reset = "reset"


def user_totp(
    vault: _vault.VaultArg,
    action: Annotated[
        TotpAction,
        typer.Argument(
            help="enable: make a key and turn the code on (prints the otpauth URI once); "
            "disable: turn your code off (needs a current code); reset: an admin turns "
            "TARGET's code off (a lost phone)."
        ),
    ],
    target: Annotated[
        str | None, typer.Argument(help="With reset: the user whose code to turn off.")
    ] = None,
    user: _vault.UserOpt = None,
    passphrase_file: _vault.PassFileOpt = None,
    code: Annotated[
        str | None,
        typer.Option("--code", help="With disable: a current code from the app (else a prompt)."),
    ] = None,
    as_json: _vault.JsonOpt = False,
) -> None:
    """Turn the web sign-in code (TOTP, an authenticator app's six digits) on or off.

    `enable` prints the otpauth:// URI on stdout, once: give it to an authenticator app (or a
    test) and keep no other copy. `disable` asks for your passphrase and a current code.
    `reset NAME` lets an admin turn off the code of a user who lost their phone (audited).
    """
    if (action is TotpAction.reset) != (target is not None):
        raise InputError(
            N_("name a user with reset, and only with reset: user totp VAULT reset NAME")
        )
    name = user or vaults.default_user(vault)
    passphrase = _vault._passphrase(passphrase_file)
    session = vaults.unlock(vault, name, passphrase)
    vaults.require_own_passphrase(session, vault)
    with session:
        if action is TotpAction.enable:
            enrolment = totp.enable_now(session)
            on = N_(
                "The sign-in code is on for {user}. Add this key to an authenticator app now;"
                " it is shown only this once."
            )
            say(Message(on, user=name))
            if as_json:
                print_json({"user": name, "uri": enrolment.uri, "secret": enrolment.secret})
            else:
                typer.echo(enrolment.uri)
            return
        if action is TotpAction.disable:
            typed = code if code is not None else _ask_code()
            totp.disable(session, passphrase, typed)
            say(Message(N_("The sign-in code is off for {user}."), user=name))
        else:
            assert target is not None  # checked above
            totp.reset(session, target)
            say(Message(N_("The sign-in code of {user} is off."), user=target))
    if as_json:
        print_json({"user": target or name, "totp": False})


def _ask_code() -> str:
    try:
        answer: str = typer.prompt(said(N_("Current code from the app"), sentence=False), err=True)
    except typer.Abort:
        raise _vault.Cancelled(N_("no code was given: nothing was changed")) from None
    return answer


def register(user_app: typer.Typer) -> None:
    """Add ``totp`` to the ``user`` command group."""
    user_app.command("totp")(user_totp)


__all__ = ["register", "user_totp"]
