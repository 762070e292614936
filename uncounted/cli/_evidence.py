"""Evidence and ledger commands: evidence add/export/handover/list, verify, ledger head/prove/check.

``verify`` needs no vault: it checks a package offline. Every other command opens a vault with
the vault commands' own helper (``--user``, ``--passphrase-file`` or ``UNCOUNTED_PASSPHRASE``).
Nothing here touches storage directly: each command calls one service function and renders.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
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

from uncounted.cli import _report
from uncounted.cli._language import part, said, say
from uncounted.cli._output import print_json
from uncounted.cli._vault import JsonOpt, PassFileOpt, UserOpt, VaultArg, _unlock
from uncounted.errors import IntegrityError, NotFound, UncountedError
from uncounted.ledger import (
    InputsResult,
    LogPublicKey,
    TrustPolicy,
    VerificationReport,
    VerifierKey,
    check_record_proof,
    iso_time,
    printable,
    verify_inputs,
)
from uncounted.messages import N_, Counted, Message
from uncounted.services import evidence, ledger

_stderr = Console(stderr=True)
_PROGRESS_FROM = 32 << 20

ItemArg = Annotated[str, typer.Argument(help="The evidence id printed by `evidence add`.")]


class PackageMissing(NotFound):
    """Raised when the package named to ``verify`` is not a file."""


class VerificationFailed(IntegrityError):
    """Raised (exit 1) when a package fails a check; the message names the first failed check."""


class NotAuthenticated(IntegrityError):
    """Raised (exit 1) when everything checked out but no trusted key says who signed it."""


class RecordProofFailed(IntegrityError):
    """Raised (exit 1) when a record's proof does not hold for the report given with it."""


class BadOption(UncountedError):
    """Raised (exit 1) when an option's value makes no sense with the others."""


class LedgerCheckFailed(IntegrityError):
    """Raised (exit 1) when ``ledger check`` finds an altered or missing entry or a bad head."""


def add(
    vault: VaultArg,
    file: Annotated[Path, typer.Argument(help="The file to preserve (it is only read).")],
    record: Annotated[
        str | None, typer.Option("--record", help="Tie the item to this record id.")
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="The kind of file, a code of evidence_kinds (photo...).")
    ] = "",
    description: Annotated[
        str, typer.Option("--description", help="What the file shows (sealed like identities).")
    ] = "",
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Hash, encrypt and log an evidence file; print its id."""
    described = evidence.describe(kind, description)  # checked before the vault is opened
    with _unlock(vault, user, passphrase_file) as session:
        size = file.stat().st_size if file.is_file() else 0
        if size >= _PROGRESS_FROM:
            with _byte_progress(part(N_("hashing and encrypting"))) as (progress, task):
                item = evidence.add_evidence(
                    session,
                    file,
                    record,
                    lambda done, _: progress.update(task, completed=done),
                    described,
                )
        else:
            item = evidence.add_evidence(session, file, record, description=described)
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
        preserved = Message(
            N_("Preserved {size} ({media_type}); SHA-256 {sha256}"),
            size=_bytes(item.size),
            media_type=item.media_type,
            sha256=item.sha256.hex(),
        )
        say(preserved, sentence=False)
        typer.echo(item.id)
    for note in item.notes:
        say(Message(N_("note: {note}"), note=note), sentence=False)


def _bytes(size: int) -> Counted:
    """A file's size in bytes, in words ("1 byte", "5 байт")."""
    return Counted(N_("%(num)d byte"), N_("%(num)d bytes"), size)


def _entries(size: int) -> Counted:
    """A log's size in entries, in words ("1 entry", "5 записей")."""
    return Counted(N_("%(num)d entry"), N_("%(num)d entries"), size)


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
        exported = (
            N_(
                "Exported the working copy of {item} to {package}, proven in a log of {entries}"
                " signed by key {fingerprint}"
            )
            if summary.working_copy
            else N_(
                "Exported the original of {item} to {package}, proven in a log of {entries}"
                " signed by key {fingerprint}"
            )
        )
        said_ = Message(
            exported,
            item=summary.item_id,
            package=str(summary.package),
            entries=_entries(summary.tree_size),
            fingerprint=summary.key_fingerprint,
        )
        say(said_, sentence=False)


def package(
    vault: VaultArg,
    to: Annotated[
        str, typer.Option("--to", help="Who receives the package (a journalist, a court...).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The package to write (.zip).")],
    case: Annotated[
        str | None, typer.Option("--case", help="Package the evidence of this case.")
    ] = None,
    record: Annotated[
        str | None, typer.Option("--record", help="Package the evidence of this record.")
    ] = None,
    originals: Annotated[
        bool,
        typer.Option(
            "--originals",
            help="Package the originals, not the metadata-stripped copies of images and PDFs.",
        ),
    ] = False,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Package a case's (or a record's) evidence for one recipient: every file with its kind,
    description and event, a summary page in English and Russian, verifiable offline; the
    handover is recorded with the export."""
    from uncounted.services.evidence_packages import package_evidence
    from uncounted.web.i18n import Translator

    translators = {language: Translator(language).gettext for language in ("en", "ru")}
    with _unlock(vault, user, passphrase_file) as session:
        done = package_evidence(
            session, output, to, translators, case=case, record=record, originals=originals
        )
    if json_:
        print_json(
            {
                "package": str(done.package),
                "evidence_id": done.evidence_id,
                "to": done.recipient,
                "items": list(done.items),
                "tree_size": done.tree_size,
                "key_fingerprint": done.key_fingerprint,
            }
        )
        return
    typer.echo(str(done.package))
    say(
        Message(
            N_("Packaged {files} for {recipient} ({entry}); {check}"),
            files=Counted(N_("%(num)d file"), N_("%(num)d files"), len(done.items)),
            recipient=done.recipient,
            entry=done.evidence_id,
            check=_report.check_it(done.package, done.key_fingerprint),
        ),
        sentence=False,
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
    say(
        Message(
            N_("Recorded the handover of {item} as ledger entry {entry}"), item=item, entry=entry
        ),
        sentence=False,
    )


def list_(vault: VaultArg, user: UserOpt = None, passphrase_file: PassFileOpt = None) -> None:
    """List the vault's evidence items (ids, media types, sizes, hashes)."""
    with _unlock(vault, user, passphrase_file) as session:
        items = evidence.list_evidence(session)
    for item in items:
        copy = part(N_("working copy") if item.working_seq is not None else N_("original only"))
        size = said(_bytes(item.size), sentence=False)
        typer.echo(f"{item.id}  {item.media_type}  {size}  {item.sha256.hex()}  {copy}")


PublicKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--public-key",
        help="The log's published key: 64 hex digits, its vkey, or a file holding either.",
    ),
]


def verify(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Evidence packages (.zip) and published checkpoints or consistency bundles.",
        ),
    ],
    public_key: PublicKeyOpt = None,
    fingerprint: Annotated[
        str | None,
        typer.Option("--fingerprint", help="The log key's published fingerprint (64 hex digits)."),
    ] = None,
    witness: Annotated[
        list[str] | None,
        typer.Option("--witness", help="A witness you trust: its vkey, or a file of vkeys."),
    ] = None,
    witness_threshold: Annotated[
        int,
        typer.Option("--witness-threshold", help="How many named witnesses must cosign (0: all)."),
    ] = 0,
    record_proof: Annotated[
        Path | None,
        typer.Option(
            "--record-proof",
            help="A record's proof (from `ledger prove-record`) to check against the one report"
            " package given.",
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Check packages and checkpoints offline: hashes, proofs, signatures, witnesses, history."""
    for path in [*inputs, *([record_proof] if record_proof else [])]:
        if not path.is_file():
            raise PackageMissing(N_("{path} is not a file"), path=path)
    if record_proof is not None and len(inputs) != 1:
        raise BadOption(N_("--record-proof needs exactly one report package to check it against"))
    witnesses = tuple(_witness_keys(witness or []))
    if not 0 <= witness_threshold <= len(witnesses):
        raise BadOption(N_("--witness-threshold must be between 0 and the number of witnesses"))
    policy = TrustPolicy(
        public_key=_trusted_key(public_key),
        fingerprint=fingerprint,
        witnesses=witnesses,
        threshold=witness_threshold,
    )
    result = verify_inputs(inputs, policy)
    proven = (
        None if record_proof is None else check_record_proof(inputs[0], record_proof.read_bytes())
    )
    if json_:
        document = result.to_json()
        if proven is not None:
            document["record_proof"] = {"ok": proven.ok, "message": printable(proven.message)}
        print_json(document)
    else:
        _print_result(result)
        if proven is not None:
            typer.echo(
                f"Record proof: {'PASS' if proven.ok else 'FAIL'}: {printable(proven.message)}"
            )
    if result.verdict == "unauthenticated":
        raise NotAuthenticated(
            N_("integrity checked, authenticity NOT checked: give --public-key or --fingerprint")
        )
    if result.verdict != "verified":
        raise VerificationFailed(N_("{problem}"), problem=printable(result.problem or ""))
    if proven is not None and not proven.ok:
        raise RecordProofFailed(
            N_("the record proof does not hold: {problem}"), problem=printable(proven.message)
        )


def _trusted_key(value: str | None) -> LogPublicKey | None:
    if value is None:
        return None
    source = Path(value)
    text = source.read_text(encoding="utf-8") if source.is_file() else value
    lines = [line for line in text.splitlines() if line.strip()]
    return LogPublicKey.read(lines[0] if lines else text)


def _witness_keys(values: list[str]) -> list[VerifierKey]:
    keys: list[VerifierKey] = []
    for value in values:
        source = Path(value)
        lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else [value]
        keys.extend(VerifierKey.parse(line) for line in lines if line.strip())
    return keys


_MARKS = {"passed": "ok  ", "failed": "FAIL", "skipped": "note", "not checked": "NOTE"}
_VERDICTS = {
    "verified": N_("Result: VERIFIED"),
    "unauthenticated": N_("Result: INTEGRITY CHECKED, AUTHENTICITY NOT CHECKED (no trusted key)"),
    "failed": N_("Result: NOT VERIFIED"),
}


def _print_result(result: InputsResult) -> None:
    for report in result.reports:
        _print_report(report)
    for note in result.notes:
        typer.echo(printable(note))
    for problem in result.problems:
        typer.echo(f"[FAIL] {printable(problem)}")
    if result.findings:
        typer.echo(said(N_("History (heads compared across everything given):"), sentence=False))
        for finding in result.findings:
            typer.echo(f"  [{'FAIL' if finding.forgery else 'note'}] {printable(finding.message)}")
    typer.echo(said(_VERDICTS[result.verdict], sentence=False))


def _print_report(report: VerificationReport) -> None:
    summary = report.summary
    _line(N_("Package {package}"), indent="", package=printable(report.package))
    if summary is not None:
        _line(
            N_("item {item}: {kind}, {media_type}, {size} bytes"),
            item=summary.item_id,
            kind=summary.kind,
            media_type=summary.media_type,
            size=summary.size,
        )
        typer.echo(f"  SHA-256 {summary.sha256}")
        _line(
            N_("log entry {entry} of {size} ({origin})"),
            entry=summary.leaf_index,
            size=summary.tree_size,
            origin=summary.origin,
        )
        if summary.head_time:
            _line(
                N_("dated {time} by the organisation's own clock (its claim)"),
                time=summary.head_time,
            )
        if summary.witness_bound:
            _line(
                N_("existed no later than {time} (witnesses you trust)"),
                time=summary.witness_bound,
            )
        _line(N_("log key fingerprint {fingerprint}"), fingerprint=summary.key_fingerprint)
        if summary.files:
            _line(
                N_("the manifest lists {files}: {names}"),
                files=Counted(N_("%(num)d file"), N_("%(num)d files"), len(summary.files)),
                names=", ".join(summary.files),
            )
        for step in summary.custody:
            extra = "".join(f", {key} {value}" for key, value in sorted(step.fields.items()))
            typer.echo(
                "  "
                + part(
                    N_("custody: {at} {action}{extra}"), at=step.at, action=step.action, extra=extra
                )
            )
    for check in report.checks:  # the checks' own words: English (the verifier's report)
        if check.status != "not run":
            typer.echo(f"  [{_MARKS[check.status]}] {check.name}: {printable(check.message)}")


def _line(template: str, indent: str = "  ", **values: object) -> None:
    """One line of what ``verify`` found, in the terminal's language, under its package."""
    typer.echo(indent + said(Message(template, **values), sentence=False))


def head(
    vault: VaultArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the checkpoint to a file.")
    ] = None,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Sign and print the log's checkpoint, to publish with the key fingerprint."""
    with _unlock(vault, user, passphrase_file) as session:
        published = ledger.publish_head(session)
    if output is not None:
        output.write_text(published.head.encode(), encoding="utf-8")
    if json_:
        print_json(published.to_json())
        return
    checkpoint = published.head.checkpoint
    typer.echo(published.head.encode(), nl=False)
    signed = N_("tree size {size}, root {root}, dated {time} by this computer's clock")
    said_ = part(
        signed,
        size=checkpoint.tree_size,
        root=checkpoint.root_hash.hex(),
        time=iso_time(published.signed_at),
    )
    key = published.public_key
    named = (
        (part(N_("public key")), key.hex),
        ("vkey", key.vkey),  # the format's own name (the witness and --public-key take it)
        (part(N_("fingerprint")), key.fingerprint),
    )
    width = max(len(name) for name, _ in named) + 1
    sys.stderr.write(said_ + "\n" + "".join(f"{name:<{width}} {value}\n" for name, value in named))


def prove(
    vault: VaultArg,
    from_size: Annotated[
        int, typer.Option("--from-size", help="The tree size of an earlier published head.")
    ],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Print the consistency proof from an earlier size to the current checkpoint (a bundle)."""
    with _unlock(vault, user, passphrase_file) as session:
        result = ledger.prove(session, from_size)
    if json_:
        print_json(result.to_json())
        return
    typer.echo(result.bundle.encode(), nl=False)


def consistency(
    old: Annotated[Path, typer.Argument(help="The earlier published checkpoint.")],
    new: Annotated[
        Path, typer.Argument(help="The later one with its proof (from `ledger prove`).")
    ],
    public_key: PublicKeyOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Check offline that a later published checkpoint extends an earlier one."""
    for path in (old, new):
        if not path.is_file():
            raise PackageMissing(N_("{path} is not a file"), path=path)
    result = verify_inputs([old, new], TrustPolicy(public_key=_trusted_key(public_key)))
    proven = any(f.kind == "consistent" for f in result.findings)
    same = len({(h.tree_size, h.root_hash) for h in result.heads}) == 1 and len(result.heads) == 2
    if json_:
        print_json({**result.to_json(), "consistent": (proven or same) and not result.problem})
    else:
        _print_result(result)
    if result.verdict == "failed":
        raise VerificationFailed(N_("{problem}"), problem=printable(result.problem or ""))
    if not (proven or same):
        raise VerificationFailed(N_("the two checkpoints are not shown to be one history"))
    if result.verdict == "unauthenticated":
        raise NotAuthenticated(
            N_("integrity checked, authenticity NOT checked: give --public-key or --fingerprint")
        )


def witness_add(
    vault: VaultArg,
    vkey: Annotated[str, typer.Argument(help="The witness's verifier key (name+keyid+base64).")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Name a witness by its key; its cosignatures then count and travel in packages."""
    with _unlock(vault, user, passphrase_file) as session:
        named = ledger.add_witness(session, vkey)
    say(Message(N_("Witness {name} named"), name=named.name), sentence=False)


def witness_list(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List the named witnesses and the size each last cosigned."""
    with _unlock(vault, user, passphrase_file) as session:
        named = ledger.list_witnesses(session)
    if json_:
        print_json([vars(witness) for witness in named])
        return
    for witness in named:
        cosigned = part(N_("cosigned size {size}"), size=witness.cosigned_size)
        typer.echo(f"{witness.vkey}  {cosigned}")


def witness_request(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="The witness's name (the first part of its vkey).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The request file to write.")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Write what the witness needs: checkpoint and proof since what it last cosigned."""
    evidence.check_new_output(output)
    with _unlock(vault, user, passphrase_file) as session:
        bundle = ledger.witness_request(session, name)
    output.write_text(bundle.encode(), encoding="utf-8")
    wrote = N_("Wrote the request for {name}: checkpoint of {entries}, proof from {size}")
    size = bundle.checkpoint.checkpoint.tree_size
    say(Message(wrote, name=name, entries=_entries(size), size=bundle.old_size), sentence=False)


def _say_cosigned(taken: Iterable[ledger.Cosigned]) -> None:
    """One line a cosignature a witness gave (over HTTP or in an answer file)."""
    for cosigned in taken:
        line = N_("{witness} cosigned the checkpoint of {entries} at {time} (its clock)")
        typer.echo(
            part(
                line,
                witness=printable(cosigned.witness),
                entries=_entries(cosigned.tree_size),
                time=iso_time(cosigned.timestamp),
            )
        )


def witness_send(
    vault: VaultArg,
    name: Annotated[str, typer.Argument(help="The witness's name (the first part of its vkey).")],
    url: Annotated[
        str,
        typer.Option(
            "--url", help="The witness's submission prefix (…/add-checkpoint is appended)."
        ),
    ],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Ask a witness over HTTP (c2sp.org/tlog-witness), at the URL given here and nowhere else."""
    with _unlock(vault, user, passphrase_file) as session:
        taken = ledger.send_to_witness(session, name, url)
    _say_cosigned(taken)


def witness_accept(
    vault: VaultArg,
    answer: Annotated[Path, typer.Argument(help="The witness's answer (cosignature lines).")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Take back a witness's cosignatures; they are kept beside the checkpoint they sign."""
    if not answer.is_file() or answer.stat().st_size > 1 << 20:
        raise PackageMissing(N_("{path} is not a file"), path=answer)
    text = answer.read_bytes().decode("utf-8", errors="replace")
    with _unlock(vault, user, passphrase_file) as session:
        taken = ledger.accept_cosignatures(session, text)
    _say_cosigned(taken)


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
        intact = N_("The log holds {entries} and {heads}: intact")
        heads = Counted(N_("%(num)d signed head"), N_("%(num)d signed heads"), result.heads)
        typer.echo(part(intact, entries=_entries(result.entries), heads=heads))
    if result.problem is not None:
        raise LedgerCheckFailed(N_("ledger check failed: {problem}"), problem=result.problem)


def register(app: typer.Typer) -> None:
    """Add this group's commands to *app*."""
    evidence_app = typer.Typer(
        help="Preserve evidence files and export packages.", no_args_is_help=True
    )
    evidence_app.command("add")(add)
    evidence_app.command("export")(export)
    evidence_app.command("handover")(handover)
    evidence_app.command("package")(package)
    evidence_app.command("list")(list_)
    app.add_typer(evidence_app, name="evidence")
    app.command("verify")(verify)
    ledger_app = typer.Typer(
        help="The verifiable log: publish, prove, check.", no_args_is_help=True
    )
    ledger_app.command("head")(head)
    ledger_app.command("prove")(prove)
    ledger_app.command("check")(check)
    ledger_app.command("consistency")(consistency)
    ledger_app.command("prove-record")(_report.prove_record)
    witness_app = typer.Typer(
        help="Witnesses: name them, write what they need, take back cosignatures.",
        no_args_is_help=True,
    )
    witness_app.command("add")(witness_add)
    witness_app.command("list")(witness_list)
    witness_app.command("request")(witness_request)
    witness_app.command("accept")(witness_accept)
    witness_app.command("send")(witness_send)
    ledger_app.add_typer(witness_app, name="witness")
    app.add_typer(ledger_app, name="ledger")
