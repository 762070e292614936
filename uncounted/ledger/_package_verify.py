"""Standalone verification of an evidence package: no vault, no network, no extraction.

The checks run in a fixed order, each building on the ones before, and stop at the first
failure (later checks are reported as not run)::

    archive          a complete zip, only the expected members, nothing unsafe, documents parse
    file_hash        the evidence file hashes to the recorded SHA-256
    commitment       the salted commitment recomputes from kind, salt and that hash
    signed_head      the head covers the entry, and every proof is for the head's tree size
    inclusion_proof  RFC 9162 inclusion proof from the commitment's leaf to the signed root
    custody          every custody event opens its commitment and is proven into the same root
    public_key       the package's log key is the key the user trusts (skipped if none given)
    signature        the Ed25519 signature over the head's canonical bytes is valid
    seal             no byte of the archive changed since it was written

A failure is a result, not an exception: :func:`verify_package` never raises for a bad
package, it returns a report that says in plain language what failed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any, Literal

from uncounted.errors import UncountedError
from uncounted.ledger._commitment import commitment_value
from uncounted.ledger._heads import LogPublicKey, SignedTreeHead, parse_hex
from uncounted.ledger._merkle import HASH_SIZE, leaf_hash, verify_inclusion
from uncounted.ledger._package_format import (
    COMMITMENT_MEMBER,
    CUSTODY_KIND,
    CUSTODY_MEMBER,
    DOCUMENT_MEMBERS,
    EVIDENCE_PREFIX,
    HEAD_MEMBER,
    KEY_MEMBER,
    ORIGINAL_KIND,
    PACKAGE_FORMAT,
    PROOF_MEMBER,
    README_MEMBER,
    SEAL_DIGITS,
    SEAL_PREFIX,
    WORKING_COPY_KIND,
)
from uncounted.ledger._safezip import SafeZip, ZipLimits

CHECK_NAMES = (
    "archive",
    "file_hash",
    "commitment",
    "signed_head",
    "inclusion_proof",
    "custody",
    "public_key",
    "signature",
    "seal",
)
Status = Literal["passed", "failed", "skipped", "not run"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, with a sentence for a non-specialist."""

    name: str
    status: Status
    message: str


@dataclass(frozen=True)
class CustodyStep:
    """One action in the item's chain of custody, as committed."""

    action: str
    at: str
    fields: dict[str, str]


@dataclass(frozen=True)
class PackageSummary:
    """What the package claims, shown beside the checks (trusted only as far as they pass)."""

    item_id: str
    kind: str
    media_type: str
    size: int
    sha256: str
    leaf_index: int
    tree_size: int
    head_time: str
    key_fingerprint: str
    custody: tuple[CustodyStep, ...]


@dataclass(frozen=True)
class VerificationReport:
    """All check results for one package, in order."""

    package: str
    checks: tuple[CheckResult, ...]
    summary: PackageSummary | None

    @property
    def ok(self) -> bool:
        """True when no check failed and every check ran."""
        return all(check.status in ("passed", "skipped") for check in self.checks)

    @property
    def first_failure(self) -> CheckResult | None:
        """The first failed check, if any."""
        return next((check for check in self.checks if check.status == "failed"), None)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping for ``uncounted verify --json``."""
        failure = self.first_failure
        summary = self.summary
        return {
            "package": self.package,
            "ok": self.ok,
            "first_failure": failure.name if failure else None,
            "checks": [vars(check) for check in self.checks],
            "summary": None
            if summary is None
            else {
                **{k: v for k, v in vars(summary).items() if k != "custody"},
                "custody": [
                    {"action": step.action, "at": step.at, **step.fields}
                    for step in summary.custody
                ],
            },
        }


class _Failed(Exception):
    """A check failed; carries the sentence to report."""


@dataclass
class _Proof:
    leaf_index: int
    tree_size: int
    path: list[bytes]


@dataclass
class _Entry:
    kind: str
    salt: bytes
    commitment: bytes
    proof: _Proof
    content_hash: bytes = b""
    event: dict[str, str] = field(default_factory=dict)


@dataclass
class _Parsed:
    item_id: str
    file: str
    media_type: str
    size: int
    sha256: bytes
    item: _Entry
    custody: list[_Entry]
    head: SignedTreeHead
    key: LogPublicKey


def verify_package(
    path: Path, public_key: LogPublicKey | None = None, limits: ZipLimits | None = None
) -> VerificationReport:
    """Check the evidence package at *path*; *public_key* is the key the user trusts."""
    results: list[CheckResult] = []
    parsed: _Parsed | None = None
    try:
        with SafeZip(path, limits) as archive:
            parsed = _parse(archive)
            results.append(CheckResult("archive", "passed", _ARCHIVE_OK))
            for name, check in _CHECKS:
                status, message = check(parsed, archive, path, public_key)
                results.append(CheckResult(name, status, message))
    except _Failed as failure:
        results.append(CheckResult(CHECK_NAMES[len(results)], "failed", str(failure)))
    except UncountedError as unsafe:
        results.append(CheckResult(CHECK_NAMES[len(results)], "failed", str(unsafe)))
    results.extend(CheckResult(name, "not run", "") for name in CHECK_NAMES[len(results) :])
    return VerificationReport(path.name, tuple(results), _summary(parsed))


_ARCHIVE_OK = "the archive is complete, holds only the expected files, and nothing in it is unsafe"


def _check_file_hash(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    digest = sha256()
    size = 0
    for chunk in archive.stream(parsed.file):
        digest.update(chunk)
        size += len(chunk)
    if size != parsed.size or digest.digest() != parsed.sha256:
        raise _Failed("the evidence file does not match its recorded SHA-256: it was altered")
    return "passed", f"the evidence file ({size} bytes) has the recorded SHA-256"


def _check_commitment(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    item = parsed.item
    if commitment_value(item.kind, item.salt, parsed.sha256) != item.commitment:
        raise _Failed("the salted commitment does not recompute from the file's hash and salt")
    return "passed", "the salted commitment recomputes from the file's hash and its salt"


def _check_signed_head(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    size = parsed.head.head.tree_size
    for entry in [parsed.item, *parsed.custody]:
        if entry.proof.tree_size != size:
            raise _Failed(
                f"a proof is for a log of {entry.proof.tree_size} entries but the signed head"
                f" covers {size}"
            )
        if entry.proof.leaf_index >= size:
            raise _Failed(f"entry {entry.proof.leaf_index} is not among the head's {size}")
    return "passed", f"the signed tree head covers {size} log entries, this item's among them"


def _check_inclusion(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    if not _proven(parsed.item, parsed.head):
        raise _Failed("the inclusion proof does not lead from the commitment to the signed root")
    index = parsed.item.proof.leaf_index
    return "passed", f"the commitment is entry {index} of the log: its proof reaches the root"


def _check_custody(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    for number, entry in enumerate(parsed.custody, start=1):
        value = commitment_value(entry.kind, entry.salt, entry.content_hash)
        if entry.kind != CUSTODY_KIND or value != entry.commitment:
            raise _Failed(f"custody event {number} does not match its commitment")
        if entry.event.get("item") != parsed.item_id:
            raise _Failed(f"custody event {number} is about another item")
        if not _proven(entry, parsed.head):
            raise _Failed(f"custody event {number} is not proven to be in the signed log")
    actions = ", ".join(entry.event.get("action", "?") for entry in parsed.custody)
    return "passed", f"all {len(parsed.custody)} custody events are in the log ({actions})"


def _check_public_key(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    if key is None:
        return "skipped", (
            f"no published key given: compare the fingerprint {parsed.key.fingerprint}"
            " with the one the organisation published"
        )
    if key != parsed.key:
        raise _Failed(
            f"the package's log key (fingerprint {parsed.key.fingerprint}) is not the key you"
            f" gave (fingerprint {key.fingerprint})"
        )
    return "passed", f"the package's log key is the key you gave ({key.fingerprint})"


def _check_signature(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    if not parsed.key.verifies(parsed.head):
        raise _Failed("the signature on the tree head is not valid for the log key")
    when = parsed.head.head.time_iso
    return "passed", f"the tree head is signed by the log key; it dates the log at {when}"


def _check_seal(
    parsed: _Parsed, archive: SafeZip, path: Path, key: LogPublicKey | None
) -> tuple[Status, str]:
    digest = sha256()
    with path.open("rb") as handle:
        covered = handle.seek(0, 2) - SEAL_DIGITS
        handle.seek(covered - len(SEAL_PREFIX))
        if handle.read(len(SEAL_PREFIX)) != SEAL_PREFIX:
            raise _Failed("the archive has no seal at its end: it was rewritten")
        stored = handle.read(SEAL_DIGITS)
        handle.seek(0)
        left = covered
        while left > 0:
            chunk = handle.read(min(1 << 20, left))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
    if digest.hexdigest().encode("ascii") != stored:
        raise _Failed("some byte of the archive changed after it was sealed")
    return "passed", "no byte of the archive changed since it was sealed"


_CHECKS = (
    ("file_hash", _check_file_hash),
    ("commitment", _check_commitment),
    ("signed_head", _check_signed_head),
    ("inclusion_proof", _check_inclusion),
    ("custody", _check_custody),
    ("public_key", _check_public_key),
    ("signature", _check_signature),
    ("seal", _check_seal),
)


def _proven(entry: _Entry, head: SignedTreeHead) -> bool:
    proof = entry.proof
    return verify_inclusion(
        leaf_hash(entry.commitment),
        proof.leaf_index,
        proof.tree_size,
        proof.path,
        head.head.root_hash,
    )


def _parse(archive: SafeZip) -> _Parsed:
    names = set(archive.names)
    expected = {*DOCUMENT_MEMBERS, README_MEMBER}
    if missing := sorted(expected - names):
        raise _Failed(f"the package lacks {', '.join(missing)}")
    _decode(archive, README_MEMBER)  # read once so a damaged README is reported as such
    item = _document(archive, COMMITMENT_MEMBER)
    file = _text(item, "file", COMMITMENT_MEMBER)
    if not file.startswith(EVIDENCE_PREFIX) or file not in names:
        raise _Failed("the package lacks the evidence file named in commitment.json")
    if extra := sorted(names - expected - {file}):
        raise _Failed(f"the package holds unexpected files: {', '.join(extra)[:200]}")
    if item.get("format") != PACKAGE_FORMAT:
        raise _Failed("commitment.json is not of a package format this version knows")
    kind = _text(item, "kind", COMMITMENT_MEMBER)
    if kind not in (ORIGINAL_KIND, WORKING_COPY_KIND):
        raise _Failed("commitment.json names an unknown kind of entry")
    head = _head(archive)
    proof = _proof(_document(archive, PROOF_MEMBER), PROOF_MEMBER)
    if _integer(item, "leaf_index", COMMITMENT_MEMBER) != proof.leaf_index:
        raise _Failed("commitment.json and inclusion_proof.json name different log entries")
    return _Parsed(
        item_id=_text(item, "item_id", COMMITMENT_MEMBER),
        file=file,
        media_type=_text(item, "media_type", COMMITMENT_MEMBER),
        size=_integer(item, "size", COMMITMENT_MEMBER),
        sha256=_hex(item, "sha256", COMMITMENT_MEMBER),
        item=_Entry(
            kind=kind,
            salt=_hex(item, "salt", COMMITMENT_MEMBER),
            commitment=_hex(item, "commitment", COMMITMENT_MEMBER),
            proof=proof,
        ),
        custody=_custody(archive),
        head=head,
        key=_key(archive),
    )


def _custody(archive: SafeZip) -> list[_Entry]:
    events = _document(archive, CUSTODY_MEMBER).get("events")
    if not isinstance(events, list) or not events:
        raise _Failed("custody.json has no list of events")
    entries = []
    for raw in events:
        if not isinstance(raw, dict):
            raise _Failed("custody.json holds an event that is not an object")
        text = _text(raw, "event", CUSTODY_MEMBER)
        try:
            event = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, a number too long, nesting too deep
            raise _Failed("custody.json holds an event that is not JSON") from None
        if not isinstance(event, dict) or not all(isinstance(v, str) for v in event.values()):
            raise _Failed("custody.json holds an event that is not a flat object of text")
        entries.append(
            _Entry(
                kind=_text(raw, "kind", CUSTODY_MEMBER),
                salt=_hex(raw, "salt", CUSTODY_MEMBER),
                commitment=_hex(raw, "commitment", CUSTODY_MEMBER),
                proof=_proof(raw, CUSTODY_MEMBER),
                content_hash=sha256(text.encode("utf-8")).digest(),
                event=event,
            )
        )
    return entries


def _head(archive: SafeZip) -> SignedTreeHead:
    try:
        return SignedTreeHead.from_json(_document(archive, HEAD_MEMBER))
    except UncountedError as error:
        raise _Failed(f"signed_head.json is malformed: {error}") from None


def _key(archive: SafeZip) -> LogPublicKey:
    lines = _decode(archive, KEY_MEMBER).splitlines()
    try:
        return LogPublicKey(parse_hex(lines[0] if lines else "", 32, "log public key"))
    except UncountedError as error:
        raise _Failed(f"log_public_key.txt is malformed: {error}") from None


def _proof(document: dict[str, Any], member: str) -> _Proof:
    path = document.get("path")
    if not isinstance(path, list) or len(path) > 64:
        raise _Failed(f"{member}: the proof path is missing or too long")
    nodes = []
    for node in path:
        try:
            nodes.append(parse_hex(node, HASH_SIZE, "proof node"))
        except UncountedError:
            raise _Failed(f"{member}: a proof node is not a 32-byte hash") from None
    return _Proof(
        _integer(document, "leaf_index", member), _integer(document, "tree_size", member), nodes
    )


def _decode(archive: SafeZip, member: str) -> str:
    try:
        return archive.read_document(member).decode("utf-8")
    except UnicodeDecodeError:
        raise _Failed(f"{member} is not UTF-8 text") from None


def _document(archive: SafeZip, member: str) -> dict[str, Any]:
    try:
        document = json.loads(_decode(archive, member))
    except (ValueError, RecursionError):
        # ValueError: not JSON, or an integer over Python's 4,300 digits; RecursionError:
        # nesting deeper than the interpreter follows (a forged package, issue 18)
        raise _Failed(f"{member} is not valid JSON") from None
    if not isinstance(document, dict):
        raise _Failed(f"{member} is not a JSON object")
    return document


def _text(document: dict[str, Any], key: str, member: str) -> str:
    value = document.get(key)
    if not isinstance(value, str):
        raise _Failed(f"{member}: field {key} is missing or not text")
    return value


def _integer(document: dict[str, Any], key: str, member: str) -> int:
    value = document.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise _Failed(f"{member}: field {key} is missing or not a whole number")
    return value


def _hex(document: dict[str, Any], key: str, member: str) -> bytes:
    try:
        return parse_hex(document.get(key), 32, key)
    except UncountedError:
        raise _Failed(f"{member}: field {key} is not a 32-byte hex value") from None


def _summary(parsed: _Parsed | None) -> PackageSummary | None:
    if parsed is None:
        return None
    steps = tuple(
        CustodyStep(
            action=entry.event.get("action", ""),
            at=entry.event.get("at", ""),
            fields={k: v for k, v in entry.event.items() if k not in ("action", "at", "item")},
        )
        for entry in parsed.custody
    )
    return PackageSummary(
        item_id=parsed.item_id,
        kind=parsed.item.kind,
        media_type=parsed.media_type,
        size=parsed.size,
        sha256=parsed.sha256.hex(),
        leaf_index=parsed.item.proof.leaf_index,
        tree_size=parsed.head.head.tree_size,
        head_time=parsed.head.head.time_iso,
        key_fingerprint=parsed.key.fingerprint,
        custody=steps,
    )
