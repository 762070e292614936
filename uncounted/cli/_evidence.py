"""Evidence and ledger commands: evidence add/export/handover/list, verify, ledger head/prove/check.

``verify`` needs no vault: it checks a package offline. Every other command opens a vault with
the vault commands' own helper (``--user``, ``--passphrase-file`` or ``UNCOUNTED_PASSPHRASE``).
Nothing here touches storage directly: each command calls one service function and renders.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from uncounted.cli._output import print_json
from uncounted.cli._vault import JsonOpt, PassFileOpt, UserOpt, VaultArg, _unlock
from uncounted.errors import IntegrityError, NotFound
from uncounted.ledger import LogPublicKey, VerificationReport, verify_package
from uncounted.services import evidence, ledger

_stderr = Console(stderr=True)
_PROGRESS_FROM = 32 << 20

ItemArg = Annotated[str, typer.Argument(help="The evidence id printed by `evidence add`.")]


class PackageMissing(NotFound):
    """Raised when the package named to ``verify`` is not a file."""


class VerificationFailed(IntegrityError):
    """Raised (exit 1) when a package fails a check; the message names the first failed check."""


class LedgerCheckFailed(IntegrityError):
    """Raised (exit 1) when ``ledger check`` finds an altered or missing entry or a bad head."""


def add(
    vault: VaultArg,
    file: Annotated[Path, typer.Argument(help="The file to preserve (it is only read).")],
    record: Annotated[
        str | None, typer.Option("--record", help="Tie the item to this record id.")
    ] = None,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Hash, encrypt and log an evidence file; print its id."""
    with _unlock(vault, user, passphrase_file) as session:
        size = file.stat().st_size if file.is_file() else 0
        if size >= _PROGRESS_FROM:
            with _byte_progress("hashing and encrypting") as (progress, task):
                item = evidence.add_evidence(
                    session, file, record, lambda done, _: progress.update(task, completed=done)
                )
        else:
            item = evidence.add_evidence(session, file, record)
    if json_:
        print_json(
            {
                "id": item.id,
                "sha256": item.sha256.hex(),
                "size": item.size,
                "media_type": item.media_type,
                "ledger_entry": item.original_seq,
            }
        )
    else:
        _stderr.print(
            f"Preserved {item.size} bytes ({item.media_type}); SHA-256 {item.sha256.hex()}"
        )
        typer.echo(item.id)
    for note in item.notes:
        sys.stderr.write(f"note: {note}\n")


def _byte_progress(label: str) -> _ProgressContext:
    return _ProgressContext(label)


class _ProgressContext:
    """A Rich progress bar on stderr for byte counts."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=_stderr,
            transient=True,
        )

    def __enter__(self) -> tuple[Progress, TaskID]:
        self._progress.__enter__()
        return self._progress, self._progress.add_task(self._label, total=None)

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)


def export(
    vault: VaultArg,
    item: ItemArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The package to write (.zip).")],
    working_copy: Annotated[
        bool,
        typer.Option(
            "--working-copy", help="Package the metadata-stripped copy, not the original."
        ),
    ] = False,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Write a self-contained evidence package anyone can check with `uncounted verify`."""
    with _unlock(vault, user, passphrase_file) as session:
        summary = evidence.export_evidence(session, item, output, working_copy)
    if json_:
        print_json(
            {
                "id": summary.item_id,
                "package": str(summary.package),
                "working_copy": summary.working_copy,
                "size": summary.size,
                "tree_size": summary.tree_size,
                "key_fingerprint": summary.key_fingerprint,
            }
        )
    else:
        what = "working copy" if summary.working_copy else "original"
        _stderr.print(
            f"Exported the {what} of {summary.item_id} to {summary.package}, proven in a log of"
            f" {summary.tree_size} entries signed by key {summary.key_fingerprint}",
            soft_wrap=True,
        )


def handover(
    vault: VaultArg,
    item: ItemArg,
    to: Annotated[str, typer.Option("--to", help="Who received the item (court, lawyer...).")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Record in the ledger that the item was handed to a named recipient."""
    with _unlock(vault, user, passphrase_file) as session:
        entry = evidence.hand_over(session, item, to)
    _stderr.print(f"Recorded the handover of {item} as ledger entry {entry}")


def list_(vault: VaultArg, user: UserOpt = None, passphrase_file: PassFileOpt = None) -> None:
    """List the vault's evidence items (ids, media types, sizes, hashes)."""
    with _unlock(vault, user, passphrase_file) as session:
        items = evidence.list_evidence(session)
    for item in items:
        copy = "working copy" if item.working_seq is not None else "original only"
        typer.echo(f"{item.id}  {item.media_type}  {item.size} bytes  {item.sha256.hex()}  {copy}")


def verify(
    package: Annotated[Path, typer.Argument(help="The evidence package (.zip) to check.")],
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="The log's published public key (64 hex digits, or a file holding it).",
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Check an evidence package offline: hashes, commitment, proofs, signed head, signature."""
    if not package.is_file():
        raise PackageMissing(f"{package} is not a file")
    trusted = None
    if public_key is not None:
        source = Path(public_key)
        text = source.read_text(encoding="utf-8") if source.is_file() else public_key
        trusted = LogPublicKey.parse(text.splitlines()[0] if text.strip() else text)
    report = verify_package(package, trusted)
    if json_:
        print_json(report.to_json())
    else:
        _print_report(report)
    failure = report.first_failure
    if failure is not None:
        raise VerificationFailed(
            f"{package.name} failed the {failure.name} check: {failure.message}"
        )


_MARKS = {"passed": "ok  ", "failed": "FAIL", "skipped": "note", "not run": "    "}


def _print_report(report: VerificationReport) -> None:
    summary = report.summary
    typer.echo(f"Package {report.package}")
    if summary is not None:
        typer.echo(
            f"  item {summary.item_id}: {summary.kind}, {summary.media_type}, {summary.size} bytes"
        )
        typer.echo(f"  SHA-256 {summary.sha256}")
        typer.echo(
            f"  log entry {summary.leaf_index} of {summary.tree_size}, head signed"
            f" {summary.head_time}"
        )
        typer.echo(f"  log key fingerprint {summary.key_fingerprint}")
        for step in summary.custody:
            extra = "".join(f", {key} {value}" for key, value in sorted(step.fields.items()))
            typer.echo(f"  custody: {step.at} {step.action}{extra}")
    for check in report.checks:
        if check.status != "not run":
            typer.echo(f"  [{_MARKS[check.status]}] {check.name}: {check.message}")
    verdict = "VERIFIED" if report.ok else "NOT VERIFIED"
    typer.echo(f"Result: {verdict}")


def head(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Sign and print the log's current head, to publish with the key fingerprint."""
    with _unlock(vault, user, passphrase_file) as session:
        published = ledger.publish_head(session)
    if json_:
        print_json(published.to_json())
        return
    signed = published.head
    typer.echo(f"tree size:   {signed.head.tree_size}")
    typer.echo(f"timestamp:   {signed.head.time_iso} ({signed.head.timestamp_ms} ms)")
    typer.echo(f"root hash:   {signed.head.root_hash.hex()}")
    typer.echo(f"signature:   {signed.signature.hex()}")
    typer.echo(f"public key:  {published.public_key.hex}")
    typer.echo(f"fingerprint: {published.public_key.fingerprint}")


def prove(
    vault: VaultArg,
    from_size: Annotated[
        int, typer.Option("--from-size", help="The tree size of an earlier published head.")
    ],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Print an RFC 9162 consistency proof from an earlier size to the current signed head."""
    with _unlock(vault, user, passphrase_file) as session:
        result = ledger.prove(session, from_size)
    if json_:
        print_json(result.to_json())
        return
    current = result.current.head.head
    typer.echo(f"from size {result.old_size}, root {result.old_root.hex()}")
    typer.echo(f"to size   {current.tree_size}, root {current.root_hash.hex()}")
    typer.echo(f"signed    {current.time_iso} by {result.current.public_key.fingerprint}")
    for node in result.proof:
        typer.echo(f"proof     {node.hex()}")


def check(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Recompute the whole log and check every stored signed head; exit 1 naming the entry."""
    with _unlock(vault, user, passphrase_file) as session:
        result = ledger.check_ledger(session)
    if json_:
        print_json(
            {
                "ok": result.problem is None,
                "entries": result.entries,
                "heads": result.heads,
                "problem": result.problem,
                "entry": result.entry,
            }
        )
    elif result.problem is None:
        typer.echo(
            f"The log holds {result.entries} entries and {result.heads} signed heads: intact"
        )
    if result.problem is not None:
        raise LedgerCheckFailed(f"ledger check failed: {result.problem}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to *app*."""
    evidence_app = typer.Typer(
        help="Preserve evidence files and export packages.", no_args_is_help=True
    )
    evidence_app.command("add")(add)
    evidence_app.command("export")(export)
    evidence_app.command("handover")(handover)
    evidence_app.command("list")(list_)
    app.add_typer(evidence_app, name="evidence")
    app.command("verify")(verify)
    ledger_app = typer.Typer(
        help="The verifiable log: publish, prove, check.", no_args_is_help=True
    )
    ledger_app.command("head")(head)
    ledger_app.command("prove")(prove)
    ledger_app.command("check")(check)
    app.add_typer(ledger_app, name="ledger")
