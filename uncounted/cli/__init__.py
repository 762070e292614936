"""The ``uncounted`` command line: a thin shell over the services and pure libraries.

Each command group lives in its own module with a ``register(app)`` function, so that the
parts of the command line grow independently. This module only assembles them and turns
:class:`~uncounted.errors.UncountedError` into a one-line message and exit code 1; anything
else is a bug and is reported without its arguments (which could hold identities).
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import typer

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
from uncounted.cli._frame import say_the_frame, show_usage_error
from uncounted.cli._groups import DefaultCommandGroup, frame_every_command
from uncounted.cli._language import error_line, said
from uncounted.cli._summaries import translate_summaries
from uncounted.errors import UncountedError
from uncounted.messages import N_

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
frame_every_command(app)


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


def _command_words(command: Any, args: list[str]) -> str:
    """The command that *args* run ("uncounted records list"), read as click reads them:
    the leading words that name a group's subcommand. Never an argument or option (a path or
    a value may name a person)."""
    words = ["uncounted"]
    for arg in args:
        runs = command.runs if isinstance(command, DefaultCommandGroup) else None
        name = runs(arg) if runs is not None else arg
        sub = getattr(command, "commands", {}).get(name)
        if name is None or sub is None:
            break
        words.append(name)
        command = sub
    return " ".join(words)


def main() -> None:
    """Entry point of the console script: exit 0 ok, 1 user error, 2 usage error.

    Typer (0.29 and later) vendors its own copy of click and does not export click's
    exceptions; ``typer.TyperException`` is the public base of every usage error (a bare
    group's help included), which shows itself as click would.
    """
    say_the_frame()
    command = typer.main.get_command(app)
    _reflow_help(command)
    translate_summaries(command)
    _vault.name_command(_command_words(command, sys.argv[1:]))
    try:
        command(standalone_mode=False)
    except UncountedError as error:
        typer.echo(error_line(error.message), err=True)
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.TyperException as usage:
        if callable(getattr(usage, "show", None)):  # click's: usage line, hint, error
            show_usage_error(usage)
        else:
            typer.echo(f"Error: {usage.format_message()}", err=True)
        sys.exit(usage.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo(said(N_("aborted: nothing was changed"), sentence=False), err=True)
        sys.exit(1)
