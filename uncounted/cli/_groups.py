"""How the command line's groups and commands behave, the same for every one of them.

``uncounted people VAULT`` lists the register while ``uncounted people merge VAULT ...``
merges: when the first word after the group is not one of its commands, the group runs its
default command with every word given (DESIGN.md's command-line contract names both forms).
Every command's usage line names its arguments as its help text does (``VAULT``, not Typer's
``{vault}``), and every command and group says the frame of its help in the terminal's
language (:class:`~uncounted.cli._frame.SaidFrame`): :func:`frame_every_command` gives every
command :class:`UpperCaseUsage` and every group :class:`SaidGroup`.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from uncounted.cli._frame import SaidFrame


class SaidGroup(SaidFrame, TyperGroup):
    """A group whose usage line and help option are said in the terminal's language."""


class DefaultCommandGroup(SaidGroup):
    """A :class:`TyperGroup` that runs :attr:`default_command` for a word it does not know."""

    default_command = "list"

    def runs(self, word: str) -> str | None:
        """The name of the command that *word*, the first word after the group, runs: *word*
        itself when it names one, None for the group's help, the default command otherwise."""
        if word in self.commands:
            return word
        return None if word in {"--help", "-h"} else self.default_command

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Put the default command's name in front of *args* unless they start with a command."""
        if args and self.runs(args[0]) not in {args[0], None}:
            args = [self.default_command, *args]
        return list(super().parse_args(ctx, args))


def default_group(name: str) -> type[DefaultCommandGroup]:
    """A group class whose default command is *name*."""
    return type(f"Default{name.title()}Group", (DefaultCommandGroup,), {"default_command": name})


class UpperCaseUsage(SaidFrame, TyperCommand):
    """A command whose usage line names its arguments as its help text does (``FILE``).

    Typer 0.29 writes a required argument as ``{file}`` in the usage line, while the help
    text below it says ``FILE``; this writes ``FILE`` (``[FILE]`` when optional), as Click
    does.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = param.metavar or (param.name or "").upper()
            name = name if param.required else f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces


def frame_every_command(app: typer.Typer) -> None:
    """Give every command of *app*, in every group and subgroup, :class:`UpperCaseUsage`, and
    *app* and every group without a class of its own :class:`SaidGroup` (a command or group
    that chose a class of its own keeps it): one way for the whole command line."""
    if not isinstance(app.info.cls, type):  # Typer's default
        app.info.cls = SaidGroup
    for command in app.registered_commands:
        if command.cls in {None, TyperCommand}:  # Typer's default
            command.cls = UpperCaseUsage
    for group in app.registered_groups:
        if group.typer_instance is not None:
            frame_every_command(group.typer_instance)
