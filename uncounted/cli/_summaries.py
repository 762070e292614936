"""What ``uncounted --help`` says of the program and of each of its commands, in the
terminal's language.

Typer takes a command's summary from the first paragraph of its help, in English, and
``uncounted --help`` is where a caseworker whose terminal is Russian starts. Each summary is
marked here with ``N_`` as its help writes it, so that the catalogue holds its Russian; a
summary that is reworded without its entry here stays English, and
``tests/report/test_cli_in_russian_everywhere.py`` fails. A command's own ``--help`` (its
options and examples) stays English: it is the reference the docs quote, written once; the
frame click and Typer draw around it ("Usage", "Options") is said by ``cli._frame``.
"""

from __future__ import annotations

from typing import Any

from uncounted.cli._language import said
from uncounted.messages import N_, Message

SUMMARIES = frozenset(
    {
        N_(
            "Document persecution safely, link victims across lists, and estimate how many"
            " nobody has counted yet."
        ),
        N_(
            "Create an encrypted vault and its first administrator; print the recovery secret ONCE."
        ),
        N_("Give USER access to the identities of CASE (an admin holding the case signs in)."),
        N_("Take CASE from USER: the case key is replaced and every record of it re-sealed."),
        N_("List the cases, who is granted each, and how many records each holds."),
        N_("Import a whole list in one transaction: every row, or (on any bad row) nothing."),
        N_("Show the audit trail: who read which identities, who changed what."),
        N_("Write the whole vault to one encrypted file."),
        N_("Rebuild a working vault from a backup (refused if one byte of it was altered)."),
        N_(
            "Destroy this device's keys now: only the offline recovery secret opens the vault"
            " again."
        ),
        N_(
            "Set your duress passphrase: signing in with it opens an empty vault and destroys"
            " the keys."
        ),
        N_("Restore a user's access after `panic` or a duress sign-in, with the recovery secret."),
        N_(
            "Check packages and checkpoints offline: hashes, proofs, signatures, witnesses,"
            " history."
        ),
        N_("Link records of the same person across lists, scripts and spellings."),
        N_("Generate a synthetic world of victims and the lists that partly record them."),
        N_("Serve the web application for VAULT to browsers on this machine."),
        N_("Create a vault full of SYNTHETIC people, link and estimate them, and serve it."),
        N_(
            "Publish the report (PDF and HTML in English and Russian, tables as CSV), committed"
            " to the ledger; `uncounted verify REPORT.zip` checks it offline. A report that"
            " would say exactly what a published one says is refused unless --again"
            " (publishing is for good)."
        ),
        N_("Manage the users of a vault."),
        N_("Preserve evidence files and export packages."),
        N_("The verifiable log: publish, prove, check."),
        N_("Estimate how many people no list documented (multiple systems estimation)."),
        N_(
            "The person register: `people VAULT` lists it; link, show, merge, split, confirm, undo."
        ),
        N_("Records: `records VAULT` lists them; edit, history, withdraw."),
    }
)


def summary(help_text: str) -> str:
    """The first paragraph of *help_text*, as Typer shows it beside the command's name."""
    return help_text.split("\n\n")[0].strip()


def translate_summaries(program: Any) -> None:
    """Say *program*'s help and each of its commands' summaries in the terminal's language
    (English: as written). The rest of each command's help is left as it is."""
    if program.help in SUMMARIES:
        program.help = said(Message(program.help))
    for command in getattr(program, "commands", {}).values():
        first = summary(command.help or "")
        if first in SUMMARIES:
            command.short_help = said(Message(first))
