"""The verifiable ledger: an RFC 9162 Merkle log of salted commitments, and evidence packages.

Pure and vault-independent: everything here works on bytes and files a court or journalist
holds, so that :func:`verify_package` runs anywhere, offline. The vault stores the log
(``uncounted.vault.ledger_store``); this package defines what is stored and how it is checked.
"""

from uncounted.ledger._checkpoint import (
    Checkpoint,
    ConsistencyBundle,
    SignedCheckpoint,
    TlogProof,
)
from uncounted.ledger._commitment import Commitment, MalformedCommitmentError, commitment_value
from uncounted.ledger._heads import (
    LogPublicKey,
    LogSigningKey,
    MalformedHeadError,
    SignedTreeHead,
    TreeHead,
)
from uncounted.ledger._history import HistoryFinding, compare_heads
from uncounted.ledger._inputs import InputsResult, verify_inputs
from uncounted.ledger._merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MerkleFrontier,
    MerkleTree,
    TreeIndexError,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)
from uncounted.ledger._note import (
    COSIGNATURE_V1,
    ED25519,
    MalformedNoteError,
    NoteSignature,
    NoteSigner,
    SignedNote,
    VerifierKey,
)
from uncounted.ledger._package_format import (
    CUSTODY_KIND,
    MANIFEST_MEDIA_TYPE,
    MANIFEST_MEMBER,
    NO_PREVIOUS,
    ORIGINAL_KIND,
    WORKING_COPY_KIND,
    CustodyRecord,
    PackageContents,
    ProvenEntry,
    WitnessedCheckpoint,
    custody_event_json,
    listed_files,
)
from uncounted.ledger._package_verify import (
    CHECK_NAMES,
    CheckResult,
    CustodyStep,
    HeadSeen,
    PackageSummary,
    TrustPolicy,
    VerificationReport,
    iso_time,
    verify_package,
)
from uncounted.ledger._package_write import (
    ExportMismatchError,
    write_package,
    write_package_into,
)
from uncounted.ledger._record_proof import (
    RECORD_PROOF_FORMAT,
    RecordProofResult,
    check_record_proof,
)
from uncounted.ledger._safezip import SafeZip, UnsafeArchiveError, ZipLimits
from uncounted.messages import printable

__all__ = [
    "CHECK_NAMES",
    "COSIGNATURE_V1",
    "CUSTODY_KIND",
    "ED25519",
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MANIFEST_MEDIA_TYPE",
    "MANIFEST_MEMBER",
    "NO_PREVIOUS",
    "ORIGINAL_KIND",
    "RECORD_PROOF_FORMAT",
    "WORKING_COPY_KIND",
    "CheckResult",
    "Checkpoint",
    "Commitment",
    "ConsistencyBundle",
    "CustodyRecord",
    "CustodyStep",
    "ExportMismatchError",
    "HeadSeen",
    "HistoryFinding",
    "InputsResult",
    "LogPublicKey",
    "LogSigningKey",
    "MalformedCommitmentError",
    "MalformedHeadError",
    "MalformedNoteError",
    "MerkleFrontier",
    "MerkleTree",
    "NoteSignature",
    "NoteSigner",
    "PackageContents",
    "PackageSummary",
    "ProvenEntry",
    "RecordProofResult",
    "SafeZip",
    "SignedCheckpoint",
    "SignedNote",
    "SignedTreeHead",
    "TlogProof",
    "TreeHead",
    "TreeIndexError",
    "TrustPolicy",
    "UnsafeArchiveError",
    "VerificationReport",
    "VerifierKey",
    "WitnessedCheckpoint",
    "ZipLimits",
    "check_record_proof",
    "commitment_value",
    "compare_heads",
    "custody_event_json",
    "iso_time",
    "leaf_hash",
    "listed_files",
    "node_hash",
    "printable",
    "verify_consistency",
    "verify_inclusion",
    "verify_inputs",
    "verify_package",
    "write_package",
    "write_package_into",
]
