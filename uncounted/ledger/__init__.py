"""The verifiable ledger: an RFC 9162 Merkle log of salted commitments, and evidence packages.

Pure and vault-independent: everything here works on bytes and files a court or journalist
holds, so that :func:`verify_package` runs anywhere, offline. The vault stores the log
(``uncounted.vault.ledger_store``); this package defines what is stored and how it is checked.
"""

from uncounted.ledger._commitment import Commitment, MalformedCommitmentError, commitment_value
from uncounted.ledger._heads import (
    LogPublicKey,
    LogSigningKey,
    MalformedHeadError,
    SignedTreeHead,
    TreeHead,
)
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
from uncounted.ledger._package_format import (
    CUSTODY_KIND,
    ORIGINAL_KIND,
    WORKING_COPY_KIND,
    CustodyRecord,
    PackageContents,
    ProvenEntry,
    custody_event_json,
)
from uncounted.ledger._package_verify import (
    CHECK_NAMES,
    CheckResult,
    CustodyStep,
    PackageSummary,
    VerificationReport,
    verify_package,
)
from uncounted.ledger._package_write import (
    ExportMismatchError,
    write_package,
    write_package_into,
)
from uncounted.ledger._safezip import SafeZip, UnsafeArchiveError, ZipLimits

__all__ = [
    "CHECK_NAMES",
    "CUSTODY_KIND",
    "EMPTY_ROOT",
    "HASH_SIZE",
    "ORIGINAL_KIND",
    "WORKING_COPY_KIND",
    "CheckResult",
    "Commitment",
    "CustodyRecord",
    "CustodyStep",
    "ExportMismatchError",
    "LogPublicKey",
    "LogSigningKey",
    "MalformedCommitmentError",
    "MalformedHeadError",
    "MerkleFrontier",
    "MerkleTree",
    "PackageContents",
    "PackageSummary",
    "ProvenEntry",
    "SafeZip",
    "SignedTreeHead",
    "TreeHead",
    "TreeIndexError",
    "UnsafeArchiveError",
    "VerificationReport",
    "ZipLimits",
    "commitment_value",
    "custody_event_json",
    "leaf_hash",
    "node_hash",
    "verify_consistency",
    "verify_inclusion",
    "verify_package",
    "write_package",
    "write_package_into",
]
