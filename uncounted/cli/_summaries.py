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
        # the commands of each group, as its --help lists them (stop 28: English in Russian)
        N_("Add a user (an admin signs in; the new user's passphrase is asked for separately)."),
        N_("List the users of the vault (admin)."),
        N_("Cut a user off: every case they held gets a new key, their keys leave this device."),
        N_("Change your own passphrase (your current one signs in; the new one is asked twice)."),
        N_("Give a user another role (not your own; the last admin stays admin)."),
        N_(
            "Let a deactivated user sign in again: new keys, a passphrase you give them, no grants."
        ),
        N_("Remove a user for good: cut off as by `deactivate`, and their last key destroyed."),
        N_("Give a user who lost their passphrase a new one, with the recovery secret (audited)."),
        N_("Turn the web sign-in code (TOTP, an authenticator app's six digits) on or off."),
        N_("Hash, encrypt and log an evidence file; print its id."),
        N_("Write a self-contained evidence package anyone can check with `uncounted verify`."),
        N_("Record in the ledger that the item was handed to a named recipient."),
        N_(
            "Package a case's (or a record's) evidence for one recipient: every file with its"
            " kind, description and event, a summary page in English and Russian, verifiable"
            " offline; the handover is recorded with the export."
        ),
        N_("List the vault's evidence items (ids, media types, sizes, hashes)."),
        N_("Sign and print the log's checkpoint, to publish with the key fingerprint."),
        N_(
            "Print the consistency proof from an earlier size to the current checkpoint (a bundle)."
        ),
        N_("Recompute the whole log and check every stored signed head; exit 1 naming the entry."),
        N_("Check offline that a later published checkpoint extends an earlier one."),
        N_("Prove RECORD was part of a published report without revealing any other record."),
        N_("Witnesses: name them, write what they need, take back cosignatures."),
        N_("List the estimate runs saved in a vault (newest first) and the headline."),
        N_("Make a saved run the organisation's headline estimate (never a partial run)."),
        N_("List the people of the register, each with their records (pseudonymous)."),
        N_("Link the records you can read into people and update the register."),
        N_("Show one person: every record (identities where granted) and their history."),
        N_("Merge people who are one human being; prints the merged person's id."),
        N_("Split a person whose records are of different human beings; prints the new ids."),
        N_("Confirm a linked person after checking their records: later runs keep them whole."),
        N_("Undo a reviewer's merge, split or confirmation; prints the undoing change's number."),
        N_("List the records you may see: identities only for cases granted to you."),
        N_("Correct a record: the change is stored as a new revision and the old one is kept."),
        N_(
            "Show every revision of a record, oldest first: who, when (UTC, to the minute), why"
            " and what changed."
        ),
        N_("Consent withdrawn: destroy a record's identity for ever, keeping a tombstone."),
    }
)


def summary(help_text: str) -> str:
    """The first paragraph of *help_text*, as Typer shows it beside the command's name."""
    return help_text.split("\n\n")[0].strip()


def translate_summaries(program: Any) -> None:
    """Say *program*'s help and the summaries of its commands, and of theirs (a group's, as
    ``uncounted estimate --help`` lists them), in the terminal's language (English: as
    written). The rest of each command's help is left as it is."""
    if program.help in SUMMARIES:
        program.help = said(Message(program.help))
    for command in getattr(program, "commands", {}).values():
        first = summary(command.help or "")
        if first in SUMMARIES:
            command.short_help = said(Message(first))
        for sub in getattr(command, "commands", {}).values():
            first = summary(sub.help or "")
            if first in SUMMARIES:
                sub.short_help = said(Message(first))
