"""The ``uncounted`` command line: a thin shell over the services and pure libraries.

Each command group lives in its own module with a ``register(app)`` function, so that the
parts of the command line grow independently. This module only assembles them and turns
:class:`~uncounted.errors.UncountedError` into a one-line message and exit code 1; anything
else is a bug and is reported without its arguments (which could hold identities).
"""

from __future__ import annotations

import inspect
import os
import sys
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from uncounted.cli import (
    _demo,
    _estimate,
    _evidence,
    _link,
    _people,
    _records,
    _report,
    _synth,
    _totp,
    _vault,
    _web,
)
from uncounted.errors import UncountedError

app = typer.Typer(
    name="uncounted",
    help=(
        "Document persecution safely, link victims across lists, and estimate how many "
        "nobody has counted yet."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_totp.register(_vault.register(app))  # `user totp` joins the vault's `user` group
for _module in (_evidence, _link, _synth, _estimate, _web, _demo, _people, _records, _report):
    _module.register(app)


def _reflowed(text: str) -> str:
    """*text* with each prose paragraph on one line, so the terminal wraps it at its width.

    Typer keeps a docstring's single line breaks, so text wrapped at 90 columns in the source
    came out ragged in an 80-column terminal. Paragraphs whose lines are indented (examples,
    tables of methods) keep their lines as written.
    """
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        paragraph
        if any(line.startswith(" ") for line in paragraph.splitlines())
        else " ".join(line.strip() for line in paragraph.splitlines())
        for paragraph in paragraphs
    )


def _reflow_help(command: Any) -> None:
    """Reflow the help of *command* and of every command under it (see :func:`_reflowed`)."""
    if command.help:
        command.help = _reflowed(inspect.cleandoc(command.help))
    for sub in getattr(command, "commands", {}).values():
        _reflow_help(sub)


def _said(error: UncountedError) -> str:
    """*error*'s one line in the language of the user's terminal: Russian when the POSIX
    locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, the first one set) is Russian,
    English otherwise."""
    locale = next((os.environ[name] for name in _LOCALE if os.environ.get(name)), "")
    if not locale.startswith("ru"):
        return str(error)
    from uncounted.web.i18n import Translator  # Babel: only for a message to translate

    return error.translated(Translator("ru").gettext)


_LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")


def main() -> None:
    """Entry point of the console script: exit 0 ok, 1 user error, 2 usage error.

    Typer (0.29 and later) vendors its own copy of click, so its exceptions are caught here
    by their typer names, not click's.
    """
    command = typer.main.get_command(app)
    _reflow_help(command)
    try:
        command(standalone_mode=False)
    except UncountedError as error:
        typer.echo(f"error: {_said(error)}", err=True)
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except NoArgsIsHelpError as bare:
        bare.show()
        sys.exit(2)
    except ClickException as usage:
        usage.show()
        sys.exit(usage.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted: nothing was changed", err=True)
        sys.exit(1)
