"""Standalone verification of an evidence package: no vault, no network, no extraction.

The checks run in a fixed order, each building on the ones before; a failure stops the rest
(reported as not run)::

    archive          a complete zip, only the expected members, nothing unsafe, documents parse
    file_hash        the evidence file hashes to the recorded SHA-256
    commitment       the salted commitment recomputes from kind, salt and that hash
    signed_head      the checkpoint covers the entry, and every proof is for its tree size
    inclusion_proof  RFC 9162 inclusion proof from the commitment's leaf to the signed root
    custody          every custody event opens its commitment, is proven into the same root,
                     and names the commitment of the event before it (none dropped)
    signature        the checkpoint is signed by the key the package carries
    public_key       that key is the one the user trusts (given, or its published fingerprint)
    witnesses        k of the n witnesses the user trusts cosigned this or an earlier
                     checkpoint the package's one provably extends
    timestamps       no date lies in the future of this computer's clock, none goes backwards
    seal             no byte of the archive changed since it was written

Without a trusted key the package can be a complete forgery under someone else's key, so the
verdict is then "integrity checked, authenticity not checked", never "verified". The
organisation's timestamp is reported as its own claim; only witnesses' cosignatures bound the
time independently. A failure is a result, not an exception: :func:`verify_package` never
raises for a bad package, and everything it reports from the package is stripped of control
characters (a package cannot write to the verifier's terminal).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any, Literal

from uncounted.errors import UncountedError
from uncounted.ledger._checkpoint import ConsistencyBundle, SignedCheckpoint, TlogProof
from uncounted.ledger._commitment import commitment_value
from uncounted.ledger._heads import LogPublicKey, SignedTreeHead, parse_hex
from uncounted.ledger._merkle import HASH_SIZE, leaf_hash, verify_consistency, verify_inclusion
from uncounted.ledger._note import COSIGNATURE_V1, VerifierKey, b64decode
from uncounted.ledger._package_format import (
    COMMITMENT_MEMBER,
    CUSTODY_KIND,
    CUSTODY_MEMBER,
    DOCUMENT_MEMBERS,
    EVIDENCE_PREFIX,
    KEY_MEMBER,
    LEGACY_FORMAT,
    LEGACY_HEAD_MEMBER,
    LEGACY_MEMBERS,
    LEGACY_PROOF_MEMBER,
    MANIFEST_MEMBER,
    MAX_WITNESSED,
    NO_PREVIOUS,
    ORIGINAL_KIND,
    PACKAGE_FORMAT,
    README_MEMBER,
    SEAL_DIGITS,
    SEAL_PREFIX,
    TLOG_PROOF_MEMBER,
    WITNESSED_MEMBER,
    WORKING_COPY_KIND,
    listed_files,
)
from uncounted.ledger._safezip import SafeZip, ZipLimits
from uncounted.messages import printable

CHECK_NAMES = (
    "archive",
    "file_hash",
    "commitment",
    "signed_head",
    "inclusion_proof",
    "custody",
    "signature",
    "public_key",
    "witnesses",
    "timestamps",
    "seal",
)
CLOCK_TOLERANCE = 300
"""Seconds a date may lie ahead of the verifier's clock (or a witness's) before it is refused."""
Status = Literal["passed", "failed", "skipped", "not checked", "not run"]
Verdict = Literal["verified", "unauthenticated", "failed"]


def iso_time(seconds: int) -> str:
    """POSIX seconds as ISO 8601 UTC, for people (out-of-range years shown as seconds)."""
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return f"{seconds} s after 1970"


@dataclass(frozen=True)
class TrustPolicy:
    """What the person verifying trusts: the log key (or its fingerprint) and witnesses.

    ``threshold`` is how many of ``witnesses`` must have cosigned (0: all of them); ``now`` is
    the verifier's clock in POSIX seconds (None: this computer's).
    """

    public_key: LogPublicKey | None = None
    fingerprint: str | None = None
    witnesses: tuple[VerifierKey, ...] = ()
    threshold: int = 0
    now: int | None = None

    @property
    def required(self) -> int:
        """How many trusted witnesses must have cosigned."""
        return self.threshold or len(self.witnesses)


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
class HeadSeen:
    """A signed head a package or file showed, for comparing heads across inputs."""

    source: str
    tree_size: int
    root_hash: bytes
    public_key: bytes
    org_time: int | None


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
    origin: str = ""
    witness_bound: str | None = None
    #: The files the committed manifest lists (a report's, a case's package), if it is one.
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerificationReport:
    """All check results for one package, in order."""

    package: str
    checks: tuple[CheckResult, ...]
    summary: PackageSummary | None
    heads: tuple[HeadSeen, ...] = ()
    bundles: tuple[ConsistencyBundle, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """ "verified" only when every check passed and the log key was one the user trusts."""
        if any(check.status in ("failed", "not run") for check in self.checks):
            return "failed"
        if any(check.status == "not checked" for check in self.checks):
            return "unauthenticated"
        return "verified"

    @property
    def ok(self) -> bool:
        """True only for a "verified" verdict."""
        return self.verdict == "verified"

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
            "verdict": self.verdict,
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
class _Head:
    """The signed head the proofs lead to: a checkpoint, or a legacy binary head."""

    size: int
    root: bytes
    checkpoint: SignedCheckpoint | None = None
    legacy: SignedTreeHead | None = None

    def signed_by(self, key: LogPublicKey) -> bool:
        if self.checkpoint is not None:
            return self.checkpoint.log_signature_valid(key.raw)
        return self.legacy is not None and key.verifies(self.legacy)

    def org_time(self, key: LogPublicKey) -> int | None:
        if self.checkpoint is not None:
            return self.checkpoint.log_time(key.raw)
        return None if self.legacy is None else self.legacy.head.timestamp_ms // 1000


@dataclass
class _Witnessed:
    head: _Head
    consistency: list[bytes]


@dataclass
class _Parsed:
    item_id: str
    file: str
    media_type: str
    size: int
    sha256: bytes
    item: _Entry
    custody: list[_Entry]
    head: _Head
    key: LogPublicKey
    legacy: bool
    witnessed: list[_Witnessed]
    bound: str | None = None
    listed: dict[str, tuple[str, int]] = field(default_factory=dict)


_Check = tuple[Status, str]


def verify_package(
    path: Path,
    trust: TrustPolicy | LogPublicKey | None = None,
    limits: ZipLimits | None = None,
) -> VerificationReport:
    """Check the evidence package at *path* against what the user trusts (*trust*)."""
    policy = TrustPolicy(public_key=trust) if not isinstance(trust, TrustPolicy) else trust
    results: list[CheckResult] = []
    parsed: _Parsed | None = None
    try:
        with SafeZip(path, limits) as archive:
            parsed = _parse(archive)
            results.append(CheckResult("archive", "passed", _ARCHIVE_OK))
            for name, check in _CHECKS:
                status, message = check(parsed, archive, path, policy)
                results.append(CheckResult(name, status, printable(message)))
    except _Failed as failure:
        results.append(CheckResult(CHECK_NAMES[len(results)], "failed", printable(str(failure))))
    except UncountedError as unsafe:
        results.append(CheckResult(CHECK_NAMES[len(results)], "failed", printable(str(unsafe))))
    results.extend(CheckResult(name, "not run", "") for name in CHECK_NAMES[len(results) :])
    summary = _summary(parsed)
    return VerificationReport(
        path.name, tuple(results), summary, _heads(path, parsed), _bundles(parsed)
    )


_ARCHIVE_OK = "the archive is complete, holds only the expected files, and nothing in it is unsafe"


def _check_file_hash(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    digest = sha256()
    size = 0
    for chunk in archive.stream(parsed.file):
        digest.update(chunk)
        size += len(chunk)
    if size != parsed.size or digest.digest() != parsed.sha256:
        raise _Failed("the evidence file does not match its recorded SHA-256: it was altered")
    if not parsed.listed:
        return "passed", f"the evidence file ({size} bytes) has the recorded SHA-256"
    for name, (expected, length) in sorted(parsed.listed.items()):
        listed, count = sha256(), 0
        for chunk in archive.stream(name):
            listed.update(chunk)
            count += len(chunk)
        if count != length or listed.hexdigest() != expected:
            raise _Failed(f"{name} does not match the SHA-256 its manifest lists: it was altered")
    return "passed", (
        f"the manifest ({size} bytes) has the recorded SHA-256, and each of the"
        f" {len(parsed.listed)} files it lists has the SHA-256 the manifest gives"
    )


def _check_commitment(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    item = parsed.item
    if commitment_value(item.kind, item.salt, parsed.sha256) != item.commitment:
        raise _Failed("the salted commitment does not recompute from the file's hash and salt")
    return "passed", "the salted commitment recomputes from the file's hash and its salt"


def _check_signed_head(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    size = parsed.head.size
    for entry in [parsed.item, *parsed.custody]:
        if entry.proof.tree_size != size:
            raise _Failed(
                f"a proof is for a log of {entry.proof.tree_size} entries but the signed head"
                f" covers {size}"
            )
        if entry.proof.leaf_index >= size:
            raise _Failed(f"entry {entry.proof.leaf_index} is not among the head's {size}")
    what = "legacy signed head" if parsed.legacy else "checkpoint"
    return "passed", f"the {what} covers {size} log entries, this item's among them"


def _check_inclusion(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    if not _proven(parsed.item, parsed.head):
        raise _Failed("the inclusion proof does not lead from the commitment to the signed root")
    index = parsed.item.proof.leaf_index
    return "passed", f"the commitment is entry {index} of the log: its proof reaches the root"


def _check_custody(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    for number, entry in enumerate(parsed.custody, start=1):
        value = commitment_value(entry.kind, entry.salt, entry.content_hash)
        if entry.kind != CUSTODY_KIND or value != entry.commitment:
            raise _Failed(f"custody event {number} does not match its commitment")
        if entry.event.get("item") != parsed.item_id:
            raise _Failed(f"custody event {number} is about another item")
        if not _proven(entry, parsed.head):
            raise _Failed(f"custody event {number} is not proven to be in the signed log")
    unchained = _check_chain(parsed)
    actions = ", ".join(entry.event.get("action", "?") for entry in parsed.custody)
    message = f"all {len(parsed.custody)} custody events are in the log ({actions})"
    if parsed.legacy:
        return "passed", (
            f"{message}; this older package format does not chain them, so an event left out"
            " would not be noticed"
        )
    if unchained:
        return "passed", (
            f"{message}; each names the one before it, except the first {unchained}, recorded"
            " before events were chained (one left out of those would not be noticed)"
        )
    return "passed", f"{message}; each names the one before it, so none was left out"


def _check_chain(parsed: _Parsed) -> int:
    """Check the "previous" links; return how many leading events predate chaining."""
    if parsed.legacy:
        return 0
    unchained = 0
    before: _Entry | None = None
    for number, entry in enumerate(parsed.custody, start=1):
        previous = entry.event.get("previous")
        if previous is None:
            if before is not None and before.event.get("previous") is not None:
                raise _Failed(f"custody event {number} does not name the event before it")
            unchained += 1
        elif previous != (NO_PREVIOUS if before is None else before.commitment.hex()):
            raise _Failed(
                f"custody event {number} names a previous event that is not the one before it"
                " in the package: an event was left out or reordered"
            )
        before = entry
    if parsed.custody[-1].event.get("action") != "exported":
        raise _Failed("the last custody event is not this package's export: events were cut")
    return unchained


def _check_signature(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    if not parsed.head.signed_by(parsed.key):
        raise _Failed("the signature on the tree head is not valid for the package's log key")
    if any(not one.head.signed_by(parsed.key) for one in parsed.witnessed):
        raise _Failed("a witnessed checkpoint is not signed by the package's log key")
    return "passed", (
        "the tree head is signed by the log key the package carries (anyone can make a key:"
        " only the public_key check says whose it is)"
    )


def _check_public_key(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    mine = parsed.key.fingerprint
    if trust.public_key is None and trust.fingerprint is None:
        return "not checked", (
            f"no trusted key given: the package is signed by key {mine}; it could be anyone's."
            " Compare it with the fingerprint the organisation published, then run again with"
            " --public-key or --fingerprint"
        )
    if trust.public_key is not None and trust.public_key != parsed.key:
        raise _Failed(
            f"the package's log key (fingerprint {mine}) is not the key you gave"
            f" (fingerprint {trust.public_key.fingerprint}): it was signed by someone else"
        )
    if trust.fingerprint is not None and _bare(trust.fingerprint) != _bare(mine):
        raise _Failed(
            f"the package's log key has fingerprint {mine}, not the published one you gave:"
            " it was signed by someone else"
        )
    return "passed", f"the package's log key is the key you trust ({mine})"


def _bare(fingerprint: str) -> str:
    return "".join(fingerprint.split()).lower()


def _check_witnesses(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    for witnessed in parsed.witnessed:
        old, new = witnessed.head, parsed.head
        if not verify_consistency(old.size, old.root, new.size, new.root, witnessed.consistency):
            raise _Failed(
                f"the witnessed checkpoint of {old.size} entries is not consistent with the"
                f" package's of {new.size}: the log was forked or rewritten"
            )
    carried = _cosignature_count(parsed)
    if not trust.witnesses:
        return "skipped", (
            f"the package carries {carried} witness cosignature(s); name the witnesses you"
            " trust with --witness to check them"
        )
    times = [_witness_time(parsed, key) for key in trust.witnesses]
    valid = sorted(stamp for stamp in times if stamp is not None)
    need = trust.required
    if len(valid) < need:
        raise _Failed(
            f"only {len(valid)} of the {need} witness cosignatures you require cover this"
            " item (of the witnesses you named)"
        )
    bound = valid[need - 1]
    parsed.bound = iso_time(bound)
    return "passed", (
        f"{len(valid)} of the {len(trust.witnesses)} witnesses you trust cosigned a checkpoint"
        f" holding this item: it existed, as committed, no later than {iso_time(bound)}"
        f" ({need} independent cosignature(s) by then; earliest {iso_time(valid[0])})"
    )


def _cosignature_count(parsed: _Parsed) -> int:
    notes = [h.checkpoint for h in _witness_heads(parsed) if h.checkpoint is not None]
    return sum(
        1 for note in notes for sig in note.note.signatures if sig.name != note.checkpoint.origin
    )


def _witness_heads(parsed: _Parsed) -> list[_Head]:
    return [parsed.head, *(one.head for one in parsed.witnessed)]


def _witness_time(parsed: _Parsed, key: VerifierKey) -> int | None:
    """The earliest valid cosignature by *key* on a checkpoint holding the item's entry."""
    if key.kind != COSIGNATURE_V1:
        raise _Failed(f"the witness key {key.name} is not a cosignature key (type 4)")
    found = [
        stamp
        for head in _witness_heads(parsed)
        if parsed.item.proof.leaf_index < head.size
        and (stamp := _cosigned_at(head, key)) is not None
    ]
    return min(found) if found else None


def _cosigned_at(head: _Head, key: VerifierKey) -> int | None:
    """When *key* cosigned *head* (None if it did not); an invalid cosignature fails."""
    if head.checkpoint is None:
        return None
    for signature in head.checkpoint.note.signatures:
        if key.matches(signature):
            stamp = key.check(head.checkpoint.note.text, signature)
            if stamp is None:
                raise _Failed(f"the cosignature of witness {key.name} is not valid")
            return stamp
    return None


def _check_timestamps(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
    now = int(time.time()) if trust.now is None else trust.now
    stamp = parsed.head.org_time(parsed.key)
    if stamp is None:
        raise _Failed("the checkpoint carries no timestamp signed by the log key")
    if stamp > now + CLOCK_TOLERANCE:
        raise _Failed(
            f"the organisation dated its head {iso_time(stamp)}, after this computer's clock"
            f" ({iso_time(now)}): the date is false or one of the clocks is wrong"
        )
    for witnessed in parsed.witnessed:
        older = witnessed.head.org_time(parsed.key)
        if older is not None and older > stamp + CLOCK_TOLERANCE:
            raise _Failed(
                f"the organisation's dates go backwards: the checkpoint of"
                f" {witnessed.head.size} entries is dated {iso_time(older)}, after the"
                f" one of {parsed.head.size} ({iso_time(stamp)})"
            )
    for key in trust.witnesses:
        seen = _witness_time(parsed, key) if key.kind == COSIGNATURE_V1 else None
        if seen is not None and seen > now + CLOCK_TOLERANCE:
            raise _Failed(f"witness {key.name} dated its cosignature in this computer's future")
        seen = _cosigned_at(parsed.head, key) if key.kind == COSIGNATURE_V1 else None
        if seen is not None and stamp > seen + CLOCK_TOLERANCE:
            raise _Failed(
                f"the organisation dated its head {iso_time(stamp)}, after witness {key.name}"
                f" had already cosigned it ({iso_time(seen)}): the organisation's date is false"
            )
    return "passed", (
        f"the organisation's own clock dated the head {iso_time(stamp)}: this is its claim, not"
        " independent evidence; no date lies in this computer's future"
    )


def _check_seal(parsed: _Parsed, archive: SafeZip, path: Path, trust: TrustPolicy) -> _Check:
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
    ("signature", _check_signature),
    ("public_key", _check_public_key),
    ("witnesses", _check_witnesses),
    ("timestamps", _check_timestamps),
    ("seal", _check_seal),
)


def _proven(entry: _Entry, head: _Head) -> bool:
    proof = entry.proof
    return verify_inclusion(
        leaf_hash(entry.commitment), proof.leaf_index, proof.tree_size, proof.path, head.root
    )


def _parse(archive: SafeZip) -> _Parsed:
    names = set(archive.names)
    legacy = LEGACY_HEAD_MEMBER in names and TLOG_PROOF_MEMBER not in names
    expected = {*(LEGACY_MEMBERS if legacy else DOCUMENT_MEMBERS), KEY_MEMBER, README_MEMBER}
    if missing := sorted(expected - names):
        raise _Failed(f"the package lacks {', '.join(missing)}")
    optional = {name for name in names if WITNESSED_MEMBER.fullmatch(name)}
    sizes = sorted({int(name.split("-")[1].split(".")[0]) for name in optional})
    if len(optional) != 2 * len(sizes) or len(sizes) > MAX_WITNESSED:
        raise _Failed("the package's witnessed checkpoints and their proofs do not pair up")
    _decode(archive, README_MEMBER)  # read once so a damaged README is reported as such
    item = _document(archive, COMMITMENT_MEMBER)
    file = _text(item, "file", COMMITMENT_MEMBER)
    if not (file.startswith(EVIDENCE_PREFIX) or file == MANIFEST_MEMBER) or file not in names:
        raise _Failed("the package lacks the evidence file named in commitment.json")
    listed = _listed(archive, file)
    if missing := sorted(set(listed) - names):
        raise _Failed(f"the package lacks files its manifest lists: {', '.join(missing)[:200]}")
    if extra := sorted(names - expected - optional - {file} - set(listed)):
        raise _Failed(f"the package holds unexpected files: {', '.join(extra)[:200]}")
    if item.get("format") != (LEGACY_FORMAT if legacy else PACKAGE_FORMAT):
        raise _Failed("commitment.json is not of a package format this version knows")
    kind = _text(item, "kind", COMMITMENT_MEMBER)
    if kind not in (ORIGINAL_KIND, WORKING_COPY_KIND):
        raise _Failed("commitment.json names an unknown kind of entry")
    head, proof = _legacy_head(archive) if legacy else _tlog_proof(archive)
    if _integer(item, "leaf_index", COMMITMENT_MEMBER) != proof.leaf_index:
        raise _Failed("commitment.json and the inclusion proof name different log entries")
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
        legacy=legacy,
        witnessed=[_witnessed(archive, size) for size in sizes],
        listed=listed,
    )


def _listed(archive: SafeZip, file: str) -> dict[str, tuple[str, int]]:
    """The files a committed manifest lists (none for a package of one evidence file)."""
    if file != MANIFEST_MEMBER:
        return {}
    listed = listed_files(archive.read_document(MANIFEST_MEMBER))
    if listed is None:
        raise _Failed("manifest.json does not list its files in the documented form")
    return listed


def _tlog_proof(archive: SafeZip) -> tuple[_Head, _Proof]:
    try:
        proof = TlogProof.parse(archive.read_document(TLOG_PROOF_MEMBER))
    except UncountedError as error:
        raise _Failed(f"{TLOG_PROOF_MEMBER} is malformed: {error}") from None
    signed = proof.checkpoint
    size = signed.checkpoint.tree_size
    head = _Head(size, signed.checkpoint.root_hash, checkpoint=signed)
    return head, _Proof(proof.index, size, list(proof.path))


def _legacy_head(archive: SafeZip) -> tuple[_Head, _Proof]:
    try:
        signed = SignedTreeHead.from_json(_document(archive, LEGACY_HEAD_MEMBER))
    except UncountedError as error:
        raise _Failed(f"{LEGACY_HEAD_MEMBER} is malformed: {error}") from None
    head = _Head(signed.head.tree_size, signed.head.root_hash, legacy=signed)
    return head, _proof(_document(archive, LEGACY_PROOF_MEMBER), LEGACY_PROOF_MEMBER)


def _witnessed(archive: SafeZip, size: int) -> _Witnessed:
    try:
        signed = SignedCheckpoint.parse(archive.read_document(f"witnessed-{size}.checkpoint"))
        lines = _decode(archive, f"witnessed-{size}.consistency").splitlines()
        proof = [b64decode(line) for line in lines]
    except UncountedError as error:
        raise _Failed(f"the witnessed checkpoint or its proof is malformed: {error}") from None
    if len(proof) > 63 or any(len(node) != HASH_SIZE for node in proof):
        raise _Failed("the witnessed checkpoint's proof is not a list of 32-byte hashes")
    if signed.checkpoint.tree_size != size:
        raise _Failed(f"witnessed-{size}.checkpoint is a checkpoint of another size")
    head = _Head(signed.checkpoint.tree_size, signed.checkpoint.root_hash, checkpoint=signed)
    return _Witnessed(head, proof)


def _custody(archive: SafeZip) -> list[_Entry]:
    events = _document(archive, CUSTODY_MEMBER).get("events")
    if not isinstance(events, list) or not events:
        raise _Failed("custody.json has no list of events")
    entries = []
    for raw in events:
        if not isinstance(raw, dict):
            raise _Failed("custody.json holds an event that is not an object")
        text = _text(raw, "event", CUSTODY_MEMBER)
        event = _loads(text, "custody.json holds an event that is not JSON")
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


def _loads(text: str, problem: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError, over-long integers, deep nesting
        raise _Failed(problem) from None


def _document(archive: SafeZip, member: str) -> dict[str, Any]:
    document = _loads(_decode(archive, member), f"{member} is not valid JSON")
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


def _heads(path: Path, parsed: _Parsed | None) -> tuple[HeadSeen, ...]:
    if parsed is None:
        return ()
    seen = []
    for head in _witness_heads(parsed):
        if head.signed_by(parsed.key):
            stamp = head.org_time(parsed.key)
            seen.append(HeadSeen(path.name, head.size, head.root, parsed.key.raw, stamp))
    return tuple(seen)


def _bundles(parsed: _Parsed | None) -> tuple[ConsistencyBundle, ...]:
    """The package's own proofs that its checkpoint extends the witnessed ones."""
    if parsed is None or parsed.head.checkpoint is None:
        return ()
    return tuple(
        ConsistencyBundle(one.head.size, tuple(one.consistency), parsed.head.checkpoint)
        for one in parsed.witnessed
    )


def _summary(parsed: _Parsed | None) -> PackageSummary | None:
    if parsed is None:
        return None
    steps = tuple(
        CustodyStep(
            action=printable(entry.event.get("action", "")),
            at=printable(entry.event.get("at", "")),
            fields={
                printable(k): printable(v)
                for k, v in entry.event.items()
                if k not in ("action", "at", "item", "previous")
            },
        )
        for entry in parsed.custody
    )
    stamp = parsed.head.org_time(parsed.key)
    origin = parsed.head.checkpoint.checkpoint.origin if parsed.head.checkpoint else ""
    return PackageSummary(
        item_id=printable(parsed.item_id),
        kind=parsed.item.kind,
        media_type=printable(parsed.media_type),
        size=parsed.size,
        sha256=parsed.sha256.hex(),
        leaf_index=parsed.item.proof.leaf_index,
        tree_size=parsed.head.size,
        head_time="" if stamp is None else iso_time(stamp),
        key_fingerprint=parsed.key.fingerprint,
        custody=steps,
        origin=printable(origin),
        witness_bound=parsed.bound,
        files=tuple(sorted(parsed.listed)),
    )
