"""The encrypted vault: storage, keys, sealing, grants, audit, backup and panic.

This ``__init__`` is the vault's one public surface: ``uncounted.services`` reaches the vault
through the names in ``__all__`` and nothing else (``tests/test_architecture.py`` fails on an
import of a module inside ``uncounted.vault`` from outside it, or of a name not listed here;
``tests/vault/test_public_names.py`` pins the list). The shells (``cli``, ``web``) do not
import the vault at all: they call ``uncounted.services``.

The modules behind it keep their names (``records.py``, ``session.py``, ...) rather than a
leading underscore: renaming thirty modules while several people change them in parallel
costs more than it makes clear, and the architecture test states the same rule. Their tests
in ``tests/vault`` import them directly, as tests of internals do.

Permission checks are not made here: a vault function does what it is asked for the session it
is given. Which role may ask is decided once, in ``uncounted.services`` (see docs/design.md).
A few names are exported under a longer name than the module's (``totp.check`` is
``totp_check``, ``evidence_store.view`` is ``view_evidence``) so that the flat list reads
unambiguously.
"""

from uncounted.vault.analysis_store import (
    HISTORIES,
    LEFT_OUT,
    NOT_GRANTED,
    SEEN,
    SHARING_NO_ONE,
    Headline,
    LeftOutList,
    LinkDecision,
    PartialRunRefused,
    RecordKey,
    ResultNotFound,
    StoredResult,
    decisions,
    grant_remedy,
    headline,
    latest_result,
    not_held,
    records_after,
    records_seen,
    save_decision,
    save_result,
)
from uncounted.vault.analysis_store import publish as publish_result
from uncounted.vault.analysis_store import result as stored_result
from uncounted.vault.analysis_store import results as stored_results
from uncounted.vault.audit import (
    AuditEntry,
    AuditFilter,
    PageReads,
    gather_page_reads,
    record_sign_in,
    stop_gathering,
    trail_size,
    vault_trail,
)
from uncounted.vault.audit import as_seen_by as audit_as_seen_by
from uncounted.vault.audit import record as record_audit
from uncounted.vault.audit import records_by_pseudonym as audit_records_by_pseudonym
from uncounted.vault.backup import (
    BackupDamaged,
    BackupNotFound,
    BackupSummary,
    EvidenceFileMissing,
    OldBackupFormat,
    Progress,
    VaultChangedDuringBackup,
    restore_backup,
    stream_backup,
    write_backup,
)
from uncounted.vault.case_keys import NotGranted, held_key
from uncounted.vault.cases import (
    BadCaseName,
    CannotDeactivate,
    CaseDetails,
    CaseFields,
    CaseInfo,
    CaseNotFound,
    Deactivated,
    LastHolder,
    RemovalImpact,
    RevokeImpact,
    case_details,
    case_given,
    case_named_by,
    check_case_name,
    create_case,
    deactivate_user,
    grant,
    grant_with_recovery,
    list_cases,
    removal_impact,
    remove_user,
    require_case,
    revoke,
    revoke_impact,
    write_fields,
    write_summary,
)
from uncounted.vault.claims import ClaimRow, insert_claim, list_claims
from uncounted.vault.clock import now
from uncounted.vault.database import (
    DatabaseLocked,
    VaultBusy,
    rows_where_in,
    transaction,
    write_stamp,
)
from uncounted.vault.drafts import Draft, discard_draft, load_draft, save_draft
from uncounted.vault.evidence_store import (
    CustodyEvent,
    DescribedItem,
    Description,
    EmptyEvidence,
    EvidenceItem,
    EvidenceNotFound,
    UnreadableEvidenceFile,
    checked_recipient,
    custody_chain,
    described_items,
    ensure_working_copy,
    hand_over,
    package_contents,
    record_custody,
    require_grant,
    seal_to_cases,
)
from uncounted.vault.evidence_store import add_chunks as add_evidence_chunks
from uncounted.vault.evidence_store import add_file as add_evidence_file
from uncounted.vault.evidence_store import added_by as evidence_added_by
from uncounted.vault.evidence_store import get_item as get_evidence
from uncounted.vault.evidence_store import keep_listed_files as keep_report_files
from uncounted.vault.evidence_store import list_items as list_evidence
from uncounted.vault.evidence_store import read_content as read_evidence
from uncounted.vault.evidence_store import read_metadata as read_evidence_metadata
from uncounted.vault.evidence_store import (
    read_metadata_recorded_by_caller as read_evidence_metadata_recorded_by_caller,
)
from uncounted.vault.evidence_store import read_thumbnail as read_evidence_thumbnail
from uncounted.vault.evidence_store import view as view_evidence
from uncounted.vault.field_counts import FieldCounts, field_counts, records_stamp
from uncounted.vault.import_log import (
    AlreadyImported,
    PreviousImport,
    check_new,
    log_import,
    named_imports,
    seal_name,
    stored_ids,
)
from uncounted.vault.import_mappings import save_mapping as save_import_mapping
from uncounted.vault.import_mappings import saved_date_order as saved_import_date_order
from uncounted.vault.import_mappings import saved_mapping as saved_import_mapping
from uncounted.vault.keyring import check_new_passphrase, passphrase_strength
from uncounted.vault.layout import VaultLayout, VaultNotFound
from uncounted.vault.ledger_store import (
    LogCheck,
    LogKeyUnavailable,
    StoredWitness,
    add_cosignatures,
    check_anchors,
    check_log,
    log_public_key,
    set_witness_sizes,
    sign_head,
)
from uncounted.vault.ledger_store import add_witness as add_ledger_witness
from uncounted.vault.ledger_store import checkpoint_at as ledger_checkpoint_at
from uncounted.vault.ledger_store import tree as ledger_tree
from uncounted.vault.ledger_store import witnesses as ledger_witnesses
from uncounted.vault.lifecycle import (
    NoKeysOnDevice,
    ResetRefused,
    SamePassphrase,
    UserDeactivated,
    VaultExists,
    WrongCurrentPassphrase,
    WrongPassphrase,
    WrongRecoverySecret,
    change_passphrase,
    create_vault,
    default_user,
    must_change_passphrase,
    panic,
    prepare_sign_in,
    recover_access,
    reset_passphrase,
    set_duress,
    still_on_device,
    unlock,
    user_names,
)
from uncounted.vault.listings import EventFilter, EventRow, SourceRow, list_events, list_sources
from uncounted.vault.panic_setting import BadPanicAfter
from uncounted.vault.panic_setting import store as store_panic_after
from uncounted.vault.panic_setting import stored as stored_panic_after
from uncounted.vault.permissions import (
    ROLE_NAMES,
    Action,
    NotPermitted,
    Role,
    UnknownRole,
    allowed,
    parse_role,
)
from uncounted.vault.records import (
    MOST_COUNTED,
    Found,
    RecordDraft,
    RecordFilter,
    RecordNotFound,
    RecordView,
    count_records,
    find_records,
    get_record,
    insert_records,
    list_records,
    next_testimony_number,
    search_left,
    search_rows,
    search_stamp,
)
from uncounted.vault.register import (
    Change,
    ChangeNotFound,
    LinkageOutcome,
    PeopleCounts,
    Person,
    PersonNotFound,
    PersonRecord,
    RegisterChangeRefused,
    VictimMention,
    apply_linkage,
    person_of_record,
    unplaced_out_of_reach,
    unplaced_records,
    victim_mentions,
)
from uncounted.vault.register import change as register_change
from uncounted.vault.register import changes as register_changes
from uncounted.vault.register import confirm as confirm_person
from uncounted.vault.register import counts as people_counts
from uncounted.vault.register import history as person_history
from uncounted.vault.register import merge as merge_people
from uncounted.vault.register import people as register_people
from uncounted.vault.register import person as register_person
from uncounted.vault.register import split as split_person
from uncounted.vault.register import stamp as register_stamp
from uncounted.vault.register import undo as undo_change
from uncounted.vault.revisions import (
    RecordWithdrawn,
    Revision,
    Withdrawal,
    withdrawal_impact,
)
from uncounted.vault.revisions import changes as revision_changes
from uncounted.vault.revisions import count_withdrawn as count_withdrawn_records
from uncounted.vault.revisions import edit_form as edit_draft_form
from uncounted.vault.revisions import history as record_history
from uncounted.vault.revisions import revise as revise_records
from uncounted.vault.revisions import withdraw as withdraw_record
from uncounted.vault.session import UserRow, VaultSession
from uncounted.vault.sign_in_failures import note as note_failed_sign_in
from uncounted.vault.totp import (
    SecondFactorAlreadyOn,
    SecondFactorOff,
    WrongCode,
    WrongPassphraseForChange,
)
from uncounted.vault.totp import check as totp_check
from uncounted.vault.totp import disable as totp_disable
from uncounted.vault.totp import enable as totp_enable
from uncounted.vault.totp import enable_unconfirmed as totp_enable_unconfirmed
from uncounted.vault.totp import is_on as totp_is_on
from uncounted.vault.totp import new_secret as totp_new_secret
from uncounted.vault.totp import provisioning_uri as totp_provisioning_uri
from uncounted.vault.totp import reset as totp_reset
from uncounted.vault.totp import users_with_codes as totp_users
from uncounted.vault.users import (
    BadUserName,
    RoleChangeRefused,
    UserExists,
    UserNotFound,
    add_user,
    change_role,
    deactivated_users,
    list_users,
    reactivate_user,
    user_named_by,
)

__all__ = [
    "HISTORIES",
    "LEFT_OUT",
    "MOST_COUNTED",
    "NOT_GRANTED",
    "ROLE_NAMES",
    "SEEN",
    "SHARING_NO_ONE",
    "Action",
    "AlreadyImported",
    "AuditEntry",
    "AuditFilter",
    "BackupDamaged",
    "BackupNotFound",
    "BackupSummary",
    "BadCaseName",
    "BadPanicAfter",
    "BadUserName",
    "CannotDeactivate",
    "CaseDetails",
    "CaseFields",
    "CaseInfo",
    "CaseNotFound",
    "Change",
    "ChangeNotFound",
    "ClaimRow",
    "CustodyEvent",
    "DatabaseLocked",
    "Deactivated",
    "DescribedItem",
    "Description",
    "Draft",
    "EmptyEvidence",
    "EventFilter",
    "EventRow",
    "EvidenceFileMissing",
    "EvidenceItem",
    "EvidenceNotFound",
    "FieldCounts",
    "Found",
    "Headline",
    "LastHolder",
    "LeftOutList",
    "LinkDecision",
    "LinkageOutcome",
    "LogCheck",
    "LogKeyUnavailable",
    "NoKeysOnDevice",
    "NotGranted",
    "NotPermitted",
    "OldBackupFormat",
    "PageReads",
    "PartialRunRefused",
    "PeopleCounts",
    "Person",
    "PersonNotFound",
    "PersonRecord",
    "PreviousImport",
    "Progress",
    "RecordDraft",
    "RecordFilter",
    "RecordKey",
    "RecordNotFound",
    "RecordView",
    "RecordWithdrawn",
    "RegisterChangeRefused",
    "RemovalImpact",
    "ResetRefused",
    "ResultNotFound",
    "Revision",
    "RevokeImpact",
    "Role",
    "RoleChangeRefused",
    "SamePassphrase",
    "SecondFactorAlreadyOn",
    "SecondFactorOff",
    "SourceRow",
    "StoredResult",
    "StoredWitness",
    "UnknownRole",
    "UnreadableEvidenceFile",
    "UserDeactivated",
    "UserExists",
    "UserNotFound",
    "UserRow",
    "VaultBusy",
    "VaultChangedDuringBackup",
    "VaultExists",
    "VaultLayout",
    "VaultNotFound",
    "VaultSession",
    "VictimMention",
    "Withdrawal",
    "WrongCode",
    "WrongCurrentPassphrase",
    "WrongPassphrase",
    "WrongPassphraseForChange",
    "WrongRecoverySecret",
    "add_cosignatures",
    "add_evidence_chunks",
    "add_evidence_file",
    "add_ledger_witness",
    "add_user",
    "allowed",
    "apply_linkage",
    "audit_as_seen_by",
    "audit_records_by_pseudonym",
    "case_details",
    "case_given",
    "case_named_by",
    "change_passphrase",
    "change_role",
    "check_anchors",
    "check_case_name",
    "check_log",
    "check_new",
    "check_new_passphrase",
    "checked_recipient",
    "confirm_person",
    "count_records",
    "count_withdrawn_records",
    "create_case",
    "create_vault",
    "custody_chain",
    "deactivate_user",
    "deactivated_users",
    "decisions",
    "default_user",
    "described_items",
    "discard_draft",
    "edit_draft_form",
    "ensure_working_copy",
    "evidence_added_by",
    "field_counts",
    "find_records",
    "gather_page_reads",
    "get_evidence",
    "get_record",
    "grant",
    "grant_remedy",
    "grant_with_recovery",
    "hand_over",
    "headline",
    "held_key",
    "insert_claim",
    "insert_records",
    "keep_report_files",
    "latest_result",
    "ledger_checkpoint_at",
    "ledger_tree",
    "ledger_witnesses",
    "list_cases",
    "list_claims",
    "list_events",
    "list_evidence",
    "list_records",
    "list_sources",
    "list_users",
    "load_draft",
    "log_import",
    "log_public_key",
    "merge_people",
    "must_change_passphrase",
    "named_imports",
    "next_testimony_number",
    "not_held",
    "note_failed_sign_in",
    "now",
    "package_contents",
    "panic",
    "parse_role",
    "passphrase_strength",
    "people_counts",
    "person_history",
    "person_of_record",
    "prepare_sign_in",
    "publish_result",
    "reactivate_user",
    "read_evidence",
    "read_evidence_metadata",
    "read_evidence_metadata_recorded_by_caller",
    "read_evidence_thumbnail",
    "record_audit",
    "record_custody",
    "record_history",
    "record_sign_in",
    "records_after",
    "records_seen",
    "records_stamp",
    "recover_access",
    "register_change",
    "register_changes",
    "register_people",
    "register_person",
    "register_stamp",
    "removal_impact",
    "remove_user",
    "require_case",
    "require_grant",
    "reset_passphrase",
    "restore_backup",
    "revise_records",
    "revision_changes",
    "revoke",
    "revoke_impact",
    "rows_where_in",
    "save_decision",
    "save_draft",
    "save_import_mapping",
    "save_result",
    "saved_import_date_order",
    "saved_import_mapping",
    "seal_name",
    "seal_to_cases",
    "search_left",
    "search_rows",
    "search_stamp",
    "set_duress",
    "set_witness_sizes",
    "sign_head",
    "split_person",
    "still_on_device",
    "stop_gathering",
    "store_panic_after",
    "stored_ids",
    "stored_panic_after",
    "stored_result",
    "stored_results",
    "stream_backup",
    "totp_check",
    "totp_disable",
    "totp_enable",
    "totp_enable_unconfirmed",
    "totp_is_on",
    "totp_new_secret",
    "totp_provisioning_uri",
    "totp_reset",
    "totp_users",
    "trail_size",
    "transaction",
    "undo_change",
    "unlock",
    "unplaced_out_of_reach",
    "unplaced_records",
    "user_named_by",
    "user_names",
    "vault_trail",
    "victim_mentions",
    "view_evidence",
    "withdraw_record",
    "withdrawal_impact",
    "write_backup",
    "write_fields",
    "write_stamp",
    "write_summary",
]
