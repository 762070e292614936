"""Typer's and click's own words (the help's frame, a usage error, a yes-or-no question) in
the terminal's language; in English exactly as Typer and click write them.

A caseworker whose terminal is Russian read "Options", "Usage:", "Missing argument 'vault'."
and "[y/N]" around Russian sentences. Typer 0.29 vendors click without click's gettext, so
only part of its words can be said otherwise through what Typer and click offer, and this
module does that part:

- the help's panel titles and marks ("Arguments", "[required]"): the constants of
  ``typer.rich_utils``, which it reads each time it draws a help (:func:`say_the_frame`);
- the usage line's "Usage:" and the help option's "Show this message and exit.": click's
  ``Command.format_usage`` (``HelpFormatter.write_usage``'s *prefix*) and
  ``Command.get_help_option``, overridden by :class:`SaidFrame` for every command and group;
- a usage error (exit 2): drawn by :func:`show_usage_error` as click's ``UsageError.show``
  draws it (usage line, where to read the help, the error), its message said from its kind
  (a missing argument or option, an unknown option, a bad value); a sentence click builds
  with no kind of its own (an unknown command, extra arguments) is recognised by its words
  (:data:`_CLICK_SENTENCES`), and any other stays as click wrote it;
- a yes-or-no question (:func:`confirmed`) and a passphrase typed twice
  (:func:`typed_twice`): click writes "[y/N]" and "Error: The two entered values do not
  match." into its prompts, so in Russian they are asked here ("[д/Н]", and "д"/"да" are a
  yes too).

The command line's own one-line errors begin with the same word in each language: "error:"
in English (the command-line contract, ``tests/test_cli_contract.py``: a script reads it, and
runs in English with ``LC_ALL=C``), «ошибка:» in Russian (``cli._language.error_line``).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

import typer

from uncounted.cli._language import in_russian, said
from uncounted.messages import N_, Message

#: ``typer.rich_utils``'s words, each as the catalogue marks it (``{value}``: click's ``{}``).
_RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {value}]"),
    "ENVVAR_STRING": N_("[env var: {value}]"),
    "DEPRECATED_STRING": N_("(deprecated)"),
}
_USAGE = N_("Usage:")
_HELP_OPTION = N_("Show this message and exit.")
_FOR_HELP = N_("Try '{command}' for help.")


def say_the_frame() -> None:
    """Give Typer's help its words in the terminal's language (English: as Typer writes
    them, also after a Russian run in the same process). Called before the command line
    runs."""
    from typer import rich_utils

    english = _typers_own_words()
    if not in_russian():
        for name, words in english.items():
            setattr(rich_utils, name, words)
        return
    for name, template in _RICH_WORDS.items():
        words = said(template, sentence=False).replace("{value}", "{}")
        setattr(rich_utils, name, words + (" " if name == "DEPRECATED_STRING" else ""))
    command = "[blue]{command_path} {help_option}[/]"
    rich_utils.RICH_HELP = said(Message(_FOR_HELP, command="\0")).replace("\0", command)


@cache
def _typers_own_words() -> dict[str, str]:
    """``typer.rich_utils``'s words as Typer wrote them, read before :func:`say_the_frame`
    first changes them (one process may run the command line in both languages: the tests)."""
    from typer import rich_utils

    return {name: getattr(rich_utils, name) for name in (*_RICH_WORDS, "RICH_HELP")}


class SaidFrame:
    """For a click command or group: its usage line and its help option in the terminal's
    language (:func:`say_the_frame` does the panels)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        prefix = f"{said(_USAGE, sentence=False)} " if in_russian() else None
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]  # click's
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]  # click's Command's
        if option is not None and in_russian():
            option.help = said(_HELP_OPTION)
        return option


def show_usage_error(usage: typer.TyperException) -> None:
    """Show *usage* as click would, in the terminal's language: its usage line, where to read
    the help, and what was wrong. An error click shows otherwise (the help itself, for a
    group given no command) is shown as click shows it."""
    shows_as_usage = type(usage).show is typer.BadParameter.show  # type: ignore[attr-defined]
    if not in_russian() or not shows_as_usage:
        usage.show()  # type: ignore[attr-defined]  # click's exceptions show themselves
        return
    ctx = getattr(usage, "ctx", None)
    lines = []
    if ctx is not None:  # the parser's own errors know no command
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            lines.append(said(Message(_FOR_HELP, command=command)))
        lines.append("")
    lines.append(said(Message(N_("Error: {problem}"), problem=_problem(usage))))
    sys.stderr.write("\n".join(lines) + "\n")


def _problem(usage: Any) -> str:
    """What was wrong, from the kind of usage error click raised."""
    if hasattr(usage, "param_type"):  # click's MissingParameter
        kind = usage.param_type or getattr(usage.param, "param_type_name", "")
        template = _MISSING.get(kind, N_("missing parameter {name!r}"))
        return Message(template, name=_name(usage))
    if hasattr(usage, "possibilities"):  # NoSuchOption: what was typed, and what was meant
        unknown = Message(N_("no such option: {option}"), option=usage.option_name)
        if not usage.possibilities:
            return unknown
        meant = ", ".join(sorted(usage.possibilities))
        return Message(N_("{unknown} (possible options: {meant})"), unknown=unknown, meant=meant)
    if hasattr(usage, "param_hint"):  # BadParameter: a value the option does not take
        return Message(
            N_("invalid value for {name!r}: {reason}"),
            name=_name(usage),
            reason=_click_sentence(usage.message),
        )
    return _click_sentence(usage.message)


_MISSING = {
    "argument": N_("missing argument {name!r}"),
    "option": N_("missing option {name!r}"),
}


def _name(usage: Any) -> str:
    """The parameter *usage* is about, as the usage line and the help name it (``VAULT``,
    ``--user``)."""
    if usage.param_hint is not None:
        hint = usage.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    param = usage.param
    if param is None:
        return "?"
    if param.param_type_name == "argument":
        return str(param.metavar or (param.name or "").upper())
    return " / ".join(param.opts)


#: Sentences click and Typer build with no kind of error of their own, by their words: each
#: English pattern (as Typer 0.29 writes it) and the template that says it.
_CLICK_SENTENCES = (
    (re.compile(r"Missing command\.\Z"), N_("missing command")),
    (re.compile(r"No such command '(?P<name>.*)'\.\Z"), N_("no such command {name!r}")),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)\Z"),
        N_("unexpected extra arguments ({extra})"),
    ),
    (
        re.compile(r"Option '(?P<option>.*)' does not take a value\.\Z"),
        N_("option {option!r} does not take a value"),
    ),
    (
        re.compile(r"Option '(?P<option>.*)' requires an argument\.\Z"),
        N_("option {option!r} requires a value"),
    ),
    (
        re.compile(r"(Value error, )?'(?P<value>.*)' is not one of (?P<choices>.*)\.\Z"),
        N_("{value!r} is not one of {choices}"),
    ),
    (re.compile(r"Input should be a valid integer\b.*\Z"), N_("a whole number is expected")),
    (re.compile(r"Input should be a valid number\b.*\Z"), N_("a number is expected")),
)


def _click_sentence(message: str) -> str:
    """*message* as a :class:`Message` when it is one of click's sentences (or is one
    already: the command line's own), else as click wrote it."""
    if isinstance(message, Message):
        return message
    for pattern, template in _CLICK_SENTENCES:
        found = pattern.match(message)
        if found:
            return Message(template, **found.groupdict())
    return message


_YES, _NO = ("y", "yes", "д", "да"), ("n", "no", "н", "нет")


def confirmed(question: str, *, default: bool = False) -> bool:
    """Whether the user answers yes to *question* (said in the terminal's language); a closed
    prompt raises ``typer.Abort``. English: click's own ``confirm`` ("[y/N]"); Russian:
    "[д/Н]", and "д", "да" (or "y", "yes") are a yes."""
    asked = said(question)
    if not in_russian():
        return bool(typer.confirm(asked, default=default, err=True))
    choices = said(N_("[y/N]") if not default else N_("[Y/n]"), sentence=False)
    while True:
        answer = typer.prompt(
            f"{asked} {choices}", default="", show_default=False, err=True
        ).strip()
        if not answer:
            return default
        if answer.lower() in _YES or answer.lower() in _NO:
            return answer.lower() in _YES
        sys.stderr.write(said(N_("Answer y for yes or n for no.")) + "\n")


def typed_twice(asked: str, again: str) -> str:
    """A passphrase typed at *asked* and again at *again* (both said already), hidden, until
    the two agree; a closed prompt raises ``typer.Abort``. English: click's own prompt."""
    if not in_russian():
        return str(typer.prompt(asked, hide_input=True, confirmation_prompt=again, err=True))
    while True:
        first = str(typer.prompt(asked, hide_input=True, err=True))
        if first == str(typer.prompt(again, hide_input=True, err=True)):
            return first
        sys.stderr.write(said(N_("Error: the two entered values do not match.")) + "\n")
