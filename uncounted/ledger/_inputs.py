"""Verifying everything a person was given at once: packages, checkpoints, consistency bundles.

``uncounted verify A.zip B.zip head.checkpoint later.bundle`` checks each package on its own,
then puts every signed head side by side (:func:`compare_heads`): a split view or a forked
history shows only there. A checkpoint file is read as a c2sp.org/tlog-checkpoint note, a
tlog-proof, or a consistency bundle (``old N``, proof, checkpoint); it counts only once a log
key checks its signature: the trusted key, or the key of a package given with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uncounted.errors import UncountedError
from uncounted.ledger._checkpoint import (
    PROOF_HEADER,
    ConsistencyBundle,
    SignedCheckpoint,
    TlogProof,
)
from uncounted.ledger._heads import LogPublicKey
from uncounted.ledger._history import HistoryFinding, compare_heads
from uncounted.ledger._package_verify import (
    HeadSeen,
    TrustPolicy,
    Verdict,
    VerificationReport,
    verify_package,
)
from uncounted.messages import printable

MAX_HEAD_FILE = 1 << 20


@dataclass
class InputsResult:
    """Every package report, every head seen, and what comparing the heads showed."""

    reports: list[VerificationReport] = field(default_factory=list)
    heads: list[HeadSeen] = field(default_factory=list)
    findings: list[HistoryFinding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    authenticated: bool = True
    files: int = 0

    @property
    def verdict(self) -> Verdict:
        """Failed on any failed package, unreadable head or forgery evidence; else as trusted."""
        if self.problems or any(f.forgery for f in self.findings):
            return "failed"
        if any(report.verdict == "failed" for report in self.reports):
            return "failed"
        if not self.authenticated or any(r.verdict == "unauthenticated" for r in self.reports):
            return "unauthenticated"
        return "verified"

    @property
    def problem(self) -> str | None:
        """The first reason for a failed verdict, in a sentence."""
        for report in self.reports:
            failure = report.first_failure
            if failure is not None:
                return f"{report.package} failed the {failure.name} check: {failure.message}"
        forged = [f.message for f in self.findings if f.forgery]
        return (self.problems + forged + [None])[0]

    def to_json(self) -> dict[str, Any]:
        """One package alone: its report as before; otherwise every part."""
        history = [vars(finding) for finding in self.findings]
        if len(self.reports) == 1 and not self.files:
            return {**self.reports[0].to_json(), "verdict": self.verdict, "history": history}
        return {
            "ok": self.verdict == "verified",
            "verdict": self.verdict,
            "packages": [report.to_json() for report in self.reports],
            "heads": [
                {
                    "source": printable(head.source),
                    "tree_size": head.tree_size,
                    "root_hash": head.root_hash.hex(),
                    "signed_at": head.org_time,
                }
                for head in self.heads
            ],
            "history": history,
            "problems": self.problems,
            "notes": self.notes,
        }


def verify_inputs(paths: list[Path], trust: TrustPolicy) -> InputsResult:
    """Verify every package in *paths*, read every other file as heads, compare all heads."""
    result = InputsResult()
    others: list[Path] = []
    bundles: list[ConsistencyBundle] = []
    for path in paths:
        if _is_zip(path):
            report = verify_package(path, trust)
            result.reports.append(report)
            result.heads.extend(report.heads)
            bundles.extend(report.bundles)
        else:
            others.append(path)
    result.files = len(others)
    keys = _keys(trust, result)
    for path in others:
        _read_heads(path, keys, trust, result, bundles)
    result.findings = compare_heads(result.heads, bundles)
    return result


def _is_zip(path: Path) -> bool:
    """A package is told by its content (a zip starts with "PK"), not by its file name."""
    try:
        with path.open("rb") as handle:
            return handle.read(2) == b"PK" or path.suffix.lower() == ".zip"
    except OSError:
        return path.suffix.lower() == ".zip"


def _keys(trust: TrustPolicy, result: InputsResult) -> list[LogPublicKey]:
    if trust.public_key is not None:
        return [trust.public_key]
    found = {LogPublicKey(head.public_key) for head in result.heads}
    return sorted(found, key=lambda key: key.raw)


def _read_heads(
    path: Path,
    keys: list[LogPublicKey],
    trust: TrustPolicy,
    result: InputsResult,
    bundles: list[ConsistencyBundle],
) -> None:
    name = path.name
    try:
        if path.stat().st_size > MAX_HEAD_FILE:
            raise OSError
        text = path.read_bytes().decode("utf-8")
        signed, bundle = _parse_head_file(text)
    except (OSError, UnicodeDecodeError, UncountedError) as error:
        reason = str(error) if isinstance(error, UncountedError) else "not readable as text"
        result.problems.append(f"{name}: not a checkpoint, tlog-proof or bundle ({reason})")
        return
    key = next((k for k in keys if signed.log_signature_valid(k.raw)), None)
    if key is None:
        result.problems.append(
            f"{name}: no log key you gave or that a package carries signed this checkpoint"
        )
        return
    if trust.public_key is None and trust.fingerprint is None:
        result.authenticated = False
    elif trust.fingerprint is not None and trust.public_key is None:
        result.authenticated = result.authenticated and _bare(key.fingerprint) == _bare(
            trust.fingerprint
        )
    if bundle is not None:
        bundles.append(bundle)
    stamp = signed.log_time(key.raw)
    checkpoint = signed.checkpoint
    result.heads.append(HeadSeen(name, checkpoint.tree_size, checkpoint.root_hash, key.raw, stamp))
    result.notes.append(f"{name}: a checkpoint of {checkpoint.tree_size} entries, signature valid")


def _bare(fingerprint: str) -> str:
    return "".join(fingerprint.split()).lower()


def _parse_head_file(text: str) -> tuple[SignedCheckpoint, ConsistencyBundle | None]:
    if text.startswith("old "):
        bundle = ConsistencyBundle.parse(text)
        return bundle.checkpoint, bundle
    if text.startswith(PROOF_HEADER):
        return TlogProof.parse(text).checkpoint, None
    return SignedCheckpoint.parse(text), None
