"""Checking a record's proof against a published report, offline: no vault, no network.

A court or an inquiry is handed two files: the report package (``report.zip``) and the proof
``uncounted ledger prove-record`` printed for one record (its id, its salt and its salted
commitment). The report package is checked first like any package (its manifest is in the
signed log and lists ``records.commitments`` with its SHA-256); the proof then holds when it
names that report (the manifest's SHA-256) and SHA-256(salt || record id) is a line of the
report's ``records.commitments``. The other lines reveal nothing: each has its own salt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from uncounted.errors import UncountedError
from uncounted.ledger._package_format import COMMITMENT_MEMBER, MANIFEST_MEMBER
from uncounted.ledger._safezip import SafeZip

RECORD_PROOF_FORMAT = "uncounted-record-proof-v1"
_HEX = re.compile(r"[0-9a-f]{64}")
#: A report of the first format (its files in one zip inside the package) commits no
#: records.commitments that a proof can be checked against from outside.
OLDER_FORMAT = (
    "the package holds one zip: a report in the older format (or an evidence package), which"
    " record proofs cannot be checked against; ask the organisation for the report published"
    " again and a proof against that one"
)


@dataclass(frozen=True)
class RecordProofResult:
    """Whether a record's proof holds for a report package, with a sentence saying why."""

    ok: bool
    record: str
    message: str


def _proof_fields(text: bytes) -> tuple[str, str, str, str] | None:
    try:
        proof = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(proof, dict) or proof.get("format") != RECORD_PROOF_FORMAT:
        return None
    fields = [proof.get(k) for k in ("record", "salt", "commitment", "report_sha256")]
    if not all(isinstance(f, str) for f in fields):
        return None
    record, salt, commitment, report = (str(f) for f in fields)
    if not record or not all(_HEX.fullmatch(v) for v in (salt, commitment, report)):
        return None
    return record, salt, commitment, report


def check_record_proof(package: Path, proof_text: bytes) -> RecordProofResult:
    """Check the record proof *proof_text* against the report package at *package* (whose
    own verification, by :func:`verify_package`, is the caller's first step)."""
    from uncounted.report.document import COMMITMENTS, record_commitment  # the one formula

    fields = _proof_fields(proof_text)
    if fields is None:
        return RecordProofResult(False, "", "the proof file is not a record proof of uncounted")
    record, salt, commitment, report = fields
    shown = record[:80]
    try:
        with SafeZip(package) as archive:
            described = json.loads(archive.read_document(COMMITMENT_MEMBER))
            nested = isinstance(described, dict) and described.get("file") != MANIFEST_MEMBER
            lines = [] if nested else archive.read_document(COMMITMENTS).decode("ascii").split()
    except (UncountedError, KeyError, ValueError, UnicodeDecodeError):
        return RecordProofResult(False, shown, "the package is not a published report")
    if nested and str(described.get("file", "")).endswith(".zip"):
        return RecordProofResult(False, shown, OLDER_FORMAT)
    if not isinstance(described, dict) or nested:
        return RecordProofResult(False, shown, "the package is not a published report")
    if described.get("sha256") != report:
        return RecordProofResult(False, shown, "the proof is for another report")
    if record_commitment(bytes.fromhex(salt), record) != commitment:
        return RecordProofResult(
            False, shown, "the proof's commitment does not recompute from its salt and record"
        )
    if commitment not in lines:
        return RecordProofResult(False, shown, "the report does not commit to this record")
    return RecordProofResult(
        True,
        shown,
        f"record {shown} was part of this report: SHA-256 of its salt and id is one of the"
        f" {len(lines)} commitments the report's manifest covers",
    )
